import Foundation

extension ChangeReport {
    /// The report as the terminal shows it at the end of a build: one line when nothing changed,
    /// else a block per chapter, longest texts shortened (the page shows them whole).
    public func text(page: String? = nil) -> String {
        guard !isEmpty else { return "== changes: nothing changed (no chapter ran, every page reads as before)" }
        var lines = ["== changes (latent \(command), \(readableTime)):"]
        for chapter in chapters { lines += chapter.lines() }
        if let page { lines.append("   before and after, side by side: \(page)") }
        return lines.joined(separator: "\n")
    }
}

extension ChapterChanges {
    func lines() -> [String] {
        var lines: [String] = []
        if let ranBecause {
            lines.append("\(slug): ran" + (ranBecause.isEmpty ? " on request (no input changed)" : " because " + listed(ranBecause)))
        } else {
            lines.append("\(slug): rewoven (not run)")
        }
        for training in trainings {
            let verb = training.retrained ? "retrained" : "restored"
            let why = training.reasons.isEmpty ? "its inputs are unchanged" : listed(training.reasons)
            lines.append("   \(verb) \(training.model): \(why)")
        }
        if ranBecause != nil && outputsUnchanged { lines.append("   no number, table, figure, claim or sentence changed") }
        for metric in metrics { lines.append("   metric \(metric.name): \(metric.old ?? "(none)") → \(metric.new ?? "(none)")") }
        for cell in cells {
            lines.append("   table \"\(shortened(cell.table, to: 40))\", \(cell.row) / \(cell.column): \(cell.old ?? "(none)") → \(cell.new ?? "(none)")")
        }
        for figure in figures { lines.append("   figure \(figure.name): " + figure.summary) }
        for claim in claims {
            lines.append("   claim \(claim.name): \(verdict(claim.heldBefore)) → \(verdict(claim.held))" + (claim.evidence.map { " (\($0))" } ?? ""))
        }
        for paragraph in paragraphs {
            switch (paragraph.old, paragraph.new) {
            case let (old?, new?):
                lines.append("   paragraph \(paragraph.index): " + WordDiff.line(old: old, new: new))
            case let (old?, nil): lines.append("   paragraph removed before \(paragraph.index): \"\(shortened(old))\"")
            case let (nil, new?): lines.append("   paragraph \(paragraph.index) added: \"\(shortened(new))\"")
            case (nil, nil): break
            }
        }
        return lines
    }

    private func listed(_ reasons: [String]) -> String {
        reasons.count <= 4 ? reasons.joined(separator: ", ") : reasons.prefix(4).joined(separator: ", ") + " and \(reasons.count - 4) more"
    }

    private func verdict(_ held: Bool?) -> String { held.map { $0 ? "held" : "failed" } ?? "not checked" }
}

extension FigureChange {
    /// "3.1% of pixels differ", "size 610×283 → 610×300", "caption changed", "new", "removed".
    public var summary: String {
        var parts: [String] = []
        if before == nil && after != nil { parts.append("new figure") }
        if after == nil && before != nil { parts.append("removed") }
        if before != nil && after != nil {
            if let sizeChange { parts.append("size \(sizeChange)") } else { parts.append("\(ChangeReport.percent(pixelShare)) of pixels differ") }
        }
        if oldCaption != nil && newCaption != nil { parts.append("caption changed") }
        return parts.joined(separator: ", ")
    }
}

extension ChangeReport {
    /// A share as a percentage that never rounds a real change to zero: "0.02%", "3.1%", "100%".
    static func percent(_ share: Double) -> String {
        let percent = share * 100
        if percent > 0 && percent < 0.01 { return "<0.01%" }
        if percent < 1 { return String(format: "%.2f%%", percent) }
        if percent < 99.95 { return String(format: "%.1f%%", percent) }
        return "100%"
    }
}

/// At most `limit` characters of a text for a terminal line.
func shortened(_ text: String, to limit: Int = 90) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
}

extension ChangeReport {
    /// "2026-12-07 23:59 UTC" from the ISO 8601 time.
    var readableTime: String {
        guard finished.count >= 16, finished.hasSuffix("Z") else { return finished }
        return finished.prefix(16).replacingOccurrences(of: "T", with: " ") + " UTC"
    }
}
