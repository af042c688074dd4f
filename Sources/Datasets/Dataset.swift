import Foundation
import Integrity

/// Which half of a dataset: the 60,000 training images or the 10,000 held-out test images.
public enum Split: String, CaseIterable, Sendable {
    case train
    case test

    /// The IDX file-name prefix MNIST-style datasets use for this split.
    var filePrefix: String { self == .train ? "train" : "t10k" }
}

/// A description of an image-classification dataset in MNIST's format: what the chapters and
/// figures need to know about it before (and besides) loading any pixels.
public struct Dataset: Sendable, Equatable {
    /// Short name used on the command line and in paths (`mnist`, `fashion-mnist`).
    public let name: String
    /// Name for people (`MNIST`, `Fashion-MNIST`).
    public let title: String
    /// Human names of the classes, indexed by label.
    public let classNames: [String]
    /// Images are square, `imageSide × imageSide` grey-levels.
    public let imageSide: Int
    /// Where `make data` leaves the IDX files (relative paths are relative to the project root).
    public let defaultDirectory: String

    public var pixelsPerImage: Int { imageSide * imageSide }

    public static let mnist = Dataset(
        name: "mnist", title: "MNIST",
        classNames: (0...9).map(String.init), imageSide: 28, defaultDirectory: "data/mnist"
    )

    public static let fashionMNIST = Dataset(
        name: "fashion-mnist", title: "Fashion-MNIST",
        classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        imageSide: 28, defaultDirectory: "/usr/share/datasets/fashion-mnist"
    )

    public static let all: [Dataset] = [.mnist, .fashionMNIST]

    /// The dataset called `name`, or an error listing the known names.
    public static func named(_ name: String) throws -> Dataset {
        guard let dataset = all.first(where: { $0.name == name }) else {
            throw DatasetError.unknownDataset(name: name, known: all.map(\.name))
        }
        return dataset
    }

    /// The image and label files of `split` in `directory`: the plain IDX name if it exists,
    /// otherwise its `.gz` twin (which is also the name reported when neither exists).
    public func files(for split: Split, in directory: String? = nil) -> (images: String, labels: String) {
        let folder = directory ?? defaultDirectory
        func locate(_ base: String) -> String {
            let plain = (folder as NSString).appendingPathComponent(base)
            return FileManager.default.fileExists(atPath: plain) ? plain : plain + ".gz"
        }
        return (locate("\(split.filePrefix)-images-idx3-ubyte"), locate("\(split.filePrefix)-labels-idx1-ubyte"))
    }

    /// Loads and validates one split. Every fault is a `DatasetError` naming the file.
    public func load(_ split: Split, from directory: String? = nil) throws -> LabelledImages {
        let paths = files(for: split, in: directory)
        let images = try IDXFile(path: paths.images, expectedMagic: IDXFile.imagesMagic)
        let labels = try IDXFile(path: paths.labels, expectedMagic: IDXFile.labelsMagic)
        guard images.dimensions.count == 3, images.dimensions[1] == imageSide, images.dimensions[2] == imageSide else {
            let rows = images.dimensions.count > 1 ? images.dimensions[1] : 0
            let columns = images.dimensions.count > 2 ? images.dimensions[2] : 0
            throw DatasetError.unexpectedImageSize(path: paths.images, rows: rows, columns: columns, expected: imageSide)
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw DatasetError.countMismatch(
                imagesPath: paths.images, images: images.dimensions[0], labelsPath: paths.labels, labels: labels.dimensions[0]
            )
        }
        if let bad = labels.values.firstIndex(where: { Int($0) >= classNames.count }) {
            throw DatasetError.labelOutOfRange(path: paths.labels, index: bad, label: labels.values[bad], classes: classNames.count)
        }
        return LabelledImages(dataset: self, split: split, pixels: images.values, labels: labels.values)
    }

    /// SHA-256 over the four data files as stored (a run record names the exact data it used).
    public func fingerprint(in directory: String? = nil) throws -> String {
        var hasher = SHA256()
        for split in Split.allCases {
            let paths = files(for: split, in: directory)
            for path in [paths.images, paths.labels] {
                // In pieces of 4 MB, so hashing never holds a whole file.
                let handle = FileHandle(fileDescriptor: try IDXFile.openRegularFile(path), closeOnDealloc: true)
                do {
                    while let piece = try handle.read(upToCount: 1 << 22), !piece.isEmpty {
                        piece.withUnsafeBytes { hasher.update(buffer: $0) }
                    }
                } catch {
                    throw DatasetError.unreadable(path: path, reason: error.localizedDescription)
                }
            }
        }
        return hasher.hexDigest()
    }
}
