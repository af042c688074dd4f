import RunFormat
/// A paragraph's words aligned with its earlier version (longest common subsequence): runs kept,
/// struck out and inserted, so two numbers that changed in one sentence are marked as two changes.
enum WordDiff {
    enum Run: Equatable {
        case kept(String)
        case removed(String)
        case added(String)
    }

    static func runs(old: String, new: String) -> [Run] {
        let before = old.split(separator: " ").map(String.init), after = new.split(separator: " ").map(String.init)
        var runs: [Run] = []
        var kept: [String] = [], removed: [String] = [], added: [String] = []
        func flushChanges() {
            if !removed.isEmpty { runs.append(.removed(removed.joined(separator: " "))) }
            if !added.isEmpty { runs.append(.added(added.joined(separator: " "))) }
            removed = []
            added = []
        }
        for step in Alignment.steps(before, after, tie: .additionFirst) {
            if case let .both(i, _) = step {
                flushChanges()
                kept.append(before[i])
                continue
            }
            if !kept.isEmpty { runs.append(.kept(kept.joined(separator: " "))) }
            kept = []
            if case let .new(j) = step { added.append(after[j]) }
            if case let .old(i) = step { removed.append(before[i]) }
        }
        if !kept.isEmpty { runs.append(.kept(kept.joined(separator: " "))) }
        flushChanges()
        return runs
    }

    /// The changes as one terminal line: "…only [0.584 → 0.596] confident…", kept words cut to four
    /// either side of a change.
    static func line(old: String, new: String) -> String {
        let runs = runs(old: old, new: new)
        var parts: [String] = []
        var index = 0
        while index < runs.count {
            switch runs[index] {
            case let .kept(text):
                let words = text.split(separator: " ")
                let first = index == 0, last = index == runs.count - 1
                if words.count <= 8 && !first && !last { parts.append(text) } else {
                    if !first { parts.append(words.prefix(4).joined(separator: " ")) }
                    if words.count > 4 || (!first && !last) { parts.append("…") }
                    if !last { parts.append(words.suffix(4).joined(separator: " ")) }
                }
                index += 1
            case let .removed(text):
                if index + 1 < runs.count, case let .added(added) = runs[index + 1] {
                    parts.append("[\(shortened(text, to: 40)) → \(shortened(added, to: 40))]")
                    index += 2
                } else {
                    parts.append("[−\(shortened(text, to: 40))]")
                    index += 1
                }
            case let .added(text):
                parts.append("[+\(shortened(text, to: 40))]")
                index += 1
            }
        }
        return parts.joined(separator: " ").replacingOccurrences(of: "… …", with: "…")
    }
}
