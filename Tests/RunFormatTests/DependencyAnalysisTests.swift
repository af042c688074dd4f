import Foundation
import Integrity
@testable import RunFormat
import TestSupport
import XCTest

/// What a training and a chapter program depend on: first on small snapshots written here, then on
/// the project's own chapters, for each row of the "exact builds" check (which edit retrains what).
final class DependencyAnalysisTests: XCTestCase {
    /// A snapshot of the given files (path → text).
    func snapshot(_ files: [String: String]) -> SourceSnapshot {
        SourceSnapshot(files: files.mapValues { SHA256.hexDigest(of: $0) }, texts: files)
    }

    let chapter = """
        import Learning
        import Notebook
        let chapter = Chapter(slug: "toy")
        var weights = chapter.random("weights")
        let model = Toy(using: &weights)
        chapter.figure("architecture", caption: "A caption above the training.") { Diagram(size: model.size) }
        var noise = chapter.random("noise")
        chapter.note("noise: \\(noise.next())")
        func trainingLoss() -> Double { model.loss() }
        let history = chapter.trainOrRestore("toy", model: model, epochs: 3) { progress in
            progress.step(trainingLoss() + Double(noise.next()))
        }
        chapter.figure("loss", caption: "After training.") { Plot(history) }
        """

    let library = [
        "Sources/Learning/Toy.swift": "import Engine\npublic struct Toy { let size = 3\n public func loss() -> Double { relu(1) } }",
        "Sources/Learning/Ops.swift": "import Engine\npublic func relu(_ x: Double) -> Double { kernel_relu(x) }",
        "Sources/Learning/Unused.swift": "public struct Unused { }",
        "Sources/Learning/ToyExtras.swift": "extension Toy { public func describe() -> String { \"toy\" } }",
        "Sources/Engine/relu.c": "double kernel_relu(double x) { return x > 0 ? x : 0; }",
        "Sources/Notebook/Chapter.swift": "import RunFormat\npublic final class Chapter { public func random(_ p: String) -> Int { 1 } }",
        "Sources/Notebook/Outputs.swift": "import Figures\nextension Chapter { public func figure(_ n: String) { Canvas() } }",
        "Sources/Figures/Canvas.swift": "public struct Canvas { }",
        "Sources/RunFormat/Record.swift": "public struct Record { }",
        "Sources/Weaver/Stylesheet.swift": "import RunFormat\nlet css = \"body {}\"",
    ]

    func analysis(chapter text: String? = nil, replacing changes: [String: String] = [:]) -> DependencyAnalysis {
        var files = library.merging(["chapters/toy/main.swift": text ?? chapter]) { $1 }
        files.merge(changes) { $1 }
        return DependencyAnalysis(snapshot: snapshot(files))
    }

