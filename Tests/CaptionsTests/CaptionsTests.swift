@testable import Captions
import Datasets
import Foundation
import XCTest

/// Attributes on synthetic images whose weight and slant are known; phrasing and reading back.
final class AttributeTests: XCTestCase {
    /// A 28×28 bar from row 4 to row 23, `thickness` pixels wide, whose centre moves `lean` pixels to
    /// the right per pixel upwards.
    static func bar(thickness: Int, lean: Double) -> [Float] {
        var pixels = [Float](repeating: 0, count: 784)
        for row in 4..<24 {
            let centre = 14 + lean * Double(14 - row)
            for column in 0..<28 where abs(Double(column) - centre) < Double(thickness) / 2 { pixels[row * 28 + column] = 1 }
        }
        return pixels
    }

    /// The same examples as words-and-patches.test.js, so the page's captionText and Swift's agree.
    func testACaptionReadsAsASentence() {
        XCTAssertEqual(captionText(["a", "seven", ",", "thin", "and", "upright"]), "a seven, thin and upright")
        XCTAssertEqual(captionText(["zero", ",", "leaning", "left", ",", "thin"]), "zero, leaning left, thin")
    }

    func testSlantIsTheShearOfTheInk() {
        XCTAssertEqual(slant(Self.bar(thickness: 3, lean: 0), side: 28), 0, accuracy: 1e-9)
        XCTAssertEqual(slant(Self.bar(thickness: 4, lean: 0.3), side: 28), 0.3, accuracy: 0.05)
        XCTAssertEqual(slant(Self.bar(thickness: 4, lean: -0.3), side: 28), -0.3, accuracy: 0.05)
        XCTAssertEqual(slant([Float](repeating: 0, count: 784), side: 28), 0, "a blank image leans nowhere")
    }

    func testWeightIsTheInkMass() {
        XCTAssertLessThan(inkMass(Self.bar(thickness: 2, lean: 0)), inkMass(Self.bar(thickness: 6, lean: 0)))
        XCTAssertEqual(inkMass(Self.bar(thickness: 3, lean: 0)), 60)  // 20 rows × 3 pixels
    }

    /// Nine images per class: three weights × three slants; the terciles split them evenly.
    func testTercilesMakeEachWordEquallyCommonPerClass() throws {
        var pixels: [UInt8] = [], labels: [UInt8] = []
        for label in 0..<2 {
            for thickness in [2, 4, 6] {
                for lean in [-0.3, 0.0, 0.3] {
                    pixels += Self.bar(thickness: thickness + label, lean: lean).map { UInt8($0 * 255) }
                    labels.append(UInt8(label))
                }
            }
        }
        let images = LabelledImages(dataset: .mnist, split: .train, pixels: pixels, labels: labels)
        let scale = AttributeScale(images: images)
        for label in 0..<2 {
            for attribute in Attribute.allCases {
                let levels = (0..<9).map { scale.describe(images.floats(at: label * 9 + $0), side: 28, label: label).levels[attribute]! }
                XCTAssertEqual(levels.sorted(), [0, 0, 0, 1, 1, 1, 2, 2, 2], "\(attribute) of class \(label)")
            }
        }
        let thinLeft = scale.describe(Self.bar(thickness: 2, lean: -0.3), side: 28, label: 0)
        XCTAssertEqual(thinLeft.levels, [.weight: 0, .slant: 0])
        let boldRight = scale.describe(Self.bar(thickness: 6, lean: 0.3), side: 28, label: 0)
        XCTAssertEqual(boldRight.levels, [.weight: 2, .slant: 2])
    }

    func testPhrasingsSayTheSameFactsAndReadBack() {
        let captioner = Captioner(dataset: .mnist)
        let description = Description(label: 7, levels: [.weight: 2, .slant: 2])
        XCTAssertEqual(captioner.words(for: description, template: 0), ["a", "bold", "seven", "leaning", "right"])
        XCTAssertEqual(captioner.words(for: description, template: 1), ["seven", ",", "leaning", "right", ",", "bold"])
        for template in Captioner.templates.indices {
            let reading = captioner.read(captioner.words(for: description, template: template))
            XCTAssertEqual(reading.label, 7)
            XCTAssertEqual(reading.levels, [.weight: 2, .slant: 2])
        }
        XCTAssertEqual(captioner.read(["a", "thin", "two"]).levels[.slant] ?? nil, nil, "an unstated fact is nil")
        // Each word knows the fact it states, in every phrasing's own order.
        XCTAssertEqual(captioner.phrasing(of: description, template: 1).map(\.role), [.class, .filler, .slant, .slant, .filler, .weight])
        XCTAssertEqual(captioner.phrasing(of: description, template: 3).map(\.role), [.filler, .class, .filler, .weight, .filler, .slant, .slant])
        let fashion = Captioner(dataset: .fashionMNIST)
        XCTAssertEqual(fashion.classPhrases[9], ["ankle", "boot"])
        XCTAssertEqual(fashion.classPhrases[0], ["t-shirt"])
        XCTAssertEqual(fashion.read(["a", "regular", "ankle", "boot", "upright"]).label, 9)
        XCTAssertEqual(fashion.longestCaption, 8)  // "a ankle boot , bold and leaning right"
    }
}

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

/// The exported images and prompts read back as written.
final class GeneratedExportTests: XCTestCase {
    func testIDXAndJSONRoundTrip() throws {
        let folder = NSTemporaryDirectory() + "export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let images: [[Float]] = [[Float](repeating: 0, count: 784), [Float](repeating: 1, count: 784), (0..<784).map { Float($0 % 2) }]
        let entries = (0..<3).map { GeneratedExport.Entry(prompt: "a bold \($0)", class: $0, attributes: ["weight": "bold", "slant": "upright"]) }
        try GeneratedExport.write(images: images, side: 28, entries: entries, to: folder)
        let read = try GeneratedExport.read(from: folder)
        XCTAssertEqual(read.side, 28)
        XCTAssertEqual(read.entries, entries)
        XCTAssertEqual(read.images.map { $0.map(Int.init).reduce(0, +) }, [0, 784 * 255, 392 * 255])
        // The JSON is a plain list of {"prompt", "class", "attributes"} objects.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/generated.json"))) as? [[String: Any]]
        XCTAssertEqual(json?.count, 3)
        XCTAssertEqual(Set(json?.first?.keys ?? [:].keys), ["prompt", "class", "attributes"])
        // With guidance, each entry also says the scale it was drawn with.
        let guided = entries.map { GeneratedExport.Entry(prompt: $0.prompt, class: $0.class, attributes: $0.attributes, guidance: 2.5) }
        try GeneratedExport.write(images: images, side: 28, entries: guided, to: folder)
        XCTAssertEqual(try GeneratedExport.read(from: folder).entries.map(\.guidance), [2.5, 2.5, 2.5])
        let guidedJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/generated.json"))) as? [[String: Any]]
        XCTAssertEqual(guidedJSON?.last?["guidance"] as? Double, 2.5)
    }
}
