import Datasets
import Foundation
import TestSupport
import XCTest

/// Runs on the real files when `make data` has put them in place; skipped with a reason otherwise.
final class RealDataSmokeTests: XCTestCase {
    /// The project root, found from this file's path, so the test works from any working directory.
    static let root = ProjectRoot.path

    func testMNISTSplitsHaveOfficialCounts() throws {
        let directory = RealDataSmokeTests.root + "/data/mnist"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: directory + "/.verified"), "data/mnist is absent: run `make data` to include this test")
        let train = try Dataset.mnist.load(.train, from: directory)
        let test = try Dataset.mnist.load(.test, from: directory)
        XCTAssertEqual(train.count, 60_000)
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual(train.labelHistogram(), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949])
        XCTAssertEqual(test.labelHistogram(), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
        XCTAssertEqual(test.labels[0], 7, "the first test digit is the famous seven")
        XCTAssertEqual(test.image(at: 0).reduce(0) { $0 + Int($1) }, 18_454)
    }

    func testFashionMNISTFromDebianPackage() throws {
        let directory = Dataset.fashionMNIST.defaultDirectory
        try XCTSkipUnless(FileManager.default.fileExists(atPath: directory), "dataset-fashion-mnist is not installed")
        let test = try Dataset.fashionMNIST.load(.test)
        XCTAssertEqual(test.count, 10_000)
        XCTAssertEqual(test.labelHistogram(), [Int](repeating: 1000, count: 10))
    }
}