    func trainingDependencies(_ analysis: DependencyAnalysis) -> [String: String] {
        let text = analysis.snapshot.texts["chapters/toy/main.swift"] ?? ""
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("trainOrRestore(") }! + 1
        return analysis.trainingDependencies(chapterFile: "chapters/toy/main.swift", line: line)
    }

    func testTheTrainingReachesWhatItUsesAndNothingElse() {
        let dependencies = trainingDependencies(analysis())
        XCTAssertEqual(Set(dependencies.keys.filter { $0.hasPrefix("Sources/") }), [
            "Sources/Learning/Toy.swift", "Sources/Learning/Ops.swift", "Sources/Engine", "Sources/Notebook/Chapter.swift",
        ])
    }

    /// A kept result may not name a top-level `var` (restoring it would skip what it does there);
    /// `let`s, functions and variables of its own are fine.
    func testTheVariablesAStatementMentions() {
        let text = chapter + """

            let kept = chapter.evaluateOrRestore("loss") { var local = 1; local += 1; return trainingLoss() + Double(local) }
            let leaky = chapter.evaluateOrRestore("noisy") { Double(noise.next()) + Double(weights) }
            """
        let analysis = analysis(chapter: text)
        let lines = text.components(separatedBy: "\n")
        func line(_ marker: String) -> Int { lines.firstIndex { $0.contains(marker) }! + 1 }
        XCTAssertEqual(analysis.variablesMentioned(chapterFile: "chapters/toy/main.swift", line: line("\"loss\"")), [])
        XCTAssertEqual(analysis.variablesMentioned(chapterFile: "chapters/toy/main.swift", line: line("\"noisy\"")), ["noise", "weights"])
    }

    /// A name used after a ternary's `?` is a use, not an argument label: changing a constant the
    /// training reads only there retrains it (it did not, once: chapter 5's caption weight).
    func testANameInATernaryIsPartOfTheKey() {
        let text = chapter.replacingOccurrences(of: "func trainingLoss() -> Double { model.loss() }", with: """
            let heavy = 4.0
            func trainingLoss() -> Double { [1.0].map { $0 > 0 ? heavy : 1 }[0] * model.loss() }
            """)
        let heavier = text.replacingOccurrences(of: "let heavy = 4.0", with: "let heavy = 8.0")
        XCTAssertNotEqual(trainingDependencies(analysis(chapter: text))["code"], trainingDependencies(analysis(chapter: heavier))["code"])
        let labelled = SwiftOutline.statements("let x = f(scale: s, plausibility: p, [k: v], (a: 1, b: c))")[0]
        XCTAssertEqual(labelled.freeNames, ["x", "f", "s", "p", "k", "v", "c"], "labels dropped, every used name kept")
    }

    func testACaptionAboveTheTrainingIsNotPartOfItsKey() {
        let before = trainingDependencies(analysis())
        let edited = chapter.replacingOccurrences(of: "A caption above the training.", with: "Another caption.")
        XCTAssertEqual(trainingDependencies(analysis(chapter: edited)), before)
        let after = chapter.replacingOccurrences(of: "After training.", with: "Changed.")
        XCTAssertEqual(trainingDependencies(analysis(chapter: after)), before)
    }

    func testAnOutputThatDrawsFromAVarTheTrainingReadsIsPartOfIt() {
        let before = trainingDependencies(analysis())
        let edited = chapter.replacingOccurrences(of: "(noise.next())\")", with: "(noise.next() + noise.next())\")")
        XCTAssertNotEqual(trainingDependencies(analysis(chapter: edited))["code"], before["code"])
    }

    func testCodeTheTrainingCallsIsPartOfItsKey() {
        let before = trainingDependencies(analysis())
        let edited = chapter.replacingOccurrences(of: "func trainingLoss() -> Double { model.loss() }", with: "func trainingLoss() -> Double { 2 * model.loss() }")
        XCTAssertNotEqual(trainingDependencies(analysis(chapter: edited))["code"], before["code"])
        let seed = chapter.replacingOccurrences(of: "chapter.random(\"weights\")", with: "chapter.random(\"other weights\")")
        XCTAssertNotEqual(trainingDependencies(analysis(chapter: seed))["code"], before["code"])
    }

    func testCommentsAndSpacingAreNotPartOfAKey() {
        let before = trainingDependencies(analysis())
        let edited = chapter.replacingOccurrences(of: "progress.step(trainingLoss()", with: "progress.step( trainingLoss()  // a comment\n ")
        XCTAssertEqual(trainingDependencies(analysis(chapter: edited)), before)
        let library = analysis(replacing: ["Sources/Learning/Toy.swift": "import Engine\n/// Documented.\npublic struct Toy { let size = 3\n public func loss() -> Double { relu(1) } }"])
        XCTAssertEqual(trainingDependencies(library), before)
    }

    func testLibraryEditsRetrainOnlyWhatReachesThem() {
        let before = trainingDependencies(analysis())
        XCTAssertNotEqual(trainingDependencies(analysis(replacing: ["Sources/Learning/Ops.swift": "import Engine\npublic func relu(_ x: Double) -> Double { max(x, 0) }"])), before)
        XCTAssertNotEqual(trainingDependencies(analysis(replacing: ["Sources/Engine/relu.c": "double kernel_relu(double x) { return x; }"])), before)
        for untouched in ["Sources/Learning/Unused.swift", "Sources/Learning/ToyExtras.swift", "Sources/Figures/Canvas.swift",
                          "Sources/Notebook/Outputs.swift", "Sources/RunFormat/Record.swift", "Sources/Weaver/Stylesheet.swift"] {
            XCTAssertEqual(trainingDependencies(analysis(replacing: [untouched: "public struct Edited { }"])), before, untouched)
        }
    }

    func testAnExtensionMemberTheTrainingCallsIsReached() {
        let calling = chapter.replacingOccurrences(of: "model.loss() }", with: "model.loss() + Double(model.describe().count) }")
        XCTAssertNotNil(trainingDependencies(analysis(chapter: calling))["Sources/Learning/ToyExtras.swift"])
    }

    func testAProgramDependsOnTheModulesItsImportsReachButNotTheWeaver() {
        let program = analysis().programDependencies(chapterFolder: "chapters/toy")
        XCTAssertNotNil(program["Sources/Figures/Canvas.swift"], "Notebook imports Figures")
        XCTAssertNotNil(program["Sources/RunFormat/Record.swift"])
        XCTAssertNil(program["Sources/Weaver/Stylesheet.swift"], "a stylesheet edit runs no chapter program")
    }

    // MARK: The project's own chapters

    /// The snapshot of this checkout, with `edits` applied to the texts (path → transform).
    func project(_ edits: [String: (String) -> String] = [:]) throws -> DependencyAnalysis {
        let root = ProjectRoot.path
        var snapshot = try SourceSnapshot.take(root: root, folders: ["chapters"])
        for (path, edit) in edits {
            let text = edit(try XCTUnwrap(snapshot.texts[path], path))
            snapshot.texts[path] = text
            snapshot.files[path] = SHA256.hexDigest(of: text)
        }
        return DependencyAnalysis(snapshot: snapshot)
    }

    /// Every training of the site, by "chapter/model" (shared ones by their file), with its
    /// dependencies.
    func trainings(_ analysis: DependencyAnalysis) -> [String: [String: String]] {
        var result: [String: [String: String]] = [:]
        for path in analysis.snapshot.texts.keys where path.hasPrefix("chapters/") && path.hasSuffix("/main.swift") {
            for training in analysis.trainings(inChapter: path) {
                result["\(path) \(training.model)"] = analysis.trainingDependencies(chapterFile: path, line: training.line)
            }
        }
        // Shared trainings live in the chapters' kits (ChapterKit, WordsAndPatchesKit): any library file that trains one.
        for path in analysis.snapshot.texts.keys where path.hasPrefix("Sources/") && !path.hasPrefix("Sources/Notebook/") && path.hasSuffix(".swift") {
            if analysis.snapshot.texts[path]?.contains("trainOrRestoreShared(") == true {
                result[path] = analysis.sharedTrainingDependencies(file: path)
            }
        }
        return result
    }

    func changedTrainings(_ edits: [String: (String) -> String]) throws -> [String] {
        let before = trainings(try project()), after = trainings(try project(edits))
        XCTAssertEqual(Set(before.keys), Set(after.keys))
        return before.keys.filter { before[$0] != after[$0] }.sorted()
    }

    func testEveryChaptersFirstCaptionRetrainsNothing() throws {
        for path in try project().snapshot.texts.keys.sorted() where path.hasPrefix("chapters/") && path.hasSuffix("/main.swift") {
            let changed = try changedTrainings([path: { text in
                guard let range = text.range(of: "caption: \"") else { return text }
                return text.replacingCharacters(in: range, with: "caption: \"Reworded. ")
            }])
            XCTAssertEqual(changed, [], path)
        }
    }

    /// Chapters 5 and 6 share the words-and-patches model (trained in WordsAndPatchesKit).
    func testACaptionsFileRetrainsOnlyTheWordsAndPatchesModels() throws {
        let changed = try changedTrainings(["Sources/Captions/Vocabulary.swift": { $0 + "\nlet vocabularyEdit = 1\n" }])
        XCTAssertFalse(changed.isEmpty)
        let wordsAndPatches = ["chapters/05-", "chapters/06-", "Sources/WordsAndPatchesKit/"]
        XCTAssertTrue(changed.allSatisfy { path in wordsAndPatches.contains { path.hasPrefix($0) } }, "\(changed)")
    }

    func testTheVQVAEModelRetrainsItAndTheModelsOfItsTokensOnly() throws {
        let changed = try changedTrainings(["Sources/Models/VQVAE.swift": { $0 + "\nlet vqvaeEdit = 1\n" }])
        XCTAssertTrue(changed.contains("Sources/ChapterKit/SharedVQVAE.swift"), "\(changed)")
        XCTAssertTrue(changed.contains { $0.hasPrefix("chapters/04-") }, "\(changed)")
        XCTAssertTrue(changed.contains("Sources/WordsAndPatchesKit/SharedWordsAndPatches.swift"), "\(changed)")
        XCTAssertFalse(changed.contains { $0.hasPrefix("chapters/01-") || $0.hasPrefix("chapters/02-") }, "\(changed)")
    }

    func testTheEngineRetrainsEveryModel() throws {
        let all = trainings(try project()).keys.sorted()
        XCTAssertEqual(try changedTrainings(["Sources/Learning/Tensor.swift": { $0 + "\nlet engineEdit = 1\n" }]), all)
    }

    func testTheStylesheetRunsNoChapterProgram() throws {
        let before = try project(), after = try project(["Sources/Weaver/Stylesheet.swift": { $0 + "\n// restyled\n" }])
        for path in before.snapshot.texts.keys where path.hasPrefix("chapters/") && path.hasSuffix("/main.swift") {
            let folder = (path as NSString).deletingLastPathComponent
            XCTAssertEqual(before.programDependencies(chapterFolder: folder), after.programDependencies(chapterFolder: folder), folder)
        }
    }

    func testTheRunFormatNeitherComputesNorTrains() throws {
        for (path, text) in try project().snapshot.texts where path.hasPrefix("Sources/RunFormat/") {
            XCTAssertFalse(text.contains("import Learning") || text.contains("import Models"), "\(path): the run format must not reach the engine")
        }
    }
}

