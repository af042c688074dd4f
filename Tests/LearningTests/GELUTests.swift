import Foundation
@testable import Learning
import XCTest

/// GELU, the transformer's activation (CKernels/activations.c), against its formula.
final class GELUTests: XCTestCase {
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
}
