import Foundation
@testable import Learning
import XCTest

/// Vector quantisation and lookups: rows gathered from a table, the straight-through gradient,
/// nearest codes and the codebook's update.
final class QuantizationTests: XCTestCase {
    func testGatherRowsAndStraightThroughGradients() {
        let table = parameter([5, 3], seed: 49)
        assertGradientsMatch([table]) { gatherRows(table, [4, 0, 4, 2]) }
        let continuous = parameter([2, 3], seed: 50)
        let quantized = data([2, 3], seed: 51)
        (straightThrough(continuous, quantized: quantized) * data([2, 3], seed: 52)).sum().backward()
        XCTAssertEqual(continuous.gradient!, data([2, 3], seed: 52).scalars, "the gradient passes straight through")
        XCTAssertEqual(straightThrough(continuous, quantized: quantized).scalars, quantized.scalars, "the value is the quantised one")
    }

    func testNearestCodesAndCodebookUpdate() {
        var generator = SeededGenerator(seed: 53)
        let quantizer = VectorQuantizer(entries: 3, width: 2, decay: 0, using: &generator)
        quantizer.codebook.assign([0, 0, 10, 0, 0, 10])
        quantizer.clusterSize.assign([5, 5, 5])  // all alive: no restarts in this test
        let z = Tensor(shape: [4, 2], scalars: [1, 1, 9, 1, 0, 8, 11, -1])
        let indices = nearestCodes(z, codebook: quantizer.codebook)
        XCTAssertEqual(indices, [0, 1, 2, 1])
        quantizer.updateCodebook(z, indices: indices)  // decay 0: each entry jumps to its cluster mean
        XCTAssertEqual(quantizer.codebook.scalars.map { ($0 * 100).rounded() / 100 }, [1, 1, 10, 0, 0, 8])
        // An entry nobody chooses dies and restarts at one of the batch's vectors.
        let revived = VectorQuantizer(entries: 2, width: 2, decay: 0.5, using: &generator)
        revived.codebook.assign([0, 0, 100, 100])
        revived.clusterSize.assign([5, 0])
        revived.updateCodebook(z, indices: [0, 0, 0, 0])
        let second = Array(revived.codebook.scalars[2...])
        XCTAssertTrue(stride(from: 0, to: 8, by: 2).contains { abs(z.data[$0] - second[0]) < 1e-3 && abs(z.data[$0 + 1] - second[1]) < 1e-3 }, "\(second)")
        XCTAssertEqual(VectorQuantizer.perplexity([0, 1, 2, 1], entries: 3), exp(-(0.25 * log(0.25) * 2 + 0.5 * log(0.5))), accuracy: 1e-9)
        let (quantized, chosen, commitment) = quantizer(z)
        XCTAssertEqual(chosen, indices)
        XCTAssertEqual(quantized.shape, [4, 2])
        XCTAssertGreaterThan(commitment.item, 0)
    }
}
