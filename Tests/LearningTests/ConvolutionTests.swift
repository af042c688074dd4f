import Foundation
@testable import Learning
import XCTest

/// Convolutions and transposed convolutions: finite-difference gradients and known values.
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
}
