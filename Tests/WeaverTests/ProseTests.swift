@testable import RunFormat
@testable import Weaver
import XCTest

final class ProseTests: XCTestCase {
    func testPlaceholdersAndMathPassThroughInk() throws {
        let renderer = ProseRenderer(chapter: "demo", values: ["metric.loss": "104.2 <best>"])
        let html = try renderer.html("The loss is **{{metric.loss}}**, and $\\mu$ is the mean; `$not math$`.\n\n$$z = \\mu + \\sigma \\cdot \\varepsilon$$")
        XCTAssertTrue(html.contains("<strong>104.2 &lt;best&gt;</strong>"), html)
        XCTAssertTrue(html.contains("<span class=\"katex\">"), html)
        XCTAssertTrue(html.contains("<mi>μ</mi>"), html)
        XCTAssertTrue(html.contains("<code>$not math$</code>"), html)
        XCTAssertTrue(html.contains("<div class=\"math-display\"><span class=\"katex-display\">"), html)
        XCTAssertFalse(html.contains("\u{E000}"), "a formula marker was left in the page: \(html)")
    }

    /// KaTeX sets plain parentheses at text size and only `\left…\right` grows them; an underbrace
    /// carries its label beneath; MathML rides along for screen readers.
    func testMathIsTypesetByKaTeXAsTeXWould() throws {
        let tex = #"\mathcal{L} = \underbrace{\mathbb{E}_{q}\left[\log p(x \mid z)\right]}_{\text{reconstruction}} - \operatorname{KL}(q \,\|\, p)"#
        let html = try ProseRenderer(chapter: "demo", values: [:]).html("$$\(tex)$$")
        XCTAssertTrue(html.contains(#"<mo stretchy="false">(</mo>"#), "plain ( must not stretch: \(html)")
        XCTAssertTrue(html.contains(#"<mo fence="true">[</mo>"#), "\\left[ must grow: \(html)")
        XCTAssertTrue(html.contains("<munder>"), html)
        XCTAssertTrue(html.contains("reconstruction"), html)
        XCTAssertTrue(html.contains(#"<annotation encoding="application/x-tex">"#), html)
        XCTAssertTrue(html.contains("class=\"katex-html\""), "static HTML for sighted readers: \(html)")
    }

    /// A formula at the start of a prose line is a word of its sentence, not a block of its own.
    func testAFormulaNeverSplitsASentence() throws {
        let renderer = ProseRenderer(chapter: "demo", values: [:])
        for markdown in ["six codes drawn from\n$\\mathcal{N}(0, I)$ and six test digits.", "$x$ starts it\nand $y$ ends it: $z$", "money costs $5 and no more",
                         "compute the loss, let\n`backward()` find every gradient.", "a lone ` backtick\nstays"] {
            let html = try renderer.html(markdown)
            XCTAssertEqual(html.components(separatedBy: "<p>").count - 1, 1, "one paragraph expected: \(html)")
            XCTAssertTrue(html.hasPrefix("<p>") && html.hasSuffix("</p>"), html)
        }
        XCTAssertTrue(try renderer.html("money costs $5 and no more").contains("$5"))
        XCTAssertEqual(try renderer.html("let\n`a < $b$` go"), "<p>let <code>a &lt; $b$</code> go</p>", "a code span is code, never math")
    }

    /// A reweave asks KaTeX only about new formulas: the rest come from the site's cache, and only
    /// while `katex.js` is the one that typeset them.
    func testTypesetFormulasAreKeptForTheNextBuild() throws {
        let folder = NSTemporaryDirectory() + "math-cache-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = MathCache(folder: folder)
        guard case let .success(html) = try cache.typeset([.init(tex: "x^2", display: false)]).first else { return XCTFail("x^2 not typeset") }
        XCTAssertTrue(html.contains("katex"), html)
        try cache.save()
        // A planted answer shows where the next build's answer comes from.
        let file = folder + "/.katex-cache.json"
        var stored = try JSONDecoder().decode(MathCache.Stored.self, from: try Data(contentsOf: URL(fileURLWithPath: file)))
        XCTAssertEqual(stored.formulas["inline x^2"], html)
        stored.formulas["inline y"] = "<planted/>"
        try JSONEncoder().encode(stored).write(to: URL(fileURLWithPath: file))
        XCTAssertEqual(try MathCache(folder: folder).typeset([.init(tex: "y", display: false)]).first, .success("<planted/>"))
        stored.katex = "another KaTeX"
        try JSONEncoder().encode(stored).write(to: URL(fileURLWithPath: file))
        XCTAssertNotEqual(try MathCache(folder: folder).typeset([.init(tex: "y", display: false)]).first, .success("<planted/>"))
    }

    func testMalformedTeXIsAnErrorAtItsLineWithKaTeXsMessage() {
        let text = "//: # T\n//: fine $x$\n//: broken $\\frac{1}{$ here\nlet a = 1\n"
        let source = ChapterSource(text: text)
        let renderer = ProseRenderer(chapter: "t", values: [:], sourcePath: "chapters/09-t/main.swift", sourceText: text)
        guard case let .prose(markdown, lines) = source.cells[0] else { return XCTFail("prose expected") }
        XCTAssertThrowsError(try renderer.html(markdown, lines: lines)) { error in
            guard let mistake = error as? AuthorMistake else { return XCTFail("\(error)") }
            XCTAssertEqual(mistake.file, "chapters/09-t/main.swift")
            XCTAssertEqual(mistake.line, 3)
            XCTAssertTrue(mistake.message.contains("KaTeX parse error: Unexpected end of input"), mistake.message)  // KaTeX's own words
            XCTAssertTrue("\(mistake)".hasPrefix("chapters/09-t/main.swift:3: error: malformed TeX"), "\(mistake)")
        }
    }

    func testUnclosedPlaceholderAndDisplayMathAreErrorsAtTheirLines() {
        let text = "//: # T\n//: Loss\n//: {{metric.test_mse_per_pixel and more\n//: $$x + 1\n"
        let renderer = ProseRenderer(chapter: "t", values: ["metric.test_mse_per_pixel": "1"], sourcePath: "c.swift", sourceText: text)
        XCTAssertThrowsError(try renderer.html("Loss\n{{metric.test_mse_per_pixel and more", lines: 1...3)) { error in
            XCTAssertEqual((error as? AuthorMistake)?.line, 3, "\(error)")
            XCTAssertTrue("\(error)".contains("not closed"), "\(error)")
        }
        XCTAssertThrowsError(try renderer.html("Loss\n$$x + 1", lines: 1...4)) { error in
            XCTAssertEqual((error as? AuthorMistake)?.line, 4, "\(error)")
        }
    }

    func testUnknownPlaceholderIsAnErrorListingKnownNames() {
        let renderer = ProseRenderer(chapter: "demo", values: ["metric.a": "1"])
        XCTAssertThrowsError(try renderer.html("{{metric.b}}")) { error in
            XCTAssertEqual(error as? NotebookError, .unknownPlaceholder(chapter: "demo", name: "metric.b", known: ["metric.a"], location: nil))
        }
    }

    func testProseOnlyEditsMapCodeLines() {
        let before = ChapterSource(text: "//: # T\nlet a = 1\n//: prose\nlet b = 2\n")
        let after = ChapterSource(text: "//: # T\n//: new\n//: lines\nlet a = 1\n//: prose\n//: more\nlet b = 2\n")
        XCTAssertEqual(before.codeLineMapping(to: after), [2: 4, 4: 7])
        XCTAssertNil(before.codeLineMapping(to: ChapterSource(text: "//: # T\nlet a = 2\n//: prose\nlet b = 2\n")), "code changed")
        XCTAssertNil(before.codeLineMapping(to: ChapterSource(text: "//: # T\nlet a = 1\n//: @include Sources/X.swift\nlet b = 2\n")),
                     "a new include is not prose")
    }
}
