/// A code cell as the page shows it: without the import block and `chapter.finish()`, which every
/// chapter has and no reader learns from. The lines kept are the source's own, with their numbers.
struct VisibleCode {
    let text: String
    let lines: ClosedRange<Int>

    /// The cell's lines minus the plumbing, blank lines at either end dropped; nil when nothing is left.
    init?(text: String, lines: ClosedRange<Int>) {
        let numbered = zip(lines, text.split(separator: "\n", omittingEmptySubsequences: false)).filter { !VisibleCode.isPlumbing($0.1) }
        guard let first = numbered.firstIndex(where: { !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }),
              let last = numbered.lastIndex(where: { !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
        self.text = numbered[first...last].map { String($0.1) }.joined(separator: "\n")
        self.lines = numbered[first].0...numbered[last].0
    }

    static func isPlumbing(_ line: Substring) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("import ") || trimmed == "chapter.finish()"
    }
}
