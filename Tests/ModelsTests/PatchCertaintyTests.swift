import Learning
@testable import Models
import XCTest

/// The certainty the page reports is the one generation draws from: each position's distribution
/// from one pass equals `nextTokenProbabilities` after the same prefix, sums to 1, and the border and
/// inner means average exactly those positions' favourites.
final class PatchCertaintyTests: XCTestCase {
    func testOnePassGivesEachPrefixsDistributionAndTheMeansAverageTheirPositions() throws {
        var generator = SeededGenerator(seed: 3)
        let prior = PatchPrior(vocabulary: 64, classes: 10, using: &generator)
        let tokens = (0..<49).map { ($0 * 7 + 3) % 64 }
        let predictions = PatchCertainty.predictions(prior: prior, label: 2, tokens: tokens)
        XCTAssertEqual(predictions.count, 49)
        for position in [0, 1, 20, 48] {
            let expected = prior.nextTokenProbabilities(label: 2, written: Array(tokens.prefix(position)))
            XCTAssertEqual(predictions[position].count, 64)
            XCTAssertEqual(predictions[position].reduce(0, +), 1, accuracy: 1e-9)
            for (a, b) in zip(predictions[position], expected) { XCTAssertEqual(a, b, accuracy: 1e-5) }
        }
        let favourites = predictions.map { $0.max() ?? 0 }
        let inner = (0..<49).filter { (1...5).contains($0 / 7) && (1...5).contains($0 % 7) }
        let border = (0..<49).filter { !inner.contains($0) }
        XCTAssertEqual(border.count, 24)
        let certainty = PatchCertainty(prior: prior, labels: [2], samples: [tokens])
        XCTAssertEqual(certainty.border, border.map { favourites[$0] }.reduce(0, +) / 24, accuracy: 1e-12)
        XCTAssertEqual(certainty.inner, inner.map { favourites[$0] }.reduce(0, +) / 25, accuracy: 1e-12)
    }
}
