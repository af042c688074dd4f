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
