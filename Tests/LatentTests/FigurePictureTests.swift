@testable import Weaver
import Plot
import RunFormat
import XCTest

/// How a page serves a figure: the narrow drawing below its breakpoint, each scheme's own PNG,
/// and a figure that cannot reflow in a sideways-scrolling frame no smaller than legibility allows.
final class FigurePictureTests: XCTestCase {
    private func html(_ figure: RunRecord.FigureOutput) -> String {
        Node<HTML.BodyContext>.div(FigurePicture.html(figure)).render()
    }

    func testANarrowDrawingIsServedBelowItsBreakpointInBothSchemes() {
        var figure = RunRecord.FigureOutput(name: "loss", caption: "Loss", line: 1, png: "loss.png", svg: "loss.svg", width: 588, height: 348,
                                            smallestText: 10.5)
        figure.narrow = .init(png: "loss-narrow.png", svg: "loss-narrow.svg", width: 340, height: 313, smallestText: 10.5)
        let page = html(figure)
        let breakpoint = FigurePicture.narrowBreakpoint(wideWidth: 588)
        XCTAssertEqual(breakpoint, 571, "588 px shown at 0.8 in a column 100 px narrower than the viewport")
        let sources = page.components(separatedBy: "<source").dropFirst().map { $0.components(separatedBy: "/>")[0] }
        XCTAssertEqual(sources.count, 4)
        XCTAssertTrue(sources[0].contains(#"srcset="loss-narrow-dark.png 2x""#) && sources[0].contains("(max-width: 571px) and (prefers-color-scheme: dark)"))
        XCTAssertTrue(sources[1].contains(#"srcset="loss-narrow.png 2x""#) && sources[1].contains(#"width="340""#))
        XCTAssertTrue(sources[2].contains(#"srcset="loss-dark.png 2x""#) && sources[2].contains(#"media="(prefers-color-scheme: dark)""#))
        XCTAssertTrue(sources[3].contains(#"srcset="loss.png 2x""#) && !sources[3].contains("media="), "the wide light drawing, for every other screen")
        XCTAssertFalse(page.contains("figure-scroll"), "a figure that reflows is never scrolled")
    }

    func testAFigureThatCannotReflowScrollsAtNoLessThanLegibleText() {
        let figure = RunRecord.FigureOutput(name: "attention", caption: "Attention", line: 1, png: "attention.png", svg: "attention.svg",
                                            width: 677, height: 600, smallestText: 10.5)
        let page = html(figure)
        XCTAssertTrue(page.contains(#"class="figure-scroll""#))
        // 8 px of 10.5 px text: shown at 0.762 or more, which is above 0.7.
        let legibleWidth: Double = (677.0 * 8.0 / 10.5).rounded(.up)  // typed: the literal arithmetic took the type checker 0.5 s
        XCTAssertTrue(page.contains("max-width: max(100%, \(Int(legibleWidth))px)"), page)
        let phoneSized = RunRecord.FigureOutput(name: "block", caption: "Block", line: 1, png: "block.png", svg: "block.svg",
                                                width: 318, height: 560, smallestText: 10.5)
        XCTAssertFalse(html(phoneSized).contains("figure-scroll"), "a figure that fits a phone needs no frame")
        XCTAssertEqual(FigurePicture.smallestScale(nil), 0.7, "a figure without text may shrink to 0.7")
        XCTAssertEqual(FigurePicture.smallestScale(20), 0.7)
        XCTAssertEqual(FigurePicture.smallestScale(7), 1, "text already under 8 px is never shrunk")
    }
}
