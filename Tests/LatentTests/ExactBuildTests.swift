import Foundation
import Notebook
@testable import RunFormat
@testable import Weaver
import TestSupport
import XCTest

/// Exact, safe builds end to end on the demo chapter (it trains in a second): what each kind of
/// edit runs, undoing an edit, outputs that went missing, and two commands at once.
///
/// The project here holds a copy of the demo chapter; the program that runs is the compiled demo.
/// Its keys come from the snapshot of this copy (as `latent` hands it to the program), so an edit
/// kept on the same line shows how keys react without recompiling anything.
final class ExactBuildTests: DemoProjectTestCase {
    override var extraArguments: [String] { ["--no-compile"] }

    /// Builds and returns (models trained, models restored) by the run record, and the log.
    func build() throws -> (trained: Int, restored: Int, log: String) {
        let result = try latent(["build"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let record = try RunRecord.read(from: project + "/site/demo/run.json")
        let ran = result.standardError.contains("running DemoChapter")
        let trained = ran ? record.trainings.filter { !$0.loadedFromCheckpoint }.count : 0
        let restored = ran ? record.trainings.filter(\.loadedFromCheckpoint).count : 0
        return (trained, restored, result.standardError)
    }

    func testACaptionAboveTheTrainingRedrawsFromTheCheckpoint() throws {
        try startFromBuiltSite()
        try edit("The layer sizes, drawn above the training code.", "The sizes of the layers.")
        let dryRun = try latent(["build", "--dry-run"]).standardOutput
        XCTAssertTrue(dryRun.contains("demo: redraw from checkpoints: chapter/main.swift changed"), dryRun)
        XCTAssertTrue(dryRun.contains("restore demo: its inputs are unchanged"), dryRun)
        let redraw = try build()
        XCTAssertEqual(redraw.trained, 0, redraw.log)
        XCTAssertEqual(redraw.restored, 1, redraw.log)
        XCTAssertTrue(try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8).contains("The sizes of the layers."))
    }

    func testUndoingATrainingEditRestoresTheKeptCheckpoint() throws {
        try startFromBuiltSite()
        try edit("learningRate: 0.01)", "learningRate: 0.02)")
        let dryRun = try latent(["build", "--dry-run"]).standardOutput
        XCTAssertTrue(dryRun.contains("demo: retrain demo: chapter/main.swift changed"), dryRun)
        XCTAssertTrue(dryRun.contains("retrain demo: code changed"), dryRun)
        XCTAssertEqual(try build().trained, 1, "a new learning rate trains")
        try edit("learningRate: 0.02)", "learningRate: 0.01)")
        XCTAssertTrue(try latent(["build", "--dry-run"]).standardOutput.contains("(a checkpoint for this version is kept)"))
        let undone = try build()
        XCTAssertEqual(undone.trained, 0, "the undo restores: " + undone.log)
        XCTAssertEqual(undone.restored, 1)
        let cache = try latent(["cache"]).standardOutput
        XCTAssertTrue(cache.contains("demo/demo"), cache)
        XCTAssertTrue(cache.contains("2 checkpoints"), cache)
        XCTAssertEqual(try CommandRunner.latent(["clean", "--checkpoints", "--output", "site"], in: project).status, 0)
        XCTAssertTrue(try latent(["cache"]).standardOutput.contains("no checkpoints kept"))
    }

    /// A kept result (`evaluateOrRestore`): a caption edit restores it, to the last bit; an edit of
    /// its own code computes it again; a closure that names a top-level `var` is an author mistake
    /// pointing at its line.
    func testAnEvaluationIsKeptAcrossRedrawsAndComputedAgainWhenItsCodeChanges() throws {
        try startFromBuiltSite()
        let first = try RunRecord.read(from: project + "/site/demo/run.json")
        XCTAssertEqual(first.evaluations?.map(\.restored), [false])
        try edit("The layer sizes, drawn above the training code.", "The sizes of the layers.")
        let redraw = try build()
        XCTAssertTrue(redraw.log.contains("test error: restored"), redraw.log)
        let second = try RunRecord.read(from: project + "/site/demo/run.json")
        XCTAssertEqual(second.evaluations?.map(\.restored), [true])
        func testError(_ record: RunRecord) -> Double? { record.metrics.first { $0.name == "test_mse" }?.value }
        XCTAssertEqual(testError(second), testError(first))
        XCTAssertEqual(second.evaluations?.first?.cacheKey, first.evaluations?.first?.cacheKey)
        try edit("evaluateOrRestore(\"test error\") { Double(", "evaluateOrRestore(\"test error\") { 1 * Double(")
        _ = try build()
        let recomputed = try RunRecord.read(from: project + "/site/demo/run.json")
        XCTAssertEqual(recomputed.evaluations?.map(\.restored), [false], "its code changed")
        try edit("{ 1 * Double(meanSquaredError", "{ _ = generator; return Double(meanSquaredError")
        let mistake = try latent(["build"])
        XCTAssertNotEqual(mistake.status, 0)
        let line = try String(contentsOfFile: chapterFile, encoding: .utf8).components(separatedBy: "\n").firstIndex { $0.contains("_ = generator") }! + 1
        XCTAssertTrue(mistake.standardError.contains("main.swift:\(line): error: evaluateOrRestore(\"test error\") uses the variable 'generator'"),
                      mistake.standardError)
    }

    func testAMissingOutputMakesTheChapterStaleAndTheBuildMakesItAgain() throws {
        try startFromBuiltSite()
        for folder in ["site/.runs/demo", "site/demo"] { try FileManager.default.removeItem(atPath: "\(project)/\(folder)/loss.png") }
        let list = try latent(["list"]).standardOutput
        XCTAssertTrue(list.contains("stale: its output loss.png is missing or altered"), list)
        let rebuilt = try build()
        XCTAssertEqual(rebuilt.trained, 0, "made again from the checkpoint")
        XCTAssertTrue(FileManager.default.fileExists(atPath: project + "/site/demo/loss.png"))
        XCTAssertTrue(try latent(["list"]).standardOutput.contains("up to date"))
        // A file gone from the published page only: a reweave puts it back, nothing runs.
        try FileManager.default.removeItem(atPath: project + "/site/demo/loss.png")
        XCTAssertTrue(try latent(["list"]).standardOutput.contains("the page folder lacks or altered loss.png"))
        XCTAssertFalse(try build().log.contains("running DemoChapter"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: project + "/site/demo/loss.png"))
    }

    func testAProseEditMovesEveryKindOfOutput() throws {
        try startFromBuiltSite()
        let before = try RunRecord.read(from: project + "/site/demo/run.json")
        XCTAssertFalse(before.liveFigures?.isEmpty ?? true, "the demo has a film, whose slider is a live figure")
        XCTAssertFalse(before.tables.isEmpty || before.notes.isEmpty || before.metrics.isEmpty || before.figures.isEmpty)
        let original = try String(contentsOfFile: chapterFile, encoding: .utf8).components(separatedBy: "\n")
        try edit("//: Training reports each epoch's loss.\n", "//: Training reports each epoch's loss.\n//: Two more\n//: lines.\n")
        let log = try build().log
        XCTAssertTrue(log.contains("prose changed; rewoven"), log)
        let edited = try String(contentsOfFile: chapterFile, encoding: .utf8).components(separatedBy: "\n")
        let after = try RunRecord.read(from: project + "/site/demo/run.json")
        // Every kind of output now stands at the line of the edited file that holds the code that
        // made it: where a full run of the edited chapter records it.
        func check(_ kind: String, _ old: [Int], _ new: [Int]) {
            XCTAssertEqual(old.count, new.count, kind)
            for (oldLine, newLine) in zip(old, new) {
                XCTAssertEqual(edited[newLine - 1], original[oldLine - 1], "\(kind) at line \(oldLine) → \(newLine)")
            }
            XCTAssertNotEqual(old, new, "\(kind): below the edit, so it moved")
        }
        check("live figures", (before.liveFigures ?? []).map(\.line), (after.liveFigures ?? []).map(\.line))
        check("figures", before.figures.dropFirst().map(\.line), after.figures.dropFirst().map(\.line))
        check("tables", before.tables.map(\.line), after.tables.map(\.line))
        check("notes", before.notes.map(\.line), after.notes.map(\.line))
        check("trainings", before.trainings.map(\.line), after.trainings.map(\.line))
        check("metrics", before.metrics.map(\.line), after.metrics.map(\.line))
    }

    func testASecondWriterWaitsOrWithNoWaitExitsSeventyFive() throws {
        try startFromBuiltSite()
        var lock: SiteLock? = try SiteLock(output: project + "/site", command: "build (the test)", wait: false) { _ in }
        let refused = try latent(["build", "--no-wait"])
        XCTAssertEqual(refused.status, 75)
        XCTAssertTrue(refused.standardError.contains("process \(getpid())"), refused.standardError)
        XCTAssertTrue(refused.standardError.contains("latent build (the test)"), refused.standardError)
        // A waiting command finishes once the holder is done.
        let waiting = Process()
        waiting.executableURL = CommandRunner.executable
        waiting.arguments = ["chapter", "demo", "--catalog", "catalog.json", "--output", "site", "--data-directory", fixture.data, "--no-compile",
                             "--executables", CommandRunner.executable.deletingLastPathComponent().path]
        waiting.currentDirectoryURL = URL(fileURLWithPath: project)
        let errors = Pipe()
        waiting.standardError = errors
        waiting.standardOutput = FileHandle.nullDevice
        try waiting.run()
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(waiting.isRunning, "it waits for the lock")
        lock = nil
        waiting.waitUntilExit()
        XCTAssertNil(lock)
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(waiting.terminationStatus, 0, said)
        XCTAssertTrue(said.contains("waiting for the build in process \(getpid())"), said)
        try assertEveryLinkResolves()
    }

    func testTwoBuildsAtOnceLeaveAWholeSite() throws {
        try startFromBuiltSite()
        let arguments = ["--catalog", "catalog.json", "--output", "site", "--data-directory", fixture.data, "--no-compile",
                         "--executables", CommandRunner.executable.deletingLastPathComponent().path]
        let processes = [["build", "--force"], ["figures", "demo"]].map { verb -> Process in
            let process = Process()
            process.executableURL = CommandRunner.executable
            process.arguments = verb + arguments
            process.currentDirectoryURL = URL(fileURLWithPath: project)
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            return process
        }
        for process in processes {
            try process.run()
            Thread.sleep(forTimeInterval: 0.3)
        }
        for process in processes {
            process.waitUntilExit()
            XCTAssertEqual(process.terminationStatus, 0)
        }
        try assertEveryLinkResolves()
    }

    /// Every file the demo's page links (src, href, srcset) is there.
    func assertEveryLinkResolves(file: StaticString = #filePath, line: UInt = #line) throws {
        let page = try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8)
        for link in SiteFixture.links(in: page) where !link.hasPrefix("http") && !link.hasPrefix("#") && !link.isEmpty {
            let path = (project + "/site/demo/" + (link.components(separatedBy: "#").first ?? link) as NSString).standardizingPath
            XCTAssertTrue(FileManager.default.fileExists(atPath: path), "the page links \(link), which is missing", file: file, line: line)
        }
    }
}
