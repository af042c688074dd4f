import RunFormat
@testable import Weaver
import XCTest

/// What a woven page does for a reader without a mouse or without sight: scrolling boxes reachable
/// and named, figures described by their data, and an index that says what it is for.
final class AccessiblePageTests: XCTestCase {
    func testScrollingBoxesTakeTheFocusAsNamedRegions() {
        let page = #"<pre class="code" data-lines="30–47"><code>x</code></pre><pre class="code"><code>y</code></pre>"#
            + #"<pre class="code diff"><code>z</code></pre><div class="output table"><table><caption>AE &amp; VAE</caption></table></div>"#
            + #"<span class="katex-display"><span class="katex">k</span></span><pre class="code" tabindex="-1">w</pre>"#
        let marked = ScrollableRegions.keyboardReachable(page)
        XCTAssertTrue(marked.contains(#"<pre tabindex="0" role="region" aria-label="Swift code, lines 30–47" class="code" data-lines="30–47">"#), marked)
        XCTAssertTrue(marked.contains(#"<pre tabindex="0" role="region" aria-label="Swift code" class="code">"#))
        XCTAssertTrue(marked.contains(#"<pre tabindex="0" role="region" aria-label="changes between two source files" class="code diff">"#))
        XCTAssertTrue(marked.contains(#"<div tabindex="0" role="region" aria-label="Table: AE &amp; VAE" class="output table">"#), marked)
        XCTAssertTrue(marked.contains(#"<span tabindex="0" role="region" aria-label="Formula" class="katex-display">"#))
        XCTAssertTrue(marked.contains(#"<pre class="code" tabindex="-1">w</pre>"#), "a box that chose its own tabindex keeps it")
    }

    func testAFigureIsDescribedByItsDataAndFallsBackToItsCaption() {
        var figure = RunRecord.FigureOutput(name: "loss", caption: "The loss.", line: 1, png: "loss.png", svg: "loss.svg", width: 300, height: 200)
        XCTAssertEqual(FigurePicture.alternativeText(figure), "The loss.", "an older record has no description")
        figure.description = "Line plot of loss against epoch."
        XCTAssertEqual(FigurePicture.alternativeText(figure), "Line plot of loss against epoch.")
        XCTAssertEqual(SiteBuilder.thumbnail(figure).darkPNG, "loss-dark.png")
        figure.narrow = .init(png: "loss-narrow.png", svg: "loss-narrow.svg", width: 340, height: 200, smallestText: 10)
        XCTAssertEqual(SiteBuilder.thumbnail(figure).png, "loss-narrow.png", "a thumbnail uses the drawing laid out for a small width")
        XCTAssertEqual(SiteBuilder.thumbnail(figure).darkPNG, "loss-narrow-dark.png")
    }

    func testTheIndexSaysWhoItIsForHowLongEachChapterTakesAndFoldsTheBuild() {
        let source = ChapterSource(text: "//: # Title\n//:\n//: Two words $x^2 + y$ and {{metric.loss}}.\nlet x = 1\n//: More, [@kingma2014].\n")
        XCTAssertEqual(IndexPage.proseWords(source), 7, "Title, Two, words, a formula, and, a number, More (not the citation)")
        XCTAssertEqual(IndexPage.readingTime(words: 1_500), "about 10 minutes to read")
        XCTAssertEqual(IndexPage.readingTime(words: 10), "about 1 minute to read")
        let entry = IndexPage.Entry(slug: "vae", number: 2, title: "The VAE", summary: "Noise into digits.",
                                    thumbnail: .init(png: "samples.png", darkPNG: "samples-dark.png", alternativeText: "Grid of 64 images."),
                                    proseWords: 3_000, runSummary: "vae: 30 epochs in 90 s")
        let html = IndexPage(entries: [entry], datasetTitle: "MNIST", build: .init(seed: 1, threads: 2, toolchain: "Swift 6.2")).html()
        XCTAssertTrue(html.contains("a layer, a loss, training by gradient descent"))
        XCTAssertTrue(html.contains("about 20 minutes to read (3,000 words of prose)"))
        XCTAssertTrue(html.contains(#"<source srcset="vae/samples-dark.png" media="(prefers-color-scheme: dark)"/>"#), html)
        XCTAssertTrue(html.contains(#"alt="Grid of 64 images.""#))
        XCTAssertFalse(html.contains("A figure from"))
        XCTAssertTrue(html.contains(#"<details class="build-info"><summary>How this was built</summary>"#), html)
        XCTAssertTrue(html.contains("seed 1 on 2 threads, compiled by Swift 6.2"))
    }
}
