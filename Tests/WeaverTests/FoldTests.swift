@testable import RunFormat
@testable import Weaver
import XCTest

/// `//: @fold Summary` … `//: @end`: parsed into cells with exact lines, woven into a closed
/// `<details>` with the outputs of the folded code after it, and every malformed fold an author
/// mistake at its line.
final class FoldTests: XCTestCase {
    let text = """
        //: # T
        let a = 1
        //: @fold How the page formats its numbers
        let b = a + 1
        //: A note inside the fold.
        let c = b
        //: @end
        let d = c
        """

    func testFoldMarkersBecomeCellsWithTheirLines() {
        let source = ChapterSource(text: text)
        XCTAssertEqual(source.cells, [
            .prose(markdown: "# T", lines: 1...1),
            .code(text: "let a = 1", lines: 2...2),
            .foldStart(summary: "How the page formats its numbers", lines: 3...3),
            .code(text: "let b = a + 1", lines: 4...4),
            .prose(markdown: "A note inside the fold.", lines: 5...5),
            .code(text: "let c = b", lines: 6...6),
            .foldEnd(lines: 7...7),
            .code(text: "let d = c", lines: 8...8),
        ])
        XCTAssertTrue(source.foldMistakes(file: "c.swift").isEmpty)
        XCTAssertEqual(source.code(), "let a = 1\nlet b = a + 1\nlet c = b\nlet d = c", "fold markers are not code")
    }

    func testAddingAFoldIsAProseEdit() {
        let plain = ChapterSource(text: "//: # T\nlet a = 1\nlet b = 2\n")
        let folded = ChapterSource(text: "//: # T\nlet a = 1\n//: @fold Bookkeeping\nlet b = 2\n//: @end\n")
        XCTAssertEqual(plain.codeLineMapping(to: folded), [2: 2, 3: 4])
    }

    func testMalformedFoldsAreMistakesAtTheirLines() {
        func mistakes(_ text: String) -> [String] { ChapterSource(text: text).foldMistakes(file: "c.swift").map(\.description) }
        XCTAssertEqual(mistakes("//: @fold Open\nlet a = 1\n"), ["c.swift:1: error: `//: @fold` is not closed by `//: @end`"])
        XCTAssertEqual(mistakes("let a = 1\n//: @end\n"), ["c.swift:2: error: `//: @end` closes no `//: @fold`"])
        XCTAssertEqual(mistakes("//: @fold\nlet a = 1\n//: @end\n"),
                       ["c.swift:1: error: `//: @fold` needs a one-line summary a reader reads instead of the code"])
        let nested = mistakes("//: @fold Outer\nlet a = 1\n//: @fold Inner\nlet b = 2\n//: @end\n//: @end\n")
        XCTAssertEqual(nested.first, "c.swift:3: error: a fold cannot open inside another: the fold at line 1 is not closed by `//: @end`")
        XCTAssertThrowsError(try ChapterSource(text: "//: @fold Open\n").checkFolds(file: "c.swift")) { error in
            XCTAssertEqual((error as? AuthorMistake)?.line, 1)
        }
        XCTAssertThrowsError(try ChapterSource(text: "//: @fold Open\n").checkShownFiles(root: "/", file: "c.swift"),
                             "a chapter program's first check finds it, before any training")
    }

    func testFoldedCodeIsClosedDetailsAndItsOutputsStayOpen() throws {
        var record = RunRecord(chapter: "t", seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        record.notes = [.init(text: "made inside the fold", line: 4), .init(text: "made outside", line: 8)]
        let page = try ChapterPage(slug: "t", number: 1, source: ChapterSource(text: text), record: record, previous: nil, next: nil).html()
        let details = try XCTUnwrap(page.range(of: "<details class=\"fold\">"))
        let end = try XCTUnwrap(page.range(of: "</details>", range: details.upperBound..<page.endIndex))
        let folded = String(page[details.lowerBound..<end.upperBound])
        XCTAssertTrue(folded.contains("<summary><span class=\"fold-summary\">How the page formats its numbers</span>"), folded)
        XCTAssertTrue(folded.contains("2 lines of code"), folded)
        XCTAssertTrue(folded.contains("A note inside the fold."), folded)
        XCTAssertFalse(folded.contains("made inside the fold"), "an output is never hidden in a fold")
        let note = try XCTUnwrap(page.range(of: "made inside the fold"))
        XCTAssertGreaterThan(note.lowerBound, end.upperBound, "the folded code's output follows the fold")
        XCTAssertFalse(page.contains("<details class=\"fold\" open"), "a fold starts closed")
        XCTAssertTrue(page[..<details.lowerBound].contains("<span class=\"tok-keyword\">let</span> a"), "code before the fold stays open")
        XCTAssertTrue(page[end.upperBound...].contains("<span class=\"tok-keyword\">let</span> d"), "code after the fold stays open")
        XCTAssertThrowsError(try ChapterPage(slug: "t", number: 1, source: ChapterSource(text: "//: # T\n//: @fold X\nlet a = 1\n"), record: record,
                                             previous: nil, next: nil, sourcePath: "chapters/t/main.swift").html()) { error in
            XCTAssertEqual("\(error)", "chapters/t/main.swift:2: error: `//: @fold` is not closed by `//: @end`")
        }
    }
}
