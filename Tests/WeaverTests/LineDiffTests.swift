@testable import RunFormat
@testable import Weaver
import XCTest

final class LineDiffTests: XCTestCase {
    func testKeepsCommonLinesAndListsRemovalsBeforeAdditions() {
        let old = "struct Autoencoder {\n    let code: Linear\n    let decoder: Decoder\n}"
        let new = "struct VAE {\n    let mean: Linear\n    let logVariance: Linear\n    let decoder: Decoder\n}"
        XCTAssertEqual(LineDiff.lines(from: old, to: new), [
            .removed("struct Autoencoder {"), .removed("    let code: Linear"),
            .added("struct VAE {"), .added("    let mean: Linear"), .added("    let logVariance: Linear"),
            .kept("    let decoder: Decoder"), .kept("}"),
        ])
    }

    func testIdenticalAndEmptyTexts() {
        XCTAssertEqual(LineDiff.lines(from: "a\nb", to: "a\nb"), [.kept("a"), .kept("b")])
        XCTAssertEqual(LineDiff.lines(from: "", to: "x"), [.removed(""), .added("x")])
    }

    func testTheDiffRebuildsBothTexts() {
        let old = (0..<40).map { "line \($0 % 7)" }.joined(separator: "\n"), new = (0..<35).map { "line \($0 % 5)" }.joined(separator: "\n")
        let lines = LineDiff.lines(from: old, to: new)
        let before = lines.compactMap { line -> String? in
            switch line { case let .kept(text), let .removed(text): return text; case .added: return nil }
        }
        let after = lines.compactMap { line -> String? in
            switch line { case let .kept(text), let .added(text): return text; case .removed: return nil }
        }
        XCTAssertEqual(before.joined(separator: "\n"), old)
        XCTAssertEqual(after.joined(separator: "\n"), new)
    }

    func testCompareDirectiveBecomesAComparisonCellAndAPageSection() throws {
        let source = ChapterSource(text: "//: # T\n//: @compare A.swift B.swift\nlet x = 1\n//: @compare only-one.swift\n")
        XCTAssertEqual(source.cells[1], .comparison(old: "A.swift", new: "B.swift", lines: 2...2))
        XCTAssertEqual(source.cells.last, .prose(markdown: "@compare only-one.swift", lines: 4...4))
        let record = RunRecord(chapter: "t", seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        let page = ChapterPage(slug: "t", number: 1, source: source, record: record, previous: nil, next: nil,
                               includedFiles: ["A.swift": "let a = 1\nlet kept = 2", "B.swift": "let b = 1\nlet kept = 2"])
        let html = try page.html()
        XCTAssertTrue(html.contains("1 line removed (−), 1 added (+)"), html)
        XCTAssertTrue(html.contains("<del class=\"line removed\">"), html)
        XCTAssertTrue(html.contains("<ins class=\"line added\">"), html)
        XCTAssertThrowsError(try ChapterPage(slug: "t", number: 1, source: source, record: record, previous: nil, next: nil).html())
    }
}
