import Foundation
import Integrity
import Learning

extension Chapter {
    /// Runs `evaluate` — a slow measurement of the models this run trained or restored, such as
    /// drawing thousands of images at several guidance scales — or, when a run with the same inputs
    /// kept its result, returns that result without running it. This is what makes redrawing a
    /// chapter's figures quick: an edit to a caption or a plot does not draw the images again.
    ///
    /// The result is kept in the checkpoint store under a key made as a training's is
    /// (`DependencyAnalysis`: this statement and the chapter statements and library code it
    /// reaches, data, seed, threads, toolchain, results of other chapters read), plus the keys of
    /// every model trained or restored before it in this run: new weights mean a new result.
    /// JSON keeps every number to its last bit, so a restored result is the one computed.
    ///
    /// `evaluate` must return everything it produces: a statement that mentions a top-level `var`
    /// stops the chapter with an error, since restoring would skip what it does to that variable.
    /// (Draw random numbers inside it, from `chapter.random(purpose)`.) It runs without recording
    /// gradients; `--retrain` computes it again.
    public func evaluateOrRestore<Result: Codable>(_ name: String, line: Int = #line, _ evaluate: () throws -> Result) -> Result {
        let variables = analysis.variablesMentioned(chapterFile: sourceFile, line: line)
        guard variables.isEmpty else {
            fail(AuthorMistake(file: sourceFile, line: line, message: "evaluateOrRestore(\"\(name)\") uses the variable "
                + variables.map { "'\($0)'" }.joined(separator: ", ")
                + ": a restored result skips the closure, so what it does to the variable would not happen; declare it inside the closure"))
        }
        var models: [String: String] = [:]
        for training in record.trainings { models[training.name] = training.cacheKey }
        let dependencies = KeyRecipe.evaluation(code: analysis.trainingDependencies(chapterFile: sourceFile, line: line),
                                                run: runDependencies(readsResults: true), name: name, modelKeys: models)
        let key = DependencyAnalysis.key(of: dependencies)
        let store = CheckpointStore(folder: options.checkpoints)
        func kept(_ seconds: Double, restored: Bool) {
            record.evaluations = (record.evaluations ?? []) + [.init(name: name, cacheKey: key, restored: restored, seconds: seconds, line: line)]
        }
        if !options.retrain, let entry = store.entry(for: key), let saved = FileManager.default.contents(atPath: store.resultPath(for: key)),
           let restored = try? KeptResult<Result>.decoder.decode(KeptResult<Result>.self, from: saved) {
            store.touch(entry.key)
            kept(restored.seconds, restored: true)
            FileHandle.standardError.write(Data("[\(slug)] \(name): restored (computed in \(String(format: "%.1f", restored.seconds)) s)\n".utf8))
            return restored.result
        }
        FileHandle.standardError.write(Data("[\(slug)] \(name): computing (kept as \(key.prefix(12)))\n".utf8))
        let started = Date()
        let result: Result
        do { result = try withoutGradients { try evaluate() } } catch { fail(error) }
        let seconds = Date().timeIntervalSince(started)
        do {
            try store.prepare(key)
            try writeAtomically(try KeptResult<Result>.encoder.encode(KeptResult(seconds: seconds, result: result)), to: store.resultPath(for: key))
            try store.commit(.init(owner: slug, model: CheckpointStore.Entry.evaluationName(name), key: key, created: Date(), lastUsed: Date(), dependencies: dependencies))
        } catch { fail(error) }
        kept(seconds, restored: false)
        return result
    }
}

/// What the store keeps of an evaluation: its result and how long computing it took.
private struct KeptResult<Result: Codable>: Codable {
    let seconds: Double
    let result: Result

    /// NaN and infinities are kept as words (plain JSON has no such numbers, and a measurement may be one).
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }
}
