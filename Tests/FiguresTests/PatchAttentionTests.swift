@testable import Figures
import RunFormat
import XCTest

/// The attention-over-patches figure draws what its weights say: the heaviest earlier patch darkest,
/// an unweighted one near the faded image, later patches hatched, the predicted patch outlined.
final class PatchAttentionTests: XCTestCase {
    /// A blank image and one query predicting patch 10 (row 2, column 4) that gives patch 3 most of
    /// its weight, patch 9 a little and the class token the rest.
    func figure() -> PatchAttention {
        var weights = [Double](repeating: 0, count: 10)
        weights[3] = 0.6
        weights[9] = 0.1
        return PatchAttention(image: [Float](repeating: 0, count: 784), queries: [.init(patch: 10, weights: weights, classWeight: 0.3)],
                              cellSize: 140)
    }

    /// The colour near the top-left corner of patch `index` of the first query's panel (away from printed numbers and the hatching), at scale 1.
    func colour(ofPatch index: Int, in canvas: Canvas) throws -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        let patch = 140.0 / 7, left = 14.0 + 140 + PatchAttention.gap, top = 14.0 + PatchAttention.above  // the first query's panel
        let x = left + (Double(index % 7) + 0.15) * patch, y = top + (Double(index / 7) + 0.2) * patch
        return try XCTUnwrap(canvas.pixel(x: Int(x), y: Int(y)))
    }

    func brightness(_ pixel: (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8)) -> Int { Int(pixel.red) + Int(pixel.green) + Int(pixel.blue) }

    func testTheHeaviestPatchIsDarkestAndLaterPatchesAreHatched() throws {
        let canvas = try figure().render(.png(scale: 1))
        let heaviest = try colour(ofPatch: 3, in: canvas), light = try colour(ofPatch: 9, in: canvas), none = try colour(ofPatch: 0, in: canvas)
        XCTAssertLessThan(brightness(heaviest), brightness(light) - 60, "60% is drawn darker than 10%")
        XCTAssertLessThan(brightness(light), brightness(none), "10% is drawn darker than 0%")
        // A hatched later patch is veiled in the panel's colour (80% over the blank image).
        let later = try colour(ofPatch: 30, in: canvas), panel = Style.light.panel, paper = Style.light.paper
        XCTAssertEqual(Double(later.red) / 255, 0.8 * panel.red + 0.2 * paper.red, accuracy: 0.01)
        XCTAssertEqual(Double(later.blue) / 255, 0.8 * panel.blue + 0.2 * paper.blue, accuracy: 0.01)
        // The predicted patch's outline is the accent colour.
        let patch = 140.0 / 7
        let edge = try XCTUnwrap(canvas.pixel(x: Int(14 + 140 + PatchAttention.gap + 3.5 * patch), y: Int(14 + PatchAttention.above + 1 * patch + 0.5)))
        let accent = Style.light.accent
        XCTAssertEqual(Double(edge.red) / 255, accent.red, accuracy: 0.1)
        XCTAssertEqual(Double(edge.green) / 255, accent.green, accuracy: 0.1)
    }

    func testWeightsThatDoNotFitThePatchesAreRefused() {
        var bad = figure()
        bad.queries[0].weights.removeLast()
        XCTAssertThrowsError(try bad.render(.png(scale: 1)))
        bad = figure()
        bad.queries[0].classWeight = .nan
        XCTAssertThrowsError(try bad.render(.png(scale: 1)))
    }

    func testOnAPhoneThePanelsGoTwoARowWithinTheWidth() throws {
        var wide = figure()
        wide.queries = Array(repeating: wide.queries[0], count: 4)
        let narrow = try XCTUnwrap(wide.laidOut(forWidth: FigureFiles.phoneWidth, style: .light) as? PatchAttention)
        XCTAssertEqual(narrow.perRow, 2)
        XCTAssertEqual(narrow.rows, 3, "the image and four queries")
        XCTAssertLessThanOrEqual(narrow.bodySize(style: .light).width + 28, FigureFiles.phoneWidth)
    }
}
