@testable import Learning
import XCTest

/// Evaluation mode computes the same numbers as training mode but records no graph; the read
/// accessors and statistics chapters use instead of raw memory.
final class EvaluationModeTests: XCTestCase {
    func testWithoutGradientsRecordsNoGraphAndComputesTheSameNumbers() {
        var generator = SeededGenerator(seed: 3)
        let layer = Linear(5, 3, using: &generator)
        let x = Tensor.randomNormal([4, 5], using: &generator)
        let recorded = relu(layer(x))
        let evaluated = withoutGradients { relu(layer(x)) }
        XCTAssertTrue(recorded.requiresGradient)
        XCTAssertFalse(evaluated.requiresGradient)
        XCTAssertTrue(evaluated.inputs.isEmpty, "no graph: the result keeps nothing alive")
        XCTAssertEqual(recorded.scalars, evaluated.scalars)
        // Nested calls, and gradients recorded again afterwards.
        withoutGradients { withoutGradients { XCTAssertFalse(GradientRecording.isEnabled) }; XCTAssertFalse(GradientRecording.isEnabled) }
        XCTAssertTrue(GradientRecording.isEnabled)
        XCTAssertTrue(withoutGradients { withGradients { layer(x) } }.requiresGradient, "training inside evaluation records")
    }

    func testBackwardThroughAnEvaluatedTensorChangesNothing() {
        var generator = SeededGenerator(seed: 4)
        let layer = Linear(3, 1, using: &generator)
        let loss = withoutGradients { layer(Tensor(shape: [1, 3], scalars: [1, 2, 3])).sum() }
        loss.backward()
        XCTAssertNil(layer.weight.gradient)
    }

    func testRowAccessors() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(x.row(1), [4, 5, 6])
        XCTAssertEqual(x[0, 2], 3)
        XCTAssertEqual(rows(of: x), [[1, 2, 3], [4, 5, 6]])
    }

    func testStatisticsAgainstHandComputedValues() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 0, 0, 0])
        let b = Tensor(shape: [2, 3], scalars: [1, 0, 0, 1, 1, 1])
        XCTAssertEqual(squaredErrorPerRow(a, b), [13, 3])
        let codes = Tensor(shape: [4, 2], scalars: [1, 10, 3, 10, 5, 20, 7, 20])
        XCTAssertEqual(columnMeans(codes), [4, 15])
        XCTAssertEqual(columnStandardDeviations(codes)[0], 5.0.squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(columnStandardDeviations(codes)[1], 5, accuracy: 1e-12)
    }

    func testPerColumnNormalDrawsHaveTheAskedForMeanAndSpread() {
        var generator = SeededGenerator(seed: 5)
        let draws = Tensor.randomNormal(rows: 20_000, means: [3, -1], deviations: [0.5, 2], using: &generator)
        let means = columnMeans(draws), deviations = columnStandardDeviations(draws)
        XCTAssertEqual(means[0], 3, accuracy: 0.02)
        XCTAssertEqual(means[1], -1, accuracy: 0.05)
        XCTAssertEqual(deviations[0], 0.5, accuracy: 0.02)
        XCTAssertEqual(deviations[1], 2, accuracy: 0.05)
        // Drawn row by row from one stream: the first row uses the first two normals.
        var again = SeededGenerator(seed: 5)
        let first = again.normal(), second = again.normal()
        XCTAssertEqual(draws.row(0), [Float(3 + 0.5 * Double(first)), Float(-1 + 2 * Double(second))])
    }
}
