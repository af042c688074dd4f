import Foundation
import Notebook
@testable import RunFormat
@testable import Weaver
import XCTest

/// The author's loop: a prose edit is taken into the last run and rewoven, with nothing compiled
/// or run, and every output stays after the code that made it.
final class ProseEditTests: DemoProjectTestCase {
    func testProseEditIsRewovenWithoutCompilingOrRunning() throws {
        try startFromBuiltSite()
        let before = try RunRecord.read(from: project + "/site/demo/run.json")
        // Three new prose lines above the training code: every output below moves down by three.
        try edit { $0.replacingOccurrences(of: "//: Training reports each epoch's loss.\n",
                                           with: "//: Training reports each epoch's loss.\n//:\n//: A paragraph added by the author,\n//: citing {{metric.test_mse}}.\n") }
        XCTAssertTrue(try latent(["list"]).standardOutput.contains("prose changed"))
        let build = try latent(["build"])
        XCTAssertEqual(build.status, 0, build.standardError)
        XCTAssertTrue(build.standardError.contains("prose changed; rewoven from its last run"), build.standardError)
        XCTAssertFalse(build.standardError.contains("running DemoChapter"), "nothing runs")
        XCTAssertFalse(build.standardError.contains("compiling"), "nothing compiles")
        let page = try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8)
        let after = try RunRecord.read(from: project + "/site/demo/run.json")
        XCTAssertTrue(page.contains("A paragraph added by the author"))
        XCTAssertTrue(page.contains("citing \(after.metrics[0].display)"))
        XCTAssertEqual(after.metrics.map(\.value), before.metrics.map(\.value), "the numbers are the last run's")
        XCTAssertEqual(after.figures.first?.line, before.figures.first?.line, "the figure above the edit stays")
        XCTAssertEqual(after.figures.dropFirst().map(\.line), before.figures.dropFirst().map { $0.line + 3 })
        XCTAssertEqual(after.trainings.map(\.line), before.trainings.map { $0.line + 3 })
        XCTAssertEqual(after.metrics.map(\.line), before.metrics.map { $0.line + 3 })
        // The figure still follows its code, and the kept source is the edited file.
        let lossCode = try XCTUnwrap(page.range(of: "history.series")), lossFigure = try XCTUnwrap(page.range(of: "loss.png"))
        XCTAssertLessThan(lossCode.lowerBound, lossFigure.lowerBound)
        XCTAssertEqual(try String(contentsOfFile: project + "/site/demo/source.swift", encoding: .utf8),
                       try String(contentsOfFile: chapterFile, encoding: .utf8))
        XCTAssertTrue(try latent(["list"]).standardOutput.contains("up to date"))
    }

    func testCodeEditIsNotProse() throws {
        try startFromBuiltSite()
        try edit { $0.replacingOccurrences(of: "chapter.epochs(3)", with: "chapter.epochs(2)") }
        let list = try latent(["list"]).standardOutput
        XCTAssertTrue(list.contains("stale: chapter/main.swift changed"), list)
    }

    func testUnknownCitationInNewProseNamesFileAndLine() throws {
        try startFromBuiltSite()
        let sitePage = try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8)
        try edit { $0.replacingOccurrences(of: "//: Training reports each epoch's loss.\n", with: "//: Training reports {{metric.tset_mse}}.\n") }
        let line = try String(contentsOfFile: chapterFile, encoding: .utf8).components(separatedBy: "\n")
            .firstIndex { $0.contains("tset_mse") }! + 1
        let build = try latent(["build"])
        XCTAssertNotEqual(build.status, 0)
        XCTAssertTrue(build.standardError.contains("chapter/main.swift:\(line): chapter 'demo': prose cites {{metric.tset_mse}}"), build.standardError)
        XCTAssertEqual(try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8), sitePage, "the previous page stays")
    }

    /// An unclosed `{{` and malformed TeX stop the build at their line, with KaTeX's own message for
    /// the TeX, and leave the published page as it was.
    func testProseMistakesNameFileAndLineAndKeepThePage() throws {
        try startFromBuiltSite()
        let sitePage = try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8)
        let original = try String(contentsOfFile: chapterFile, encoding: .utf8)
        for (mistake, expected) in [("//: The error is {{metric.test_mse\n", "`{{` is not closed by `}}`"),
                                    ("//: A broken $\\frac{1}{$ formula.\n", "malformed TeX in $\\frac{1}{$: KaTeX parse error")] {
            try original.replacingOccurrences(of: "//: Training reports each epoch's loss.\n", with: mistake)
                .write(toFile: chapterFile, atomically: true, encoding: .utf8)
            let line = try String(contentsOfFile: chapterFile, encoding: .utf8).components(separatedBy: "\n")
                .firstIndex { $0 == mistake.dropLast() }! + 1
            let build = try latent(["build"])
            XCTAssertNotEqual(build.status, 0)
            XCTAssertTrue(build.standardError.contains("chapter/main.swift:\(line): error: \(expected)"), build.standardError)
            XCTAssertEqual(try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8), sitePage, "the previous page stays")
        }
    }

    /// The book's references on a built page are links to ids that exist, and the four author
    /// mistakes they can make stop the build at their line and leave the published page as it was.
    func testBookReferencesLinkAndTheirMistakesNameFileAndLineAndKeepThePage() throws {
        XCTAssertEqual(try latent(["build", "--no-compile"]).status, 0)
        let sitePage = try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8)
        for (text, target) in [("Figure 3", "figure-loss"), ("Table 1", "table-sizes"), ("Equation 1", "eq-mse")] {
            XCTAssertTrue(sitePage.contains("<a class=\"xref\" href=\"#\(target)\">\(text)"), text)
            XCTAssertTrue(sitePage.contains("id=\"\(target)\""), target)
        }
        XCTAssertTrue(sitePage.contains("<h2 id=\"summary\">What the run shows"), "an explicit {#sec:…} sets the id")
        XCTAssertTrue(sitePage.contains("<li id=\"ref-hinton2006\">"), "the cited work is listed")
        let record = try RunRecord.read(from: project + "/site/demo/run.json")
        let mse = try XCTUnwrap(record.metrics.first { $0.name == "test_mse" })
        XCTAssertTrue(sitePage.contains("<p>The run measured \(mse.display) on the test images.</p></div></details>"), "the answer is the run's")
        let original = try String(contentsOfFile: chapterFile, encoding: .utf8)
        // Each mistake stands at its line; a duplicate label is the later of the two headings.
        for (mistake, expected, at) in [
            ("//: As @fig:losses shows.\n", "`@fig:losses`: this chapter has no figure named `losses`", "@fig:losses"),
            ("//: As shown [@nobody1999].\n", "unknown citation key `@nobody1999`", "@nobody1999"),
            ("//: ## Again {#sec:summary}\n", "duplicate label `{#sec:summary}`", "## What the run shows {#sec:summary}"),
            ("//: See @vea/sec:noise.\n", "refers to a chapter that does not exist", "@vea/sec:noise"),
        ] {
            try original.replacingOccurrences(of: "//: Training reports each epoch's loss.\n", with: mistake)
                .write(toFile: chapterFile, atomically: true, encoding: .utf8)
            let line = try String(contentsOfFile: chapterFile, encoding: .utf8).components(separatedBy: "\n")
                .firstIndex { $0.contains(at) }! + 1
            let build = try latent(["build"])
            XCTAssertNotEqual(build.status, 0)
            XCTAssertTrue(build.standardError.contains("chapter/main.swift:\(line): error: "), build.standardError)
            XCTAssertTrue(build.standardError.contains(expected), build.standardError)
            XCTAssertEqual(try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8), sitePage, "the previous page stays")
        }
    }
}
