import Datasets
import Foundation
import XCTest

/// `latent bench` end to end on a few made-up images: both models train an epoch and report what
/// the README's comparisons read from the JSON.
final class BenchCommandTests: XCTestCase {
    var directory: String!

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "latent-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // 70 training and 20 test images: a bar whose row depends on the label, so the patches vary.
        for (prefix, count) in [("train", 70), ("t10k", 20)] {
            var images = [UInt8](repeating: 0, count: count * 784)
            let labels = (0..<count).map { UInt8($0 % 10) }
            for (index, label) in labels.enumerated() {
                for x in 4..<24 { images[index * 784 + (4 + 2 * Int(label)) * 28 + x] = 255 }
            }
            try Data(IDXFile.encode(magic: IDXFile.imagesMagic, dimensions: [count, 28, 28], values: images))
                .write(to: URL(fileURLWithPath: "\(directory!)/\(prefix)-images-idx3-ubyte"))
            try Data(IDXFile.encode(magic: IDXFile.labelsMagic, dimensions: [count], values: labels))
                .write(to: URL(fileURLWithPath: "\(directory!)/\(prefix)-labels-idx1-ubyte"))
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
