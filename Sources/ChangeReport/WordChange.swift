/// Two versions of a paragraph split into the words they share at the start and end and the run of
/// words between that changed: how the report points at "0.0073 → 0.0081" inside a long sentence.
struct WordChange {
    let prefix: [Substring]
    let old: [Substring]
    let new: [Substring]
    let suffix: [Substring]

    init(old: String, new: String) {
        let before = old.split(separator: " "), after = new.split(separator: " ")
        var start = 0
        while start < before.count, start < after.count, before[start] == after[start] { start += 1 }
        var end = 0
        while end < before.count - start, end < after.count - start, before[before.count - 1 - end] == after[after.count - 1 - end] { end += 1 }
        prefix = Array(before[0..<start])
        self.old = Array(before[start..<(before.count - end)])
        self.new = Array(after[start..<(after.count - end)])
        suffix = Array(before[(before.count - end)...])
    }

    /// The changed words with up to four words of context either side, for a terminal line.
    func context(_ changed: [Substring]) -> String {
        let middle = changed.count <= 14 ? changed.joined(separator: " ") : changed.prefix(12).joined(separator: " ") + " …"
        return (prefix.suffix(4) + [Substring("[\(middle)]")] + suffix.prefix(4)).joined(separator: " ")
    }
}
