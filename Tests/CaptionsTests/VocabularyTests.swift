@testable import Captions
import Datasets
import Foundation
import XCTest

/// One vocabulary for words and codes; sequences in both orders; prompts with unknown words.
final class VocabularyTests: XCTestCase {
    let captioner = Captioner(dataset: .mnist)
    lazy var vocabulary = Vocabulary(imageCodes: 64, words: captioner.words)
    lazy var layout = SequenceLayout(vocabulary: vocabulary, tokensPerImage: 49, longestCaption: captioner.longestCaption)

    func testTokensRoundTrip() throws {
        let words = ["a", "thin", "two", "leaning", "left"]
        let tokens = try vocabulary.tokens(for: words)
        XCTAssertTrue(tokens.allSatisfy { $0 >= 64 + Vocabulary.Marker.allCases.count }, "words come after the codes and markers")
        XCTAssertEqual(tokens.map(vocabulary.text), words)
        XCTAssertEqual(try vocabulary.tokens(forPrompt: "Two, leaning left"), try vocabulary.tokens(for: ["two", ",", "leaning", "left"]))
        XCTAssertEqual(vocabulary.text(of: 5), "#5")
        XCTAssertEqual(vocabulary.text(of: vocabulary.token(.endImage)), "</image>")
    }

    func testUnknownWordIsNamedWithTheKnownOnes() {
        XCTAssertThrowsError(try vocabulary.tokens(forPrompt: "a bold sevne")) { error in
            XCTAssertEqual(error as? CaptionError, .unknownWord(word: "sevne", prompt: "a bold sevne", known: vocabulary.words.sorted()))
            XCTAssertTrue("\(error)".hasPrefix("prompt \"a bold sevne\": the word 'sevne' is not in the vocabulary; known words: "), "\(error)")
            XCTAssertTrue("\(error)".contains("seven"))
        }
    }

    func testBothDirectionsShareOneLayout() throws {
        let caption = try vocabulary.tokens(for: ["a", "bold", "one", "upright"])
        let image = Array(0..<49)
        let forward = layout.sequence(caption: caption, image: image, direction: .captionToImage)
        let backward = layout.sequence(caption: caption, image: image, direction: .imageToCaption)
        XCTAssertEqual(forward.count, layout.length)
        XCTAssertEqual(backward.count, layout.length)
        XCTAssertEqual(forward.first, vocabulary.token(.beginCaption))
        XCTAssertEqual(backward.first, vocabulary.token(.beginImage))
        XCTAssertEqual(Array(forward[7..<56]), image)  // <caption>, 4 words, </caption>, <image>
        let (inputs, targets) = layout.inputsAndTargets(forward)
        XCTAssertEqual(inputs.count, layout.inputLength)
        XCTAssertEqual(Array(targets.prefix(5)), Array(forward[1...5]))
        XCTAssertEqual(targets.suffix(from: 56).filter { $0 != SequenceLayout.ignored }, [], "padding is never a target")
        XCTAssertEqual(layout.part(of: targets[0]), .word)
        XCTAssertEqual(layout.part(of: targets[10]), .imageCode)
        XCTAssertEqual(layout.part(of: vocabulary.token(.beginImage)), .marker)
        XCTAssertEqual(layout.imagePrompt(caption: caption), Array(forward.prefix(7)))
        XCTAssertEqual(layout.captionPrompt(image: image), Array(backward.prefix(52)))
    }
}
