import Foundation
@testable import RunFormat
import XCTest

/// `latent build --dry-run` tells the truth: for each option and each kind of edit, the verdict it
/// gives every model (retrain or restore) and every kept evaluation (compute or restore) is what
/// the build then does. The project has a library module of its own (`Sources/Learning`), so a
/// library edit reached by the training and one reached by nothing can be told apart.
final class DryRunTests: DemoProjectTestCase {
    override var extraArguments: [String] { ["--no-compile"] }

    var lossFile: String { project + "/Sources/Learning/Losses.swift" }
    var unusedFile: String { project + "/Sources/Learning/Unused.swift" }

    override func setUpWithError() throws {
        try super.setUpWithError()
        try FileManager.default.createDirectory(atPath: project + "/Sources/Learning", withIntermediateDirectories: true)
        try "public func meanSquaredError(_ a: Tensor, _ b: Tensor) -> Tensor { mean((a - b) * (a - b)) }\n"
            .write(toFile: lossFile, atomically: true, encoding: .utf8)
        try "public func neverCalled() -> Int { 1 }\n".write(toFile: unusedFile, atomically: true, encoding: .utf8)
    }

    /// The verdicts a dry run prints: "retrain"/"compute" is true, "restore" false, by name.
    func predicted(_ flags: [String]) throws -> [String: Bool] {
        let result = try latent(["build", "--dry-run"] + flags)
        XCTAssertEqual(result.status, 0, result.standardError)
        var verdicts: [String: Bool] = [:]
        for line in result.standardOutput.components(separatedBy: "\n") where line.hasPrefix("     ") {
            let words = line.trimmingCharacters(in: .whitespaces)
            guard let space = words.firstIndex(of: " ") else { continue }
            let verb = words[..<space]
            let name = words[words.index(after: space)...].prefix { $0 != ":" }
            verdicts[String(name)] = verb == "retrain" || verb == "compute"
        }
        return verdicts
    }

    /// What a build with `flags` did: trained or computed is true, restored false, by name.
    func built(_ flags: [String]) throws -> [String: Bool] {
        let result = try latent(["build"] + flags)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardError.contains("running DemoChapter"), "the chapter ran: " + result.standardError)
        let record = try RunRecord.read(from: project + "/site/.runs/demo/run.json")
        var done: [String: Bool] = [:]
        for training in record.trainings { done[training.name] = !training.loadedFromCheckpoint }
        for evaluation in record.evaluations ?? [] { done[evaluation.name] = !evaluation.restored }
        return done
    }

    /// Dry run, then build, with `flags`; the two agree, and agree with `expected` (model, evaluation).
    func check(_ what: String, _ flags: [String] = [], expected: (Bool, Bool), file: StaticString = #filePath, line: UInt = #line) throws {
        let prediction = try predicted(flags)
        let done = try built(flags)
        XCTAssertEqual(prediction, done, "\(what): the dry run's verdicts are the build's", file: file, line: line)
        XCTAssertEqual(done, ["demo": expected.0, "test error": expected.1], what, file: file, line: line)
    }

    func testTheDryRunsVerdictIsTheBuildsForEveryOptionAndEdit() throws {
        XCTAssertEqual(try built([]), ["demo": true, "test error": true])
        // Options: each is part of every key.
        try check("--seed 2", ["--seed", "2"], expected: (true, true))
        try check("back to seed 1 (kept)", expected: (false, false))
        try check("--epochs 1", ["--epochs", "1"], expected: (true, true))
        try check("--epochs 3 is the chapter's own count (kept)", ["--epochs", "3"], expected: (false, false))
        try check("--threads 1", ["--threads", "1"], expected: (true, true))
        try check("back to 2 threads (kept)", expected: (false, false))
        // The data: another image in the training set is another dataset.
        let images = fixture.data + "/train-images-idx3-ubyte"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: images))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: images))
        try check("other data", expected: (true, true))
        // Edits: a figure's caption; the training's code and its undo; library code the training
        // reaches and library code nothing reaches.
        try edit("The layer sizes, drawn above the training code.", "The sizes of the layers.")
        try check("a caption", expected: (false, false))
        try edit("learningRate: 0.01)", "learningRate: 0.02)")
        try check("the learning rate", expected: (true, true))
        try edit("learningRate: 0.02)", "learningRate: 0.01)")
        try check("its undo", expected: (false, false))
        try "public func neverCalled() -> Int { 2 }\n".write(toFile: unusedFile, atomically: true, encoding: .utf8)
        try check("library code nothing reaches", expected: (false, false))
        try "public func meanSquaredError(_ a: Tensor, _ b: Tensor) -> Tensor { mean((b - a) * (b - a)) }\n"
            .write(toFile: lossFile, atomically: true, encoding: .utf8)
        try check("library code the training reaches", expected: (true, true))
    }
}
