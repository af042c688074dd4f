import Integrity
import Foundation
import Learning

/// Per-epoch numbers of one training, whether it ran now or was restored with its checkpoint.
public struct TrainingHistory: Sendable {
    /// The model's name, as given to `trainOrRestore`.
    public let model: String
    /// Each epoch's numbers by name (`train_loss`, `test_loss`, …), first epoch first: what `progress.epoch` recorded.
    public let epochs: [[String: Double]]
    /// Images the training kept after each epoch (`progress.snapshot`), by name.
    public var snapshots: [String: TrainingSnapshots] = [:]

    /// The snapshots named `name`: an unknown name stops the chapter with the names there are.
    public func snapshots(_ name: String) -> TrainingSnapshots {
        guard let found = snapshots[name] else {
            Chapter.exit(with: NotebookError.unknownTrainingMetric(model: model, name: "snapshot \(name)", known: snapshots.keys.sorted()))
        }
        return found
    }

    /// (epoch, value) pairs of one metric, ready for a `LinePlot` series. A name the training never
    /// reported stops the chapter with an error listing the names it did report.
    public func series(_ metric: String) -> [(x: Double, y: Double)] {
        requireKnown(metric)
        return epochs.compactMap { entry in entry[metric].map { (entry["epoch"] ?? 0, $0) } }
    }

    /// The last epoch's value of `metric` (an unknown name stops the chapter, as in `series`).
    public func final(_ metric: String) -> Double {
        requireKnown(metric)
        return epochs.last?[metric] ?? .nan
    }

    private func requireKnown(_ metric: String) {
        do { try checkKnown(metric) } catch { Chapter.exit(with: error) }
    }

    /// Throws `unknownTrainingMetric` unless some epoch reported `metric`.
    func checkKnown(_ metric: String) throws {
        let known = Set(epochs.flatMap(\.keys))
        guard known.contains(metric) else { throw NotebookError.unknownTrainingMetric(model: model, name: metric, known: known.sorted()) }
    }
}

/// The same few images as the model drew them after each epoch of its training: a film of the
/// model learning. Grey-levels are kept as bytes (0…255), which is all a page can show.
public struct TrainingSnapshots: Codable, Sendable {
    /// Images per epoch.
    public let images: Int
    /// Values per image (side × side).
    public let pixels: Int
    /// One entry per epoch: images × pixels bytes, image after image (base64 in JSON).
    public var frames: [Data]

    /// The images after epoch `epoch` (1-based), as grey-levels in [0, 1].
    public func images(afterEpoch epoch: Int) -> [[Float]] {
        let frame = [UInt8](frames[epoch - 1])
        return (0..<images).map { image in frame[image * pixels..<(image + 1) * pixels].map { Float($0) / 255 } }
    }
}

/// Handed to a training closure: counts steps, stops on a loss that is not finite, and records
/// each epoch's metrics, printing one progress line with an ETA.
public final class TrainingProgress {
    /// How many epochs the training closure should run (the closure loops `1...progress.epochs`).
    public let epochs: Int
    let label: String
    let started = Date()
    var history: [[String: Double]] = []
    var snapshots: [String: TrainingSnapshots] = [:]
    /// The epoch being trained (1-based) and the steps taken in it.
    private var currentEpoch = 1
    private var stepsThisEpoch = 0

    init(epochs: Int, label: String) {
        self.epochs = epochs
        self.label = label
    }

    /// Records one optimisation step whose loss was `loss` and returns the loss's value. A loss that
    /// is NaN or infinite ends training with an error naming the epoch and step.
    @discardableResult
    public func step(_ loss: Tensor) throws -> Double {
        stepsThisEpoch += 1
        try checkFinite(loss.item, epoch: currentEpoch, step: stepsThisEpoch)
        return Double(loss.item)
    }

