import Learning
import Models
import XCTest

final class PatchPriorTests: XCTestCase {
    func testBlocksInAnArrayAreNamedParameters() {
        var generator = SeededGenerator(seed: 1)
        let prior = PatchPrior(vocabulary: 8, classes: 2, width: 16, layers: 2, heads: 2, using: &generator)
        let names = prior.namedParameters.map(\.name)
        XCTAssertTrue(names.contains("transformer.blocks.1.queriesKeysValues.weight"), "\(names)")
        XCTAssertTrue(names.contains("transformer.tokenEmbedding") && names.contains("transformer.positionEmbedding"))
        XCTAssertEqual(prior.transformer.tokenEmbedding.rows, 10, "8 image tokens and 2 class tokens are read")
        XCTAssertEqual(prior.transformer.vocabulary, 8, "only image tokens are predicted")
    }

    func testLearnsADeterministicPatternAndSamplesIt() throws {
        // Class 0 sequences count up mod 8, class 1 sequences repeat 5: easy to learn.
        var generator = SeededGenerator(seed: 2)
        let prior = PatchPrior(vocabulary: 8, classes: 2, width: 32, layers: 1, heads: 2, using: &generator)
        let optimizer = Adam(parameters: prior.namedParameters, learningRate: 3e-3)
        let sequences = [(0, (0..<49).map { $0 % 8 }), (1, [Int](repeating: 5, count: 49))]
        let inputs = sequences.flatMap { prior.inputs(label: $0.0, tokens: $0.1[...]) }
        let targets = sequences.flatMap { $0.1 }
        var losses: [Float] = []
        for step in 1...150 {
            let loss = prior.loss(inputs, targets: targets)
            loss.backward()
            optimizer.update()
            try checkFinite(loss.item, epoch: 1, step: step)
            losses.append(loss.item)
        }
        XCTAssertLessThan(losses.last!, losses.first! / 10, "loss falls: \(losses.first!) → \(losses.last!)")
        let samples = prior.sample(labels: [0, 1], using: &generator)
        XCTAssertEqual(samples[1].filter { $0 == 5 }.count, 49, "\(samples[1])")
        XCTAssertGreaterThan(zip(samples[0], (0..<49).map { $0 % 8 }).filter { $0 == $1 }.count, 45)
    }

    func testAShortenedSequenceGivesTheSamePredictionsAsTheFullOne() {
        // Generation runs only the tokens so far; causal attention promises that changes nothing.
        var generator = SeededGenerator(seed: 3)
        let prior = PatchPrior(vocabulary: 8, classes: 2, width: 16, layers: 2, heads: 2, using: &generator)
        let full = prior.inputs(label: 1, tokens: (0..<49).map { ($0 * 5) % 8 }[...])
        let fullLogits = prior.logits(full).scalars
        for length in [1, 10, 30] {
            let short = prior.logits(Array(full.prefix(length)), length: length).scalars
            for (a, b) in zip(short, fullLogits.prefix(length * 8)) { XCTAssertEqual(a, b, accuracy: 1e-5, "length \(length)") }
        }
    }
}
