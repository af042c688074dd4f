import Foundation
import RunFormat

/// What running a chapter now would do with each model and each kept evaluation of its last run:
/// restore it or compute it again, and why. The keys are predicted with the recipe the chapter
/// program uses (`KeyRecipe`), over the sources, data and options of this build, so the dry run
/// says "retrain" exactly where the build will retrain.
extension SiteBuilder {
    /// One prediction: a model restored or trained, or a kept evaluation restored or computed.
    public struct PlannedResult: Equatable, Sendable {
        public let name: String
        /// Whether the run trains (a model) or computes (an evaluation) it rather than restoring it.
        public let recomputes: Bool
        public let reasons: [String]
    }

    /// The predictions for one chapter, in the order its last run met them.
    public struct RunPlan: Equatable, Sendable {
        public var trainings: [PlannedResult] = []
        public var evaluations: [PlannedResult] = []
    }

    /// The components of a run (data, seed, threads, toolchain) as this build's options set them,
    /// with the results of other chapters the recorded key read replaced by their current digest.
    func predictedRun(replacing recorded: [String: String]) throws -> [String: String] {
        var read: [String: String] = [:]
        for component in recorded.keys {
            guard let other = KeyRecipe.resultsSlug(component) else { continue }
            read[other] = (try? RunRecord.read(from: SiteLayout.record(in: runFolder(other))))?.metricsDigest ?? "none"
        }
        return KeyRecipe.run(data: try dataFingerprint(), seed: options.seed, threads: options.threads, toolchain: toolchain, resultsRead: read)
    }

    /// Predicts what running `entry` now does with every model and kept evaluation its last run
    /// had (none when it never ran: then everything is trained or computed).
    public func plan(of entry: Catalog.Entry) throws -> RunPlan {
        guard let record = try? RunRecord.read(from: SiteLayout.record(in: runFolder(entry.slug))) else { return RunPlan() }
        let source = "\(entry.directory)/main.swift"
        let store = self.store
        var plan = RunPlan()
        var predictedKeys: [String: String] = [:]  // model → predicted key
        let trainingsNow = analysis.trainings(inChapter: source)
        for training in record.trainings {
            guard let recorded = training.dependencies else {
                plan.trainings.append(.init(name: training.name, recomputes: true, reasons: ["its checkpoint predates exact keys"]))
                continue
            }
            let code: [String: String]
            let asWritten: Int?
            if let shared = training.sharedFile {
                code = analysis.sharedTrainingDependencies(file: shared)
                asWritten = training.epochsAsWritten
            } else if let line = trainingsNow.first(where: { $0.model == training.name })?.line {
                code = analysis.trainingDependencies(chapterFile: source, line: line)
                asWritten = analysis.epochsAsWritten(chapterFile: source, line: line) ?? training.epochsAsWritten
            } else {
                plan.trainings.append(.init(name: training.name, recomputes: false, reasons: ["no longer trained by the chapter"]))
                continue
            }
            // What the call passes at run time (its settings, the checkpoint format) cannot change
            // without its code changing: those are taken from the recorded key.
            let epochs = asWritten.map { options.epochs ?? $0 } ?? recorded["epochs"].flatMap { Int($0) } ?? 0
            let predicted = KeyRecipe.training(
                code: code, run: try predictedRun(replacing: recorded), model: training.name,
                epochs: epochs, settings: recorded["settings"] ?? "", checkpointFormat: recorded["checkpoint format"] ?? ""
            )
            let key = DependencyAnalysis.key(of: predicted)
            predictedKeys[training.name] = key
            plan.trainings.append(verdict(training.name, recorded: recorded, predicted: predicted, kept: store.entry(for: key) != nil, what: "a checkpoint"))
        }
        let evaluationsNow = analysis.calls(of: "evaluateOrRestore", inChapter: source)
        for evaluation in record.evaluations ?? [] {
            guard let recorded = store.entry(for: evaluation.cacheKey)?.dependencies else {
                plan.evaluations.append(.init(name: evaluation.name, recomputes: true, reasons: ["its last result is no longer kept"]))
                continue
            }
            guard let line = evaluationsNow.first(where: { $0.name == evaluation.name })?.line else {
                plan.evaluations.append(.init(name: evaluation.name, recomputes: false, reasons: ["no longer evaluated by the chapter"]))
                continue
            }
            var models: [String: String] = [:]
            for component in recorded.keys where component.hasPrefix(KeyRecipe.modelComponent("")) {
                let model = String(component.dropFirst(KeyRecipe.modelComponent("").count))
                models[model] = predictedKeys[model] ?? recorded[component]
            }
            let predicted = KeyRecipe.evaluation(code: analysis.trainingDependencies(chapterFile: source, line: line),
                                                 run: try predictedRun(replacing: recorded), name: evaluation.name, modelKeys: models)
            let kept = store.entry(for: DependencyAnalysis.key(of: predicted)) != nil
            plan.evaluations.append(verdict(evaluation.name, recorded: recorded, predicted: predicted, kept: kept, what: "a result"))
        }
        return plan
    }

    /// Restore when the predicted key is kept, else compute; the reasons are the components that
    /// changed since the last run.
    private func verdict(_ name: String, recorded: [String: String], predicted: [String: String], kept: Bool, what: String) -> PlannedResult {
        let reasons = DependencyAnalysis.changes(from: recorded, to: predicted)
        if kept {
            return PlannedResult(name: name, recomputes: false, reasons: reasons.map { "\($0) (\(what) for this version is kept)" })
        }
        return PlannedResult(name: name, recomputes: true, reasons: reasons.isEmpty ? ["its last result is no longer kept"] : reasons)
    }
}
