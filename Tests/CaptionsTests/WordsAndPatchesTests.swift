import Captions
import Foundation
import Learning
import Models
import XCTest

/// Chapter 5's model (a `TokenTransformer` reading and writing one vocabulary) on a tiny made-up language: three words, each naming one fixed
/// "image" of four codes. One model must learn to write the image from the word and the word from
/// the image.
final class WordsAndPatchesTests: XCTestCase {
    let vocabulary = Vocabulary(imageCodes: 4, words: ["red", "green", "blue"])
    lazy var layout = SequenceLayout(vocabulary: vocabulary, tokensPerImage: 4, longestCaption: 1)
    let patterns = [[0, 0, 1, 1], [1, 2, 1, 2], [3, 3, 3, 0]]

    func testLearnsWordToPatternAndPatternToWord() throws {
        var generator = SeededGenerator(seed: 11)
        let model = TokenTransformer(tokens: vocabulary.count, positions: layout.inputLength, width: 24, layers: 1, heads: 2, using: &generator)
        let optimizer = Adam(parameters: model.namedParameters, learningRate: 0.01)
        var inputs: [Int] = [], targets: [Int] = []
        for (word, pattern) in zip(vocabulary.words, patterns) {
            for direction in SequenceLayout.Direction.allCases {
                let example = layout.inputsAndTargets(layout.sequence(caption: try vocabulary.tokens(for: [word]), image: pattern, direction: direction))
                inputs += example.inputs
                targets += example.targets
            }
        }
        var last = Float.infinity
        for _ in 0..<250 {
            let loss = model.loss(inputs, targets: targets, length: layout.inputLength)
            loss.backward()
            optimizer.update()
            last = loss.item
        }
        // Two of each sequence's 8 targets cannot be known in advance: the first word of a caption
        // that opens the sequence, and the first code of an image that does (1 in 3 each). The rest
        // is learnable, so the loss ends near its floor 2·ln 3 / 16.
        let lossFloor: Double = 2 * Foundation.log(3.0) / 16
        XCTAssertLessThan(Double(last), lossFloor + 0.01)
        var sampling = SeededGenerator(seed: 12)
        let images = model.continuations(of: try vocabulary.words.map { layout.imagePrompt(caption: try vocabulary.tokens(for: [$0])) },
                                         steps: 4, allowed: Set(vocabulary.imageTokens), greedy: true, using: &sampling)
        XCTAssertEqual(images, patterns, "word → image")
        let captions = model.continuations(of: patterns.map { layout.captionPrompt(image: $0) }, steps: 3, allowed: vocabulary.captionTokens,
                                           stop: vocabulary.token(.endCaption), greedy: true, using: &sampling)
        XCTAssertEqual(captions.map { $0.map(vocabulary.text) }, [["red"], ["green"], ["blue"]], "image → word, then the end marker")
        // The per-token losses are those of the mean loss.
        let perToken = model.crossEntropies(inputs, targets: targets, length: layout.inputLength).compactMap { $0 }
        XCTAssertEqual(perToken.reduce(0, +) / Double(perToken.count), Double(model.loss(inputs, targets: targets, length: layout.inputLength).item), accuracy: 1e-4)
    }

    /// An untrained model would write anything; the sampler only lets it write what is allowed.
    func testSamplerNeverCrossesModalities() throws {
        var generator = SeededGenerator(seed: 13)
        let model = TokenTransformer(tokens: vocabulary.count, positions: layout.inputLength, width: 8, layers: 1, heads: 2, using: &generator)
        let captions = model.continuations(of: patterns.map { layout.captionPrompt(image: $0) }, steps: 3, allowed: vocabulary.captionTokens,
                                           stop: vocabulary.token(.endCaption), using: &generator)
        for caption in captions { XCTAssertTrue(caption.allSatisfy { vocabulary.captionTokens.contains($0) && !vocabulary.imageTokens.contains($0) }) }
        let images = model.continuations(of: [layout.imagePrompt(caption: try vocabulary.tokens(for: ["red"]))], steps: 4,
                                         allowed: Set(vocabulary.imageTokens), using: &generator)
        XCTAssertEqual(images[0].count, 4)
        XCTAssertTrue(images[0].allSatisfy { vocabulary.imageTokens.contains($0) })
    }
}
