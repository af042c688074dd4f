@testable import Learning
import XCTest

/// Causal self-attention: finite-difference gradients, and no position seeing a later one.
final class AttentionTests: XCTestCase {
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
}
