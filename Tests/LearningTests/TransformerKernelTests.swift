@testable import Learning
import XCTest

/// The C kernels behind layer norm and attention (CKernels/layer_norm.c, causal_attention.c, attention_head.c) against
/// the formulas written as plain loops in Double, on the shapes that take each of their paths:
/// heads of exactly one block of 16 columns, of fewer, and of more (padded to two); sequences that
/// fill their last block of 8 rows or 16 positions and ones that do not; a single position; rows
/// whose width is not a multiple of 16.
final class TransformerKernelTests: XCTestCase {
    /// Causal attention as the textbook writes it: P = softmax(QKᵀ/√dₕ, j ≤ i), O = P V.
    private func referenceAttention(_ qkv: Tensor, batch: Int, sequence: Int, heads: Int) -> (output: [Double], probabilities: [Double]) {
        let width = qkv.columns / 3, d = width / heads, stride = qkv.columns
        var output = [Double](repeating: 0, count: batch * sequence * width)
        var probabilities = [Double](repeating: 0, count: batch * heads * sequence * sequence)
        let value = { (row: Int, column: Int) in Double(qkv[row, column]) }
        for b in 0..<batch {
            for h in 0..<heads {
                for i in 0..<sequence {
                    let scores = (0...i).map { j in
                        (0..<d).reduce(0.0) { $0 + value(b * sequence + i, h * d + $1) * value(b * sequence + j, width + h * d + $1) }
                            / Double(d).squareRoot()
                    }
                    let largest = scores.max()!
                    let weights = scores.map { Foundation.exp($0 - largest) }
                    let total = weights.reduce(0, +)
                    for j in 0...i {
                        let p = weights[j] / total
                        probabilities[((b * heads + h) * sequence + i) * sequence + j] = p
                        for l in 0..<d { output[(b * sequence + i) * width + h * d + l] += p * value(b * sequence + j, 2 * width + h * d + l) }
                    }
                }
            }
        }
        _ = stride
        return (output, probabilities)
    }

    private func assertAttentionMatchesReference(batch: Int, sequence: Int, heads: Int, headWidth: Int, seed: UInt64,
                                                 file: StaticString = #filePath, line: UInt = #line) {
        let qkv = data([batch * sequence, 3 * heads * headWidth], seed: seed, range: -2...2)
        let expected = referenceAttention(qkv, batch: batch, sequence: sequence, heads: heads)
        let output = causalSelfAttention(qkv, batch: batch, sequence: sequence, heads: heads).scalars
        let probabilities = attentionProbabilities(qkv, batch: batch, sequence: sequence, heads: heads)
        let outputError = zip(output, expected.output).map { abs(Double($0) - $1) }.max()!
        let probabilityError = zip(probabilities, expected.probabilities).map { abs(Double($0) - $1) }.max()!
        XCTAssertLessThan(outputError, 1e-5, "output, heads of \(headWidth), \(sequence) positions", file: file, line: line)
        XCTAssertLessThan(probabilityError, 1e-6, "probabilities, heads of \(headWidth), \(sequence) positions", file: file, line: line)
    }

    func testAttentionMatchesTheFormulaOnEveryPath() {
        assertAttentionMatchesReference(batch: 3, sequence: 49, heads: 4, headWidth: 16, seed: 1)  // chapter 4's shape
        assertAttentionMatchesReference(batch: 2, sequence: 60, heads: 4, headWidth: 16, seed: 2)  // chapter 5's length
        assertAttentionMatchesReference(batch: 2, sequence: 70, heads: 2, headWidth: 18, seed: 3)  // wider heads, two spans
        assertAttentionMatchesReference(batch: 1, sequence: 1, heads: 1, headWidth: 3, seed: 4)   // one position sees itself
        assertAttentionMatchesReference(batch: 2, sequence: 64, heads: 2, headWidth: 16, seed: 5) // whole blocks, no padding
        assertAttentionMatchesReference(batch: 2, sequence: 8, heads: 2, headWidth: 32, seed: 6)  // one block of rows, two of columns
    }

    func testAttentionGradientsOnTheWideHeadPath() {
        let qkv = parameter([2 * 5, 3 * 2 * 18], seed: 5)
        assertGradientsMatch([qkv]) { causalSelfAttention(qkv, batch: 2, sequence: 5, heads: 2) }
    }

    func testAttentionGradientsWithHeadsOfOneWholeBlock() {
        // Chapter 4's heads of 16 columns, over 19 positions: two blocks of rows and one of 16
        // positions, padded.
        let qkv = parameter([19, 3 * 2 * 16], seed: 17, range: -0.5...0.5)
        assertGradientsMatch([qkv]) { causalSelfAttention(qkv, batch: 1, sequence: 19, heads: 2) }
    }

    func testAttentionGradientsBeyondOneSpanOfPositions() {
        let qkv = parameter([67, 3 * 4], seed: 6, range: -0.5...0.5)
        assertGradientsMatch([qkv]) { causalSelfAttention(qkv, batch: 1, sequence: 67, heads: 2) }
    }

    func testLayerNormMatchesTheFormulaOnRowsThatAreNotWholeBlocks() {
        let x = data([5, 70], seed: 7, range: -3...3), gain = data([70], seed: 8), bias = data([70], seed: 9)
        let y = layerNorm(x, gain: gain, bias: bias).scalars
        for row in 0..<5 {
            let values = (0..<70).map { Double(x[row, $0]) }
            let mean = values.reduce(0, +) / 70
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 70
            for j in 0..<70 {
                let expected = (values[j] - mean) / (variance + 1e-5).squareRoot() * Double(gain.scalars[j]) + Double(bias.scalars[j])
                XCTAssertEqual(Double(y[row * 70 + j]), expected, accuracy: 1e-5, "row \(row), column \(j)")
            }
        }
        let parameters = (parameter([3, 70], seed: 10, range: -2...2), parameter([70], seed: 11), parameter([70], seed: 12))
        assertGradientsMatch([parameters.0, parameters.1, parameters.2]) { layerNorm(parameters.0, gain: parameters.1, bias: parameters.2) }
    }

    func testBroadcastSumsAndTheirGradientsMatchPlainLoops() {
        // Large enough to be cut between threads: 300 rows of 70, a row broadcast over them.
        let a = parameter([300, 70], seed: 13), row = parameter([70], seed: 14)
        let sum = (a + row).scalars, difference = (a - row).scalars
        for i in stride(from: 0, to: 300 * 70, by: 997) {
            XCTAssertEqual(sum[i], a.scalars[i] + row.scalars[i % 70])
            XCTAssertEqual(difference[i], a.scalars[i] - row.scalars[i % 70])
        }
        let small = (parameter([6, 5], seed: 15), parameter([5], seed: 16))
        assertGradientsMatch([small.0, small.1]) { small.0 - small.1 }
        (a + row).sum().backward()
        XCTAssertEqual(row.gradient!, [Float](repeating: 300, count: 70), "each column of the row gets one unit from each of the 300 rows")
    }
}
