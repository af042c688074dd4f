@testable import Learning
import XCTest

/// Layer normalisation: finite-difference gradients, and rows normalised to mean 0, variance 1.
final class LayerNormTests: XCTestCase {
    func testLayerNormGradients() {
        let x = parameter([4, 6], seed: 60, range: -2...2), gain = parameter([6], seed: 61), bias = parameter([6], seed: 62)
        assertGradientsMatch([x, gain, bias]) { layerNorm(x, gain: gain, bias: bias) }
        let y = layerNorm(x, gain: Tensor(shape: [6], scalars: [1, 1, 1, 1, 1, 1]), bias: Tensor(zeros: [6]))
        let row = Array(y.scalars.prefix(6))
        XCTAssertEqual(Double(row.reduce(0, +)) / 6, 0, accuracy: 1e-5)
        XCTAssertEqual(Double(row.map { $0 * $0 }.reduce(0, +)) / 6, 1, accuracy: 1e-3)
    }
}
