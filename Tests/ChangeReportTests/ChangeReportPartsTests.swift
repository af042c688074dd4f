@testable import ChangeReport
import Foundation
import XCTest

/// The change report's parts on fixed inputs: paragraphs read from woven HTML, their alignment,
/// and the share of differing pixels of two PNGs.
final class ChangeReportPartsTests: XCTestCase {
    func testParagraphsReadMathAsTeXOnceAndSkipMarkup() {
        let html = """
        <div class="prose"><p>The code <span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>z</mi></mrow>\
        <annotation encoding="application/x-tex">z</annotation></semantics></math></span><span class="katex-html" aria-hidden="true">\
        <span class="base"><span class="mord">z</span></span></span></span> has <em>20</em> numbers &amp; more.</p>
        <ul><li>one</li><li>two <p>inner</p></li></ul></div>
        """
        XCTAssertEqual(WovenParagraphs.of(html: html), ["The code $z$ has 20 numbers & more.", "one", "two inner"])
        let chrome = "<nav class=\"chapters\"><p>next</p></nav><details class=\"on-this-page folded\"><ul><li>The model</li></ul></details>"
            + "<aside class=\"run-record\"><p>run</p></aside><p>prose</p>"
        XCTAssertEqual(WovenParagraphs.of(html: chrome), ["prose"], "navigation and the run box are not prose")
    }

    func testAlignmentPairsAReplacedParagraphAndPlacesInsertionsAndRemovals() {
        let changes = WovenParagraphs.changes(from: ["a", "b", "c", "d"], to: ["a", "B", "c", "new", "d"])
        XCTAssertEqual(changes, [ParagraphChange(index: 2, old: "b", new: "B"), ParagraphChange(index: 4, old: nil, new: "new")])
        XCTAssertEqual(WovenParagraphs.changes(from: ["a", "b", "c"], to: ["a", "c"]), [ParagraphChange(index: 2, old: "b", new: nil)])
        XCTAssertEqual(WovenParagraphs.changes(from: ["a"], to: ["a"]), [])
    }

    func testWordDiffMarksEachChangedRunWithContext() {
        let old = "The error is 0.0073 on test digits and 0.0069 on training digits, so it generalises."
        let new = "The error is 0.0081 on test digits and 0.0077 on training digits, so it generalises."
        XCTAssertEqual(WordDiff.runs(old: old, new: new), [
            .kept("The error is"), .removed("0.0073"), .added("0.0081"), .kept("on test digits and"), .removed("0.0069"), .added("0.0077"),
            .kept("on training digits, so it generalises."),
        ])
        XCTAssertEqual(WordDiff.line(old: old, new: new), "The error is [0.0073 → 0.0081] on test digits and [0.0069 → 0.0077] on training digits, so …")
        XCTAssertEqual(WordDiff.line(old: "a b", new: "a b c"), "a b [+c]")
    }

    /// Two 10×10 pictures that differ in 3 pixels: share 3%, and the difference image marks exactly those.
    func testPixelShareAndDifferenceImage() throws {
        let folder = NSTemporaryDirectory() + "pixels-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var pixels = [UInt32](repeating: 0xFFFF_FFFF, count: 100)
        try PixelDifference.encodePNG(pixels, width: 10, height: 10).write(to: URL(fileURLWithPath: folder + "/a.png"))
        for index in [0, 45, 99] { pixels[index] = 0xFF00_0000 }
        try PixelDifference.encodePNG(pixels, width: 10, height: 10).write(to: URL(fileURLWithPath: folder + "/b.png"))
        let difference = try PixelDifference.compare(folder + "/a.png", folder + "/b.png")
        XCTAssertEqual(difference.share, 0.03, accuracy: 1e-12)
        try XCTUnwrap(difference.image).write(to: URL(fileURLWithPath: folder + "/d.png"))
        let image = try DecodedPicture(path: folder + "/d.png")
        XCTAssertEqual(image.pixels.indices.filter { image.pixels[$0] == 0xFFE0_0090 }, [0, 45, 99])
        XCTAssertEqual(try PixelDifference.compare(folder + "/a.png", folder + "/a.png").share, 0)
        try PixelDifference.encodePNG([UInt32](repeating: 0xFFFF_FFFF, count: 50), width: 10, height: 5).write(to: URL(fileURLWithPath: folder + "/c.png"))
        let resized = try PixelDifference.compare(folder + "/a.png", folder + "/c.png")
        XCTAssertEqual(resized.share, 1)
        XCTAssertEqual(resized.sizeChange, "10×10 → 10×5")
    }

    func testPercentNeverRoundsAChangeToZero() {
        XCTAssertEqual(ChangeReport.percent(0.00001), "<0.01%")
        XCTAssertEqual(ChangeReport.percent(0.0042), "0.42%")
        XCTAssertEqual(ChangeReport.percent(0.031), "3.1%")
        XCTAssertEqual(ChangeReport.percent(1), "100%")
    }
}
