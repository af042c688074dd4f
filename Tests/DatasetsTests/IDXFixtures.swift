import Datasets
import Foundation
import TestSupport

/// Small IDX files written by the tests themselves, in a fresh temporary folder per test.
struct IDXFixtures {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "latent-idx-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    func path(_ name: String) -> String { directory + "/" + name }

    /// `count` 28×28 images whose pixel (r, c) of image i is (i + r + c) % 256, labels i % 10.
    static func images(count: Int) -> [UInt8] {
        var pixels: [UInt8] = []
        for image in 0..<count {
            for pixel in 0..<784 {
                let level: Int = (image + pixel / 28 + pixel % 28) % 256
                pixels.append(UInt8(level))
            }
        }
        return pixels
    }

    /// Writes a consistent train and test split, `count` images each.
    func writeSplits(count: Int = 5, gzip: Bool = false) throws {
        try SyntheticIDX.writeSplits(into: directory, train: count, test: count) { image, row, column in UInt8((image + row + column) % 256) }
        guard gzip else { return }
        for prefix in ["train", "t10k"] {
            for name in ["\(prefix)-images-idx3-ubyte", "\(prefix)-labels-idx1-ubyte"] { try write(name, try read(name), gzip: true) }
        }
    }

    /// Writes `bytes` to `name` (gzip-compressed to `name.gz` when asked).
    func write(_ name: String, _ bytes: [UInt8], gzip: Bool = false) throws {
        let target = path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: target))
        if gzip {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/gzip")
            process.arguments = ["-f", "-n", target]
            try process.run()
            process.waitUntilExit()
        }
    }

    func read(_ name: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path(name)))) }
}
