import Foundation
@testable import Learning
import XCTest

/// Convolutions, quantisation and lookups: finite-difference gradients and known values.
final class ConvolutionTests: XCTestCase {
    func testConvolutionGradientsWithStrideAndPadding() {
        let x = parameter([2, 5, 5, 2], seed: 40)
        let weight = parameter([3 * 3 * 2, 3], seed: 41), bias = parameter([3], seed: 42)
        assertGradientsMatch([x, weight, bias]) { conv2d(x, weight: weight, bias: bias, kernel: 3, stride: 2, padding: 1) }
        assertGradientsMatch([x, weight, bias]) { conv2d(x, weight: weight, bias: bias, kernel: 3, stride: 1, padding: 0) }
    }

    func testTransposedConvolutionGradients() {
        let x = parameter([2, 3, 3, 2], seed: 43)
        let weight = parameter([2, 4 * 4 * 3], seed: 44), bias = parameter([3], seed: 45)
        assertGradientsMatch([x, weight, bias]) { transposedConv2d(x, weight: weight, bias: bias, kernel: 4, stride: 2, padding: 1) }
        XCTAssertEqual(transposedConv2d(x, weight: weight, bias: bias, kernel: 4, stride: 2, padding: 1).shape, [2, 6, 6, 3])
    }

    func testConvolutionMatchesADirectSum() {
        // One 3×3 image, one channel, a 2×2 kernel of ones: each output is the sum of a 2×2 block.
        let x = Tensor(shape: [1, 3, 3, 1], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        let y = conv2d(x, weight: Tensor(shape: [4, 1], scalars: [1, 1, 1, 1]), bias: Tensor(shape: [1], scalars: [0.5]), kernel: 2)
        XCTAssertEqual(y.shape, [1, 2, 2, 1])
        XCTAssertEqual(y.scalars, [12.5, 16.5, 24.5, 28.5])
    }

    func testTransposedConvolutionIsTheAdjointOfConvolution() {
        // ⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩ for the same weights (bias zero).
        let x = data([1, 4, 4, 2], seed: 46), y = data([1, 2, 2, 3], seed: 47)
        let forward = data([4 * 4 * 2, 3], seed: 48)
        // Reorder the weight from [k·k·C, O] to the transposed layer's [O, k·k·C]-by-rows layout: [C_in=3, k·k·2].
        var transposed = [Float](repeating: 0, count: 3 * 16 * 2)
        for tap in 0..<16 { for c in 0..<2 { for o in 0..<3 { transposed[o * 32 + tap * 2 + c] = forward.data[(tap * 2 + c) * 3 + o] } } }
        let convolved = conv2d(x, weight: forward, bias: Tensor(zeros: [3]), kernel: 4, stride: 2, padding: 1)
        let back = transposedConv2d(y, weight: Tensor(shape: [3, 32], scalars: transposed), bias: Tensor(zeros: [2]), kernel: 4, stride: 2, padding: 1)
        let left = zip(convolved.scalars, y.scalars).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        let right = zip(x.scalars, back.scalars).reduce(0.0) { $0 + Double($1.0 * $1.1) }
        XCTAssertEqual(left, right, accuracy: 1e-4)
    }

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

/// The transformer's ops: layer norm, causal attention, block broadcasting.
final class TransformerOpTests: XCTestCase {
    func testGELUMatchesItsFormulaInDoublePrecision() {
        // The C kernel computes tanh from its own exponential; compare with the library's tanh in
        // Double, across the range where GELU bends and far into both tails (no overflow at ±60).
        let inputs: [Float] = stride(from: -60, through: 60, by: 0.37).map { Float($0) } + [-1e-4, 0, 1e-4, 3e-3]
        let y = gelu(Tensor(shape: [inputs.count], scalars: inputs))
        for (x, value) in zip(inputs, y.scalars) {
            let u = 0.797_884_560_802_865_4 * (Double(x) + 0.044715 * Double(x) * Double(x) * Double(x))
            let expected = 0.5 * Double(x) * (1 + Foundation.tanh(u))
            XCTAssertEqual(Double(value), expected, accuracy: 2e-6 * max(1, abs(Double(x))), "gelu(\(x))")
        }
    }

    func testLayerNormGradients() {
        let x = parameter([4, 6], seed: 60, range: -2...2), gain = parameter([6], seed: 61), bias = parameter([6], seed: 62)
        assertGradientsMatch([x, gain, bias]) { layerNorm(x, gain: gain, bias: bias) }
        let y = layerNorm(x, gain: Tensor(shape: [6], scalars: [1, 1, 1, 1, 1, 1]), bias: Tensor(zeros: [6]))
        let row = Array(y.scalars.prefix(6))
        XCTAssertEqual(Double(row.reduce(0, +)) / 6, 0, accuracy: 1e-5)
        XCTAssertEqual(Double(row.map { $0 * $0 }.reduce(0, +)) / 6, 1, accuracy: 1e-3)
    }

    func testCausalAttentionGradients() {
        let qkv = parameter([2 * 4, 3 * 6], seed: 63)
        assertGradientsMatch([qkv]) { causalSelfAttention(qkv, batch: 2, sequence: 4, heads: 2) }
    }

    func testAttentionIsCausal() {
        // Changing the last position's keys and values must not change earlier outputs.
        let qkv = data([5, 3 * 4], seed: 64)
        let before = causalSelfAttention(qkv, batch: 1, sequence: 5, heads: 2).scalars
        for j in 4..<12 { qkv.data[4 * 12 + j] += 3 }
        let after = causalSelfAttention(qkv, batch: 1, sequence: 5, heads: 2).scalars
        XCTAssertEqual(Array(before.prefix(4 * 4)), Array(after.prefix(4 * 4)))
        XCTAssertNotEqual(Array(before.suffix(4)), Array(after.suffix(4)))
        let p = attentionProbabilities(qkv, batch: 1, sequence: 5, heads: 2)
        XCTAssertEqual(p.count, 2 * 25)
        for row in 0..<5 { XCTAssertEqual(Double((0..<5).reduce(Float(0)) { $0 + p[row * 5 + $1] }), 1, accuracy: 1e-5) }
        XCTAssertEqual(p[0 * 5 + 1], 0, "position 0 cannot see position 1")
    }

    func testBlockBroadcastAddsAPositionTableToEverySequence() {
        let x = parameter([6, 2], seed: 65), positions = parameter([3, 2], seed: 66)
        assertGradientsMatch([x, positions]) { x + positions }
        XCTAssertEqual((Tensor(zeros: [6, 2]) + Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])).scalars, [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
    }
}
