import ChangeReport
import Foundation
import TestSupport
import XCTest

/// The change report end to end on the demo chapter: an option that moves a metric and a figure is
/// reported old → new with the share of pixels that differ, its undo reports the reverse, a build
/// that changes nothing says so in one line, and `latent changes` prints the report again.
final class ChangeReportTests: DemoProjectTestCase {
    override var extraArguments: [String] { ["--no-compile"] }

    func build(_ options: [String] = []) throws -> String {
        let result = try latent(["build"] + options)
        XCTAssertEqual(result.status, 0, result.standardError)
        return result.standardError
    }

    func lastReport(_ slug: String? = nil) throws -> ChangeReport {
        let result = try CommandRunner.latent(["changes"] + (slug.map { [$0] } ?? []) + ["--json", "--output", "site"], in: project)
        XCTAssertEqual(result.status, 0, result.standardError)
        return try JSONDecoder().decode(ChangeReport.self, from: Data(result.standardOutput.utf8))
    }

    func testAMetricAndFigureMoveIsReportedAndItsUndoReportsTheReverse() throws {
        _ = try build()
        let unchanged = try build()
        XCTAssertTrue(unchanged.hasSuffix("== changes: nothing changed (no chapter ran, every page reads as before)\n"), unchanged)
        XCTAssertTrue(try lastReport().isEmpty)

        let log = try build(["--epochs", "1"])
        XCTAssertTrue(log.contains("demo: ran because options changed"), log)
        XCTAssertTrue(log.contains("retrained demo: epochs changed"), log)
        let moved = try XCTUnwrap(try lastReport("demo").chapters.first)
        let metric = try XCTUnwrap(moved.metrics.first { $0.name == "test_mse" })
        XCTAssertNotEqual(metric.old, metric.new)
        XCTAssertTrue(log.contains("metric test_mse: \(metric.old ?? "") → \(metric.new ?? "")"), log)
        let loss = try XCTUnwrap(moved.figures.first { $0.name == "loss" })
        XCTAssertGreaterThan(loss.pixelShare, 0)
        XCTAssertLessThan(loss.pixelShare, 1)
        XCTAssertTrue(log.contains("figure loss: "), log)
        XCTAssertFalse(moved.figures.contains { $0.name == "sizes" }, "the bar chart does not depend on epochs")
        for picture in [loss.before, loss.after, loss.difference] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: project + "/site/" + (picture ?? "missing")), "\(picture ?? "nil")")
        }
        XCTAssertTrue(moved.paragraphs.contains { ($0.new ?? "").contains(metric.new ?? "?") }, "the sentence citing test_mse")
        let claim = try XCTUnwrap(moved.claims.first { $0.name == "loss_fell" }, "one epoch: the last loss is the first")
        XCTAssertEqual(claim.heldBefore, true)
        XCTAssertEqual(claim.held, false)
        XCTAssertTrue(log.contains("claim loss_fell: held → failed ("), log)
        let page = try String(contentsOfFile: project + "/site/changes.html", encoding: .utf8)
        XCTAssertTrue(page.contains(try XCTUnwrap(loss.difference)), "the page shows the difference image")

        let undo = try build()
        XCTAssertTrue(undo.contains("restored demo: "), undo)
        let reverse = try XCTUnwrap(try lastReport().chapters.first)
        let back = try XCTUnwrap(reverse.metrics.first { $0.name == "test_mse" })
        XCTAssertEqual(back.old, metric.new)
        XCTAssertEqual(back.new, metric.old)
        let lossBack = try XCTUnwrap(reverse.figures.first { $0.name == "loss" })
        XCTAssertEqual(lossBack.before, loss.after, "pictures are kept by content")
        XCTAssertEqual(lossBack.after, loss.before)
        XCTAssertEqual(lossBack.pixelShare, loss.pixelShare, accuracy: 1e-12)
        XCTAssertEqual(reverse.claims.map(\.held), [true])
        XCTAssertEqual(reverse.claims.map(\.heldBefore), [false])

        XCTAssertTrue(try build().contains("nothing changed"))
        let kept = try FileManager.default.contentsOfDirectory(atPath: project + "/site/.changes/figures")
        XCTAssertEqual(kept, [], "only the pictures the last report shows are kept")
    }

    /// `latent figures` with nothing changed: it ran, restored, and changed nothing a reader sees.
    func testARedrawThatChangesNothingSaysSo() throws {
        _ = try build()
        let result = try latent(["figures", "demo"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let log = result.standardError
        XCTAssertTrue(log.contains("== changes (latent figures demo, "), log)
        XCTAssertTrue(log.contains("demo: ran on request (no input changed)\n   restored demo: its inputs are unchanged\n"
                                   + "   no number, table, figure, claim or sentence changed"), log)
        let chapter = try XCTUnwrap(try lastReport().chapters.first)
        XCTAssertTrue(chapter.outputsUnchanged)
    }

    func testAProseEditReportsTheParagraphAndNothingElse() throws {
        _ = try build()
        try edit("Training reports each epoch's loss.", "Training reports the loss of every epoch.")
        let log = try build()
        let chapter = try XCTUnwrap(try lastReport().chapters.first)
        XCTAssertNil(chapter.ranBecause, log)
        XCTAssertEqual(chapter.paragraphs.map(\.new), ["Training reports the loss of every epoch."], log)
        XCTAssertEqual(chapter.paragraphs.map(\.old), ["Training reports each epoch's loss."])
        XCTAssertTrue(log.contains("demo: rewoven (not run)\n   paragraph 3: Training reports [each epoch's loss. → the loss of every epoch.]"), log)
    }

    func testChangesNamesAMissingReportAndAnUnknownChapter() throws {
        let none = try CommandRunner.latent(["changes", "--output", "site"], in: project)
        XCTAssertNotEqual(none.status, 0)
        XCTAssertTrue(none.standardError.contains("no change report"), none.standardError)
        _ = try build()
        let unknown = try CommandRunner.latent(["changes", "nosuch", "--output", "site"], in: project)
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.standardError.contains("no chapter 'nosuch'"), unknown.standardError)
    }
}
