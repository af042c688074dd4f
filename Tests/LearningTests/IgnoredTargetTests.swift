@testable import Learning
import XCTest

/// Rows labelled −1 (padding) are not targets: no loss, no gradient, and the mean skips them.
final class IgnoredTargetTests: XCTestCase {
    func testIgnoredRowsAddNothing() {
        var generator = SeededGenerator(seed: 21)
        let logits = Tensor.randomUniform([4, 5], in: -1...1, requiresGradient: true, using: &generator)
        assertGradientsMatch([logits]) { softmaxCrossEntropy(logits: logits, labels: [2, -1, 0, -1]) }
        let kept = Tensor(shape: [2, 5], scalars: logits.row(0) + logits.row(2))
        XCTAssertEqual(softmaxCrossEntropy(logits: logits, labels: [2, -1, 0, -1]).item, softmaxCrossEntropy(logits: kept, labels: [2, 0]).item, accuracy: 1e-6)
        logits.zeroGradient()
        softmaxCrossEntropy(logits: logits, labels: [2, -1, 0, -1]).backward()
        XCTAssertEqual(Array(logits.gradient![5..<10]), [Float](repeating: 0, count: 5))
    }
}
