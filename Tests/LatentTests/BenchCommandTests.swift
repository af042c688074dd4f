import Datasets
import Foundation
import TestSupport
import XCTest

/// `latent bench` end to end on a few made-up images: both models train an epoch and report what
/// the README's comparisons read from the JSON.
final class BenchCommandTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "latent-bench-\(UUID().uuidString)"
        // 70 training and 20 test images: a bar whose row depends on the label, so the patches vary.
        try SyntheticIDX.writeSplits(into: directory, train: 70, test: 20) { index, row, column in
            row == 4 + 2 * (index % 10) && (4..<24).contains(column) ? 255 : 0
        }
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    private func report(_ arguments: [String]) throws -> [String: Any] {
        let result = try CommandRunner.latent(["bench", "--epochs", "1", "--json", "--data-directory", directory] + arguments)
        XCTAssertEqual(result.status, 0, result.standardError)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any], result.standardOutput)
    }

    func testPriorBenchTrainsAnEpochAndSplitsItsFloor() throws {
        let json = try report(["--model", "prior"])
        XCTAssertEqual(json["model"] as? String, "prior")
        XCTAssertEqual(json["loss_unit"] as? String, "nats per token")
        let epoch = try XCTUnwrap((json["epochs"] as? [[String: Any]])?.first)
        let trainLoss = try XCTUnwrap(epoch["train_loss"] as? Double), testLoss = try XCTUnwrap(epoch["test_loss"] as? Double)
        // A uniform guess among 64 tokens costs log 64 ≈ 4.16 nats; two steps of Adam already do better on bars.
        XCTAssertTrue(trainLoss.isFinite && testLoss.isFinite && testLoss < Foundation.log(64.0), "train \(trainLoss), test \(testLoss)")
        let parts = try XCTUnwrap(json["gemm_parts"] as? [String: Double])
        XCTAssertEqual(Set(parts.keys), ["affine", "attention"])
        let floor = try XCTUnwrap(json["gemm_seconds"] as? Double)
        XCTAssertEqual(floor, parts.values.reduce(0, +), accuracy: 1e-9)
    }

    func testNoFloorSkipsTheProductsAloneAndTheVAEIsStillTheDefault() throws {
        let json = try report(["--no-floor"])
        XCTAssertEqual(json["model"] as? String, "vae")
        XCTAssertNil(json["gemm_seconds"], "--no-floor must not time the floor")
    }

    func testUnknownModelIsAUsageError() throws {
        let result = try CommandRunner.latent(["bench", "--model", "gpt", "--data-directory", directory])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.standardError.contains("gpt"), result.standardError)
    }
}
