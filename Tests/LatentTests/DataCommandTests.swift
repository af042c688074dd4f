import Datasets
import Foundation
import TestSupport
import XCTest

/// `latent data` end to end: good files print a summary, bad ones one line naming the file, exit ≠ 0.
final class DataCommandTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "latent-cli-\(UUID().uuidString)"
        let labels: [UInt8] = [4, 4, 1]
        try SyntheticIDX.writeSplits(into: directory, train: 3, test: 3, pixel: { _, _, _ in 9 }, label: { labels[$0] })
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
