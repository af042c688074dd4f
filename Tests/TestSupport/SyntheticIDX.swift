import Datasets
import Foundation

/// Tiny MNIST-shaped datasets the tests write themselves: 28×28 images and their labels as IDX
/// files named as the real ones (`train-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, …).
public enum SyntheticIDX {
    /// The side of every image.
    public static let side = 28

    /// Writes one split, `<prefix>-images-idx3-ubyte` and `<prefix>-labels-idx1-ubyte`, into
    /// `folder`: `count` images whose pixel at (`row`, `column`) of image `index` is
    /// `pixel(index, row, column)`, with labels `label(index)`.
    public static func writeSplit(into folder: String, prefix: String, count: Int,
                                  pixel: (_ index: Int, _ row: Int, _ column: Int) -> UInt8,
                                  label: (_ index: Int) -> UInt8 = { UInt8($0 % 10) }) throws {
        var images: [UInt8] = []
        images.reserveCapacity(count * side * side)
        for index in 0..<count {
            for row in 0..<side {
                for column in 0..<side { images.append(pixel(index, row, column)) }
            }
        }
        try Data(IDXFile.encode(magic: IDXFile.imagesMagic, dimensions: [count, side, side], values: images))
            .write(to: URL(fileURLWithPath: "\(folder)/\(prefix)-images-idx3-ubyte"))
        try Data(IDXFile.encode(magic: IDXFile.labelsMagic, dimensions: [count], values: (0..<count).map(label)))
            .write(to: URL(fileURLWithPath: "\(folder)/\(prefix)-labels-idx1-ubyte"))
    }

    /// Writes a training split of `train` images and a test split of `test` images into `folder`
    /// (made if missing), drawn by the same `pixel` and `label`.
    public static func writeSplits(into folder: String, train: Int, test: Int,
                                   pixel: (_ index: Int, _ row: Int, _ column: Int) -> UInt8,
                                   label: (_ index: Int) -> UInt8 = { UInt8($0 % 10) }) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try writeSplit(into: folder, prefix: "train", count: train, pixel: pixel, label: label)
        try writeSplit(into: folder, prefix: "t10k", count: test, pixel: pixel, label: label)
    }
}
