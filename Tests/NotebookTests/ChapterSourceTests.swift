@testable import Notebook
@testable import RunFormat
@testable import Weaver
import XCTest

final class ChapterSourceTests: XCTestCase {
    let sample = """
        //: # A title
        //:
        //: The summary, on
        //: two lines.
        import Learning

        let x = 1 // not prose
        /*:
         Block prose with *emphasis*.
         */
        print(x)
        //: Closing words.
        """

    func testSplitsProseAndCodeWithExactLineRanges() {
        let source = ChapterSource(text: sample)
        XCTAssertEqual(source.cells, [
            .prose(markdown: "# A title\n\nThe summary, on\ntwo lines.", lines: 1...4),
            .code(text: "import Learning\n\nlet x = 1 // not prose", lines: 5...7),
            .prose(markdown: "Block prose with *emphasis*.", lines: 8...10),
            .code(text: "print(x)", lines: 11...11),
            .prose(markdown: "Closing words.", lines: 12...12),
        ])
        XCTAssertEqual(source.title, "A title")
        XCTAssertEqual(source.summary, "The summary, on two lines.")
    }

    func testCodeCellsAreVerbatimSlicesOfTheSource() {
        let lines = sample.split(separator: "\n", omittingEmptySubsequences: false)
        for case let .code(text, range) in ChapterSource(text: sample).cells {
            XCTAssertEqual(text, lines[(range.lowerBound - 1)...(range.upperBound - 1)].joined(separator: "\n"))
        }
    }

    func testCodeThroughLineLeavesProseOut() {
        let source = ChapterSource(text: sample)
        XCTAssertEqual(source.code(throughLine: 6), "import Learning\n")
        XCTAssertFalse(source.code().contains("summary"))
        XCTAssertTrue(source.code().contains("print(x)"))
    }

    func testFindsTheEndOfATrailingClosure() {
        let text = """
            let a = 1
            let history = chapter.trainOrRestore("m", model: m, optimizer: o, epochs: f({ 2 })) { progress in
                let text = "}"  // a brace in a string: }
                for i in 0..<3 { print(i) }
            }
            after()
            """
        XCTAssertEqual(ChapterSource(text: text).endOfTrailingClosure(startingAt: 2), 5)
    }
}

final class SwiftHighlighterTests: XCTestCase {
    func testTokensReproduceTheSourceExactly() {
        let source = #"""
            @main struct App { // comment
                /* outer /* nested */ still comment */
                let s = "a \(b + "c") d", raw = #"x\(y)"#, n = 0x1F + 1.5e-3
                let multi = """
                    line "quoted"
                    """
                #if DEBUG
                func f<T: Equatable>(_ t: T) -> Bool { t == t }
                #endif
            }
            """#
        let tokens = SwiftHighlighter.tokens(source)
        XCTAssertEqual(tokens.map(\.text).joined(), source)
        func kind(of text: String) -> SwiftHighlighter.Kind? { tokens.first { $0.text.contains(text) }?.kind }
        XCTAssertEqual(kind(of: "@main"), .attribute)
        XCTAssertEqual(kind(of: "// comment"), .comment)
        XCTAssertEqual(kind(of: "nested */ still comment */"), .comment)
        XCTAssertEqual(kind(of: "0x1F"), .number)
        XCTAssertEqual(kind(of: "1.5e-3"), .number)
        XCTAssertEqual(kind(of: "line \"quoted\""), .string)
        XCTAssertEqual(kind(of: "#if"), .directive)
        XCTAssertEqual(kind(of: "Equatable"), .type)
        XCTAssertEqual(kind(of: "struct"), .keyword)
        XCTAssertEqual(tokens.first { $0.text.contains("b +") }?.kind, .plain, "interpolated code is code, not string")
        XCTAssertEqual(tokens.first { $0.text.contains("\"c\"") }?.kind, .string, "a string inside an interpolation")
    }

    func testHTMLIsEscaped() {
        XCTAssertEqual(SwiftHighlighter.html("a < b && c"), "a &lt; b &amp;&amp; c")
    }
}

final class ProseTests: XCTestCase {
    func testMathBecomesMathML() throws {
        let html = try MathML.render(#"\mathcal{L} = \mathbb{E}_{q}\left[\log p(x \mid z)\right] - \operatorname{KL}(q \,\|\, p) + \frac{1}{2}\sum_{j=1}^{J} \sigma_j^2"#, display: true)
        XCTAssertTrue(html.hasPrefix(#"<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">"#))
        for part in ["ℒ", "𝔼", "<mfrac>", "<munderover>", "<msubsup>", "<mi>σ</mi>", "‖", "KL", "stretchy"] {
            XCTAssertTrue(html.contains(part), "missing \(part) in \(html)")
        }
        let brace = try MathML.render(#"\underbrace{a + b}_{\text{sum}}"#, display: false)
        XCTAssertTrue(brace.contains("<munder><munder accentunder=\"true\">"), brace)
        XCTAssertTrue(brace.contains("<mtext>sum</mtext></mrow></munder>"), brace)
        XCTAssertThrowsError(try MathML.render(#"\notacommand x"#, display: false)) { error in
            XCTAssertTrue("\(error)".contains("notacommand"))
        }
    }

    func testPlaceholdersAndMathPassThroughInk() throws {
        let renderer = ProseRenderer(chapter: "demo", values: ["metric.loss": "104.2 <best>"])
        let html = try renderer.html("The loss is **{{metric.loss}}**, and $\\mu$ is the mean; `$not math$`.\n\n$$z = \\mu + \\sigma \\cdot \\varepsilon$$")
        XCTAssertTrue(html.contains("<strong>104.2 &lt;best&gt;</strong>"), html)
        XCTAssertTrue(html.contains("<math xmlns"), html)
        XCTAssertTrue(html.contains("<mi>μ</mi>"), html)
        XCTAssertTrue(html.contains("<code>$not math$</code>"), html)
        XCTAssertTrue(html.contains(#"display="block""#), html)
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
