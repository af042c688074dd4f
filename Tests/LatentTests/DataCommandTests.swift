import Datasets
import Foundation
import XCTest

/// `latent data` end to end: good files print a summary, bad ones one line naming the file, exit ≠ 0.
final class DataCommandTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "latent-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let images = [UInt8](repeating: 9, count: 3 * 784)
        for prefix in ["train", "t10k"] {
            try Data(IDXFile.encode(magic: IDXFile.imagesMagic, dimensions: [3, 28, 28], values: images))
                .write(to: URL(fileURLWithPath: "\(directory!)/\(prefix)-images-idx3-ubyte"))
            try Data(IDXFile.encode(magic: IDXFile.labelsMagic, dimensions: [3], values: [4, 4, 1]))
                .write(to: URL(fileURLWithPath: "\(directory!)/\(prefix)-labels-idx1-ubyte"))
        }
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func testPrintsCountsAndHistogram() throws {
        let result = try CommandRunner.latent(["data", "--data-directory", directory])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("MNIST train: 3 images, labels 0 1 0 0 2 0 0 0 0 0"), result.standardOutput)
    }

    func testCorruptFileIsOneLineNamingTheFile() throws {
        let labels = "\(directory!)/t10k-labels-idx1-ubyte"
        try Data(IDXFile.encode(magic: IDXFile.labelsMagic, dimensions: [3], values: [4, 4])).write(to: URL(fileURLWithPath: labels))
        let result = try CommandRunner.latent(["data", "--data-directory", directory])
        XCTAssertNotEqual(result.status, 0)
        let lines = result.standardError.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains(labels), result.standardError)
        XCTAssertTrue(result.standardError.contains("truncated"), result.standardError)
    }

    func testAFolderWhereAFileShouldBeIsOneLineAndExitOne() throws {
        let images = "\(directory!)/t10k-images-idx3-ubyte"
        try FileManager.default.removeItem(atPath: images)
        try FileManager.default.createDirectory(atPath: images, withIntermediateDirectories: true)
        let result = try CommandRunner.latent(["data", "--data-directory", directory])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError.split(separator: "\n").count, 1, result.standardError)
        XCTAssertTrue(result.standardError.contains("\(images): cannot be read (it is a folder, not a file)"), result.standardError)
    }
}

/// A chapter program given a bad flag says so and exits with EX_USAGE (64), by the error's case.
final class ChapterUsageTests: XCTestCase {
    func testUnknownFlagExitsWithUsageStatus() throws {
        let process = Process()
        process.executableURL = CommandRunner.executable.deletingLastPathComponent().appendingPathComponent("DemoChapter")
        process.arguments = ["--no-such-flag"]
        let error = Pipe()
        process.standardError = error
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 64)
        XCTAssertTrue(message.contains("unknown option '--no-such-flag'"), message)
    }
}
