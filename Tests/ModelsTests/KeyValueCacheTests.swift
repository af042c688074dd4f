import Learning
import Models
import XCTest

/// The cache must be an optimisation only: the logits it gives for the newest position are those of
/// a full pass over the sequence so far, and generation writes the same tokens with it as without.
final class KeyValueCacheTests: XCTestCase {
    /// A model with sharp, varied predictions (larger weights than the default), so a wrong key or
    /// value, or a position off by one, changes the tokens drawn.
    func model(seed: UInt64) -> TokenTransformer {
        var generator = SeededGenerator(seed: seed)
        let model = TokenTransformer(inputTokens: 12, outputTokens: 10, positions: 30, width: 16, layers: 2, heads: 2, using: &generator)
        for (_, tensor) in model.namedParameters { tensor.assign(tensor.scalars.map { $0 * 4 }) }
        return model
    }

    func testNextLogitsAreTheLastRowOfTheFullPass() {
        let model = model(seed: 21)
        let sequences = [[10, 3, 4, 5, 1, 1, 0, 9, 2], [11, 0, 0, 7, 8, 2, 6, 6, 3]]
        var cache = model.keyValueCache(batch: sequences.count)
        for position in 0..<sequences[0].count {
            let cached = withoutGradients { model.nextLogits(sequences.map { $0[position] }, cache: &cache) }
            let length = position + 1
            let full = withoutGradients { model.logits(sequences.flatMap { $0.prefix(length) }, length: length) }
            for (row, _) in sequences.enumerated() {
                for (a, b) in zip(cached.row(row), full.row(row * length + position)) {
                    XCTAssertEqual(a, b, accuracy: 1e-4, "sequence \(row), position \(position)")
                }
            }
        }
        XCTAssertEqual(cache.length, sequences[0].count)
    }

    func testGenerationWritesTheSameTokensWithAndWithoutTheCache() {
        let model = model(seed: 22)
        let prompts = (0..<150).map { [10 + $0 % 2] + ($0 % 3 == 0 ? [$0 % 10] : []) }  // two lengths, more than one batch
        var withCache = SeededGenerator(seed: 5), withoutCache = SeededGenerator(seed: 5)
        let cached = model.continuations(of: prompts, steps: 20, allowed: Set(0..<10), using: &withCache)
        let recomputed = model.continuationsWithoutCache(of: prompts, steps: 20, allowed: Set(0..<10), using: &withoutCache)
        XCTAssertEqual(cached, recomputed)
        XCTAssertGreaterThan(Set(cached).count, 100, "the sequences differ from each other, so equality means something")
    }

    func testGuidanceOfOneIsPlainSamplingAndZeroIgnoresThePrompt() {
        let model = model(seed: 23)
        let prompts = (0..<40).map { [10, $0 % 10, 11] }
        let unconditional = [11]
        func written(_ prompts: [[Int]], guidance: Guidance?) -> [[Int]] {
            var generator = SeededGenerator(seed: 6)
            return model.continuations(of: prompts, steps: 12, allowed: Set(0..<10), guidance: guidance, using: &generator)
        }
        XCTAssertEqual(written(prompts, guidance: Guidance(unconditionalPrompt: unconditional, scale: 1)), written(prompts, guidance: nil))
        XCTAssertEqual(written(prompts, guidance: Guidance(unconditionalPrompt: unconditional, scale: 0)),
                       written(prompts.map { _ in unconditional }, guidance: nil))
        XCTAssertNotEqual(written(prompts, guidance: Guidance(unconditionalPrompt: unconditional, scale: 3)), written(prompts, guidance: nil))
    }

    func testGuidanceMixesLogitsAsTheFormulaSays() {
        let guidance = Guidance(unconditionalPrompt: [0], scale: 2.5)
        XCTAssertEqual(guidance.mix(conditional: [1, 0, -2], unconditional: [0, 1, -2]), [2.5, -1.5, -2])
    }

    func testPlausibilityDropsWhatTheConditionalModelFindsUnlikely() {
        // p₂/p₀ = e⁻³ < 0.1 ≤ p₁/p₀ = e⁻²: token 2 goes, although guidance would favour it most.
        let guidance = Guidance(unconditionalPrompt: [0], scale: 3, plausibility: 0.1)
        let mixed = guidance.mix(conditional: [0, -2, -3, 5], unconditional: [0, -2, -9, 5], allowed: [0, 1, 2])
        XCTAssertEqual(mixed[0], 0)
        XCTAssertEqual(mixed[1], -2)
        XCTAssertEqual(mixed[2], -.infinity)
        // The bar is set by the most likely *allowed* token: with every token allowed, token 3 sets it.
        XCTAssertEqual(guidance.mix(conditional: [0, -2, -3, 5], unconditional: [0, -2, -9, 5]), [-.infinity, -.infinity, -.infinity, 5])
    }

    func testAttentionWeightsAreCausalAndSumToOne() {
        let model = model(seed: 24)
        let weights = model.attentionWeights([10, 1, 2, 3, 11, 4, 5, 6], length: 4, block: 1)
        XCTAssertEqual(weights.count, 2)
        XCTAssertEqual(weights[0].count, model.heads)
        for sequence in weights {
            for head in sequence {
                for (query, row) in head.enumerated() {
                    XCTAssertEqual(row.reduce(0, +), 1, accuracy: 1e-5)
                    XCTAssertTrue(row[(query + 1)...].allSatisfy { $0 == 0 }, "query \(query) sees no later key: \(row)")
                }
            }
        }
    }
}
