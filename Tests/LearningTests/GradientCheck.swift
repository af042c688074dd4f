@testable import Learning
import XCTest

/// Compares `backward()` with central finite differences.
///
/// The op's output y is projected onto fixed random weights r, f = Σ rᵢ yᵢ (so every output scalar
/// matters), and for each input scalar xⱼ: ∂f/∂xⱼ ≈ (f(xⱼ + h) − f(xⱼ − h)) / 2h, with f summed in
/// Double. Tolerance: the ops run in Float32 (relative rounding ≈ 6e-8), so the difference quotient
/// carries an error of about 6e-8·|f|/h ≈ 1e-4 for h = 5e-3 and |f| ≲ 10, plus the O(h²) truncation
/// term ≈ 1e-5; `absolute` = 2e-3 and `relative` = 1e-2 leave a margin of 10× over both while still
/// catching a wrong factor (2×, a sign, a missing term), which would be off by 50–100 %.
func assertGradientsMatch(
    _ inputs: [Tensor], step h: Float = 5e-3, absolute: Double = 2e-3, relative: Double = 1e-2,
    file: StaticString = #filePath, line: UInt = #line, _ op: () -> Tensor
) {
    var generator = SeededGenerator(seed: 99)
    let probe = op()
    let weights = Tensor(shape: probe.shape, scalars: (0..<probe.count).map { _ in generator.uniform(in: -1...1) })
    func projected() -> Double {
        let y = op()
        return (0..<y.count).reduce(0.0) { $0 + Double(y.data[$1]) * Double(weights.data[$1]) }
    }
    for input in inputs where input.requiresGradient { input.zeroGradient() }
    (op() * weights).sum().backward()
    for (inputIndex, input) in inputs.enumerated() where input.requiresGradient {
        let analytic = input.gradient ?? [Float](repeating: 0, count: input.count)
        for j in 0..<input.count {
            let saved = input.data[j]
            input.data[j] = saved + h
            let plus = projected()
            input.data[j] = saved - h
            let minus = projected()
            input.data[j] = saved
            let numeric = (plus - minus) / Double(2 * h)
            let error = abs(Double(analytic[j]) - numeric)
            XCTAssertLessThanOrEqual(
                error, absolute + relative * abs(numeric),
                "input \(inputIndex) scalar \(j): backward gives \(analytic[j]), finite difference \(numeric)",
                file: file, line: line
            )
        }
    }
}

/// A parameter of `shape` with values drawn uniformly from ±range, kept at least `awayFromZero`
/// from 0 (so ReLU's kink is never inside the finite-difference step).
func parameter(_ shape: [Int], seed: UInt64, range: ClosedRange<Float> = -1...1, awayFromZero: Float = 0) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    let scalars = (0..<shape.reduce(1, *)).map { _ -> Float in
        var value = generator.uniform(in: range)
        if abs(value) < awayFromZero { value = value < 0 ? value - awayFromZero : value + awayFromZero }
        return value
    }
    return Tensor(shape: shape, scalars: scalars, requiresGradient: true)
}

/// Data (no gradient) of `shape` with values in `range`.
func data(_ shape: [Int], seed: UInt64, range: ClosedRange<Float> = -1...1) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in generator.uniform(in: range) })
}
