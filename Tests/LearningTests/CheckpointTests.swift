import Foundation
@testable import Learning
import XCTest

/// Checkpoints round-trip bit for bit, and every kind of damage is a clear error.
final class CheckpointTests: XCTestCase {
    var path: String!

    override func setUp() { path = NSTemporaryDirectory() + "latent-checkpoint-\(UUID().uuidString)/model.ckpt" }
    override func tearDown() { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }

    func makeTensors(seed: UInt64) -> [(name: String, tensor: Tensor)] {
        var generator = SeededGenerator(seed: seed)
        return [
            ("encoder.weight", Tensor.randomUniform([4, 3], in: -1...1, requiresGradient: true, using: &generator)),
            ("encoder.bias", Tensor.randomUniform([3], in: -1...1, requiresGradient: true, using: &generator)),
            ("odd values", Tensor(shape: [4], scalars: [.nan, -0.0, .infinity, .leastNonzeroMagnitude])),
        ]
    }

    func testRoundTripIsBitExact() throws {
        let saved = makeTensors(seed: 1)
        try Checkpoint.save(saved, to: path)
        let restored = makeTensors(seed: 2)
        try Checkpoint.load(into: restored, from: path)
        for (original, copy) in zip(saved, restored) {
            XCTAssertEqual(original.tensor.scalars.map(\.bitPattern), copy.tensor.scalars.map(\.bitPattern), original.name)
        }
    }

    func testAdamStateRoundTripsWithTheModel() throws {
        let p = Tensor(shape: [2], scalars: [1, 2], requiresGradient: true)
        let optimizer = Adam(parameters: [("p", p)])
        (p * p).sum().backward()
        optimizer.update()
        try Checkpoint.save([("p", p)] + optimizer.namedState, to: path)
        let q = Tensor(zeros: [2], requiresGradient: true)
        let restored = Adam(parameters: [("p", q)])
        try Checkpoint.load(into: [("p", q)] + restored.namedState, from: path)
        XCTAssertEqual(restored.steps, 1)
        XCTAssertEqual(q.scalars, p.scalars)
        XCTAssertEqual(restored.namedState.map { $0.tensor.scalars }, optimizer.namedState.map { $0.tensor.scalars })
    }

    private func damage(_ change: (inout [UInt8]) -> Void) throws {
        try Checkpoint.save(makeTensors(seed: 1), to: path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private func assertLoadFails(_ expected: LearningError, into tensors: [(name: String, tensor: Tensor)]? = nil, line: UInt = #line) {
        let targets = tensors ?? makeTensors(seed: 3)
        let before = targets.map { $0.tensor.scalars.map(\.bitPattern) }
        XCTAssertThrowsError(try Checkpoint.load(into: targets, from: path), line: line) { error in
            XCTAssertEqual(error as? LearningError, expected, line: line)
        }
        XCTAssertEqual(targets.map { $0.tensor.scalars.map(\.bitPattern) }, before, "a failed load changes nothing", line: line)
    }

    func testMissingFile() { assertLoadFails(.checkpointMissing(path: path)) }

    func testWrongMagic() throws {
        try damage { $0[0] = UInt8(ascii: "X") }
        assertLoadFails(.checkpointWrongMagic(path: path))
    }

    func testUnsupportedVersion() throws {
        try damage { $0[8] = 9 }
        assertLoadFails(.checkpointUnsupportedVersion(path: path, found: 9, supported: 1))
    }

    func testFlippedBitFailsTheChecksum() throws {
        try damage { $0[60] ^= 0x01 }
        assertLoadFails(.checkpointChecksumMismatch(path: path))
    }

    func testTruncatedFile() throws {
        try damage { $0.removeLast(100) }
        XCTAssertThrowsError(try Checkpoint.load(into: makeTensors(seed: 3), from: path)) { error in
            let fault = error as? LearningError
            XCTAssertTrue(fault == .checkpointChecksumMismatch(path: path) || fault == .checkpointTruncated(path: path), "\(error)")
        }
        try damage { $0 = Array($0.prefix(10)) }
        assertLoadFails(.checkpointTruncated(path: path))
    }

    func testShapeMismatchNamesTheTensor() throws {
        try Checkpoint.save(makeTensors(seed: 1), to: path)
        let wrong: [(name: String, tensor: Tensor)] = [("encoder.weight", Tensor(zeros: [3, 4]))]
        assertLoadFails(.checkpointShapeMismatch(path: path, name: "encoder.weight", stored: [4, 3], expected: [3, 4]), into: wrong)
        XCTAssertTrue("\(LearningError.checkpointShapeMismatch(path: "f", name: "encoder.weight", stored: [4, 3], expected: [3, 4]))".contains("encoder.weight"))
    }

    func testMissingTensorIsNamed() throws {
        try Checkpoint.save(makeTensors(seed: 1), to: path)
        assertLoadFails(.checkpointMissingTensor(path: path, name: "decoder.bias"), into: [("decoder.bias", Tensor(zeros: [3]))])
    }

    func testSaveLeavesNoTemporaryFiles() throws {
        try Checkpoint.save(makeTensors(seed: 1), to: path)
        try Checkpoint.save(makeTensors(seed: 2), to: path)
        let folder = (path as NSString).deletingLastPathComponent
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["model.ckpt"])
    }
}
