@testable import Learning
import XCTest

final class RowRangeTests: XCTestCase {
    func testRowRangeCopiesRowsAndSendsGradientsBack() {
        var generator = SeededGenerator(seed: 22)
        let x = Tensor.randomUniform([5, 3], in: -1...1, requiresGradient: true, using: &generator)
        XCTAssertEqual(x.rowRange(1..<3).scalars, Array(x.scalars[3..<9]))
        assertGradientsMatch([x]) { (x.rowRange(1..<4) * x.rowRange(1..<4)).sum() }
    }
}
