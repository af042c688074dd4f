import Learning
import XCTest

final class RandomTests: XCTestCase {
    func testSameSeedSameNumbersOtherSeedOtherNumbers() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (0..<100).map { _ in a.normal() }
        XCTAssertEqual(first, (0..<100).map { _ in b.normal() })
        XCTAssertNotEqual(first, (0..<100).map { _ in c.normal() })
    }

    func testNormalDrawsHaveUnitMomentsAndUniformStaysInRange() {
        var generator = SeededGenerator(seed: 7)
        let draws = (0..<200_000).map { _ in Double(generator.normal()) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count)
        XCTAssertEqual(mean, 0, accuracy: 0.01)
        XCTAssertEqual(variance, 1, accuracy: 0.01)
        let uniforms = (0..<10_000).map { _ in generator.uniform(in: -2...3) }
        XCTAssertTrue(uniforms.allSatisfy { $0 >= -2 && $0 <= 3 })
        XCTAssertEqual(Double(uniforms.reduce(0, +)) / 10_000, 0.5, accuracy: 0.05)
    }

    func testPermutationIsAPermutation() {
        var generator = SeededGenerator(seed: 9)
        let order = generator.permutation(1000)
        XCTAssertEqual(order.sorted(), Array(0..<1000))
        XCTAssertNotEqual(order, Array(0..<1000))
    }
}
