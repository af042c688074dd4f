import Foundation

/// Notices edits under some folders by comparing file modification times between calls: no
/// platform file-event API, so it behaves the same everywhere, and a poll of a few hundred files
/// takes well under a millisecond.
public struct SourceWatcher {
    public let folders: [String]
    private var seen: [String: Date] = [:]

    /// Starts watching `folders` (absolute paths); what is there now counts as seen.
    public init(folders: [String]) {
        self.folders = folders
        seen = snapshot()
    }

    /// The files added, changed or removed since the last call, sorted.
    public mutating func changes() -> [String] {
        let now = snapshot()
        let changed = Set(now.keys).union(seen.keys).filter { now[$0] != seen[$0] }
        seen = now
        return changed.sorted()
    }

    private func snapshot() -> [String: Date] {
        var times: [String: Date] = [:]
        let manager = FileManager.default
        for folder in folders {
            guard let files = manager.enumerator(atPath: folder) else { continue }
            for case let file as String in files where !file.hasPrefix(".") && !file.contains("/.") {
                let path = (folder as NSString).appendingPathComponent(file)
                if let attributes = try? manager.attributesOfItem(atPath: path), attributes[.type] as? FileAttributeType == .typeRegular {
                    times[path] = attributes[.modificationDate] as? Date
                }
            }
        }
        return times
    }
}