    /// Keeps the images `draw` returns (grey-levels in [0, 1], each the same size) as this epoch's
    /// frame of the film `name`. `draw` runs without recording gradients, so it may decode or
    /// reconstruct with the model being trained; call it once per epoch.
    public func snapshot(_ name: String, _ draw: () -> [[Float]]) {
        let images = withoutGradients(draw)
        let frame = images.flatMap { $0.map { UInt8((Swift.min(Swift.max($0, 0), 1) * 255).rounded()) } }
        var film = snapshots[name] ?? TrainingSnapshots(images: images.count, pixels: images.first?.count ?? 0, frames: [])
        film.frames.append(Data(frame))
        snapshots[name] = film
    }

    /// Records epoch `epoch`'s metrics (e.g. ("train_loss", 0.021)) and prints one line on stderr.
    public func epoch(_ epoch: Int, _ metrics: KeyValuePairs<String, Double>) {
        var entry: [String: Double] = ["epoch": Double(epoch)]
        for (name, value) in metrics { entry[name] = value }
        history.append(entry)
        currentEpoch = epoch + 1
        stepsThisEpoch = 0
        let elapsed = Date().timeIntervalSince(started)
        let remaining = elapsed / Double(epoch) * Double(max(epochs - epoch, 0))
        let values = metrics.map { "\($0.key) \(String(format: "%.4g", $0.value))" }.joined(separator: "  ")
        let line = "[\(label)] epoch \(epoch)/\(epochs)  \(values)  \(String(format: "%.1f", elapsed)) s  ETA \(String(format: "%.0f", remaining)) s\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}

extension Chapter {
    /// Trains `model` with `optimizer` by running `train`, or — when a checkpoint made by the same
    /// code exists — restores both from it and skips `train` entirely.
    ///
    /// The checkpoint holds the model's tensors and the optimizer's state. It is found by its key:
    /// exactly what the training can depend on (`DependencyAnalysis`) — this call and the chapter
    /// statements and library declarations it reaches, the build settings, `settings`
    /// (hyperparameters), `epochs`, the data's hash, seed, threads, compiler and the earlier
    /// chapters' results read so far. A figure or caption the training does not use is not part of
    /// it. The store keeps several versions per model, so undoing an edit restores instead of
    /// training. `train` runs with gradients recorded; everything else a chapter does evaluates
    /// without them. With `--figures-only` a missing checkpoint is an error that says how to train it.
    public func trainOrRestore(
        _ name: String, model: some Layer, optimizer: some Optimizer, epochs: Int, settings: String = "",
        line: Int = #line, _ train: (TrainingProgress) throws -> Void
    ) -> TrainingHistory {
        let code = analysis.trainingDependencies(chapterFile: sourceFile, line: line)
        return restoreOrTrain(name, state: model.namedTensors + optimizer.namedState, epochs: epochs, owner: slug, sharedFile: nil,
                              dependencies: trainingDependencies(code, name: name, epochs: epochs, settings: settings, readsResults: true),
                              line: line, train)
    }

    /// Like `trainOrRestore`, for a model several chapters share (its training code lives in a
    /// library file, `file`): the key follows that file and what it reaches, not any chapter's
    /// code, so it is trained once for the whole site.
    public func trainOrRestoreShared(
        _ name: String, model: some Layer, optimizer: some Optimizer, epochs: Int, settings: String = "",
        line: Int = #line, file: String = #fileID, _ train: (TrainingProgress) throws -> Void
    ) -> TrainingHistory {
        let path = "Sources/" + file  // #fileID is "Module/File.swift"
        let code = analysis.sharedTrainingDependencies(file: path)
        return restoreOrTrain(name, state: model.namedTensors + optimizer.namedState, epochs: epochs, owner: "shared", sharedFile: path,
                              dependencies: trainingDependencies(code, name: name, epochs: epochs, settings: settings, readsResults: false),
                              line: line, train)
    }

    /// The code's dependencies plus what the run itself decides: model, epochs, settings, data,
    /// seed, threads, toolchain, checkpoint format and — for a chapter's own training, whose code
    /// may use them; a shared one's library code cannot — the results of earlier chapters read so far.
    private func trainingDependencies(_ code: [String: String], name: String, epochs: Int, settings: String, readsResults: Bool) -> [String: String] {
        KeyRecipe.training(code: code, run: runDependencies(readsResults: readsResults), model: name, epochs: epochs,
                           settings: settings, checkpointFormat: "\(Checkpoint.version)")
    }

    /// What the run itself decides, which every kept result (a checkpoint, an evaluation) depends on
    /// (`KeyRecipe.run`): data, seed, threads, toolchain and, when the code may use them, the
    /// results of earlier chapters read so far.
    func runDependencies(readsResults: Bool) -> [String: String] {
        KeyRecipe.run(data: dataFingerprint, seed: options.seed, threads: options.threads, toolchain: options.resolvedToolchain,
                      resultsRead: readsResults ? record.resultsRead ?? [:] : [:])
    }

    private func restoreOrTrain(
        _ name: String, state: [(name: String, tensor: Tensor)], epochs: Int, owner: String, sharedFile: String?,
        dependencies: [String: String], line: Int, _ train: (TrainingProgress) throws -> Void
    ) -> TrainingHistory {
        let key = DependencyAnalysis.key(of: dependencies)
        let store = CheckpointStore(folder: options.checkpoints)
        let checkpoint = store.statePath(for: key)
        // The count `chapter.epochs(n)` was asked for just before this call, if it gave these epochs.
        let asWritten = epochsAsked.flatMap { (options.epochs ?? $0) == epochs ? $0 : nil }
        epochsAsked = nil
        func recorded(_ seconds: Double, _ epochs: [[String: Double]], restored: Bool) -> RunRecord.Training {
            var training = RunRecord.Training(name: name, cacheKey: key, loadedFromCheckpoint: restored, trainingSeconds: seconds, epochs: epochs,
                                              line: line, dependencies: dependencies, sharedFile: sharedFile)
            training.epochsAsWritten = asWritten
            return training
        }
        if !options.retrain, store.entry(for: key) != nil {
            do {
                try Checkpoint.load(into: state, from: checkpoint)
                let saved = try JSONDecoder().decode(SavedHistory.self, from: Data(contentsOf: URL(fileURLWithPath: store.historyPath(for: key))))
                store.touch(key)
                record.trainings.append(recorded(saved.seconds, saved.epochs, restored: true))
                FileHandle.standardError.write(Data("[\(slug)] \(name): restored from checkpoint \(key.prefix(12))\n".utf8))
                return TrainingHistory(model: name, epochs: saved.epochs, snapshots: saved.snapshots ?? [:])
            } catch {
                // Redrawing figures never trains, so say so instead of promising to train again.
                if options.figuresOnly { fail(NotebookError.unusableCheckpoint(path: checkpoint, reason: "\(error)", chapter: slug)) }
                FileHandle.standardError.write(Data("[\(slug)] \(name): checkpoint unusable (\(error)); training again\n".utf8))
            }
        }
        if options.figuresOnly { fail(NotebookError.missingCheckpoint(chapter: slug, model: name)) }
        FileHandle.standardError.write(Data("[\(slug)] \(name): training (checkpoint \(key.prefix(12)))\n".utf8))
        let progress = TrainingProgress(epochs: epochs, label: "\(slug)/\(name)")
        do { try withGradients { try train(progress) } } catch { fail(error) }
        let seconds = Date().timeIntervalSince(progress.started)
        do {
            try store.prepare(key)
            try Checkpoint.save(state, to: checkpoint)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try writeAtomically(try encoder.encode(SavedHistory(seconds: seconds, epochs: progress.history, snapshots: progress.snapshots)),
                                to: store.historyPath(for: key))
            try store.commit(.init(owner: owner, model: name, key: key, created: Date(), lastUsed: Date(), dependencies: dependencies))
        } catch { fail(error) }
        record.trainings.append(recorded(seconds, progress.history, restored: false))
        return TrainingHistory(model: name, epochs: progress.history, snapshots: progress.snapshots)
    }
}

/// What is kept beside a checkpoint: the training's time, per-epoch numbers and snapshots (nil in
/// histories saved before snapshots existed).
private struct SavedHistory: Codable {
    let seconds: Double
    let epochs: [[String: Double]]
    var snapshots: [String: TrainingSnapshots]?
}
