import Foundation
import Integrity

/// Trained weights kept by the key of what trained them, several versions per model, like DVC's
/// cache: undoing an edit, switching branches or trying a setting and going back finds the
/// earlier checkpoint and restores it instead of training again.
///
/// Layout: `<folder>/<key>/` holds `state.ckpt` (the model's and optimizer's tensors),
/// `history.json` (per-epoch numbers and film frames) and `entry.json` (`Entry`); a kept
/// evaluation (`evaluateOrRestore`) holds `result.json` and its entry. An entry is
/// written last, so a folder without one is an unfinished save and is ignored (and removed by the
/// next eviction). After each save the store keeps the `versionsPerModel` most recently used
/// versions of each model and evicts the least recently used ones beyond `byteLimit`.
public struct CheckpointStore: Sendable {
    /// What is known about one stored checkpoint.
    public struct Entry: Codable, Sendable, Equatable {
        /// Who trained it: a chapter's slug, or `shared` for a model several chapters use.
        public var owner: String
        public var model: String
        public var key: String
        public var created: Date
        public var lastUsed: Date
        /// What the key was made of (see `DependencyAnalysis`), for `latent cache` and stale reasons.
        public var dependencies: [String: String]
        /// Bytes of the folder, filled in when the store is listed.
        public var bytes: Int?

        /// The name `evaluateOrRestore` files a kept result under (its `model`).
        public static func evaluationName(_ name: String) -> String { "\(evaluationPrefix)\(name)" }
        static let evaluationPrefix = "evaluation: "
        /// Whether this is a kept evaluation result rather than a trained model.
        public var isEvaluation: Bool { model.hasPrefix(Self.evaluationPrefix) }

        public init(owner: String, model: String, key: String, created: Date, lastUsed: Date, dependencies: [String: String]) {
            self.owner = owner
            self.model = model
            self.key = key
            self.created = created
            self.lastUsed = lastUsed
            self.dependencies = dependencies
        }
    }

    public let folder: String
    public var versionsPerModel = 4
    public var byteLimit = 4 << 30

    public init(folder: String) {
        self.folder = folder
    }

    public func directory(for key: String) -> String { (folder as NSString).appendingPathComponent(key) }
    public func statePath(for key: String) -> String { (directory(for: key) as NSString).appendingPathComponent("state.ckpt") }
    public func historyPath(for key: String) -> String { (directory(for: key) as NSString).appendingPathComponent("history.json") }
    /// A kept evaluation's result (`evaluateOrRestore`), in place of a state and a history.
    public func resultPath(for key: String) -> String { (directory(for: key) as NSString).appendingPathComponent("result.json") }
    func entryPath(for key: String) -> String { (directory(for: key) as NSString).appendingPathComponent("entry.json") }

    /// The entry stored under `key`, if a complete checkpoint is there.
    public func entry(for key: String) -> Entry? {
        guard let data = FileManager.default.contents(atPath: entryPath(for: key)) else { return nil }
        return try? Self.decoder.decode(Entry.self, from: data)
    }

    /// Marks `key` as used now (eviction keeps what is used).
    public func touch(_ key: String) {
        guard var entry = entry(for: key) else { return }
        entry.lastUsed = Date()
        try? write(entry)
    }

    /// Makes the folder for a new checkpoint; `commit` finishes it.
    public func prepare(_ key: String) throws {
        let path = directory(for: key)
        try? FileManager.default.removeItem(atPath: path)
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
            throw NotebookError.cannotWrite(path: path, reason: error.localizedDescription)
        }
    }

    /// Writes the entry of a checkpoint whose state and history are in place, then evicts.
    public func commit(_ entry: Entry) throws {
        try write(entry)
        evict(protecting: entry.key)
    }

    private func write(_ entry: Entry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        try writeAtomically(try encoder.encode(entry), to: entryPath(for: entry.key))
    }

    private static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }

    /// Every complete checkpoint, newest use first, with its size.
    public func entries() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { name -> Entry? in
            guard var entry = entry(for: name) else { return nil }
            entry.bytes = Self.size(of: directory(for: name))
            return entry
        }.sorted { $0.lastUsed > $1.lastUsed }
    }

    /// Removes unfinished folders, versions beyond `versionsPerModel` per model, then the least
    /// recently used until the store fits `byteLimit`. `protecting` is never removed.
    public func evict(protecting kept: String? = nil) {
        let manager = FileManager.default
        let entries = entries()
        let complete = Set(entries.map(\.key))
        for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? [] where !complete.contains(name) && name != kept {
            try? manager.removeItem(atPath: directory(for: name))
        }
        var remaining: [Entry] = []
        var versions: [String: Int] = [:]
        for entry in entries {
            let model = "\(entry.owner)/\(entry.model)"
            versions[model, default: 0] += 1
            if versions[model, default: 0] > versionsPerModel && entry.key != kept {
                try? manager.removeItem(atPath: directory(for: entry.key))
            } else {
                remaining.append(entry)
            }
        }
        var total = remaining.reduce(0) { $0 + ($1.bytes ?? 0) }
        for entry in remaining.reversed() where total > byteLimit && entry.key != kept {
            try? manager.removeItem(atPath: directory(for: entry.key))
            total -= entry.bytes ?? 0
        }
    }

    /// Removes every stored checkpoint.
    public func removeAll() throws {
        guard FileManager.default.fileExists(atPath: folder) else { return }
        do { try FileManager.default.removeItem(atPath: folder) } catch {
            throw NotebookError.cannotWrite(path: folder, reason: error.localizedDescription)
        }
    }

    static func size(of path: String) -> Int {
        let manager = FileManager.default
        return (manager.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []).reduce(0) { total, relative in
            let attributes = try? manager.attributesOfItem(atPath: (path as NSString).appendingPathComponent(relative))
            return total + ((attributes?[.size] as? NSNumber)?.intValue ?? 0)
        }
    }
}
