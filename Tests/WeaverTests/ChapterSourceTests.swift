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
