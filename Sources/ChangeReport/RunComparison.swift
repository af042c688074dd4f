import Foundation
import RunFormat

/// Compares a chapter's previous run folder with the one replacing it: which models were trained
/// or restored and why, and which metrics, table cells, figures and claims changed. Everything comes
/// from the two run records and the figures' PNG files, so the report says what the runs did, not
/// what a plan predicted.
struct RunComparison {
    let old: RunRecord?
    let new: RunRecord
    let oldFolder: String
    let newFolder: String

    /// Why the chapter ran: the input components (`inputs.json`) that differ between the two runs.
    static func reasons(oldFolder: String, newFolder: String) -> [String] {
        func inputs(_ folder: String) -> [String: String]? {
            FileManager.default.contents(atPath: "\(folder)/inputs.json").flatMap { try? JSONDecoder().decode([String: String].self, from: $0) }
        }
        guard let before = inputs(oldFolder) else { return ["never run before"] }
        return DependencyAnalysis.changes(from: before, to: inputs(newFolder) ?? [:])
    }

    var trainings: [TrainingChange] {
        new.trainings.map { training in
            let previous = old?.trainings.first { $0.name == training.name }
            let reasons: [String]
            if let previous {
                reasons = DependencyAnalysis.changes(from: previous.dependencies ?? [:], to: training.dependencies ?? [:])
            } else {
                reasons = ["new model"]
            }
            return TrainingChange(model: training.name, retrained: !training.loadedFromCheckpoint, reasons: reasons)
        }
    }

    var metrics: [MetricChange] {
        let before = Dictionary((old?.metrics ?? []).map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let after = Dictionary(new.metrics.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let names = (old?.metrics ?? []).map(\.name).filter { after[$0] == nil } + new.metrics.map(\.name)
        return names.compactMap { name in
            let was = before[name], now = after[name]
            if let was, let now {
                guard was.value != now.value || was.display != now.display else { return nil }
                // A move smaller than the page's precision is still a move: show it in full.
                if was.display == now.display {
                    return MetricChange(name: name, old: String(format: "%.9g", was.value), new: String(format: "%.9g", now.value))
                }
                return MetricChange(name: name, old: was.display, new: now.display)
            }
            return MetricChange(name: name, old: was?.display, new: now?.display)
        }
    }

    var cells: [CellChange] {
        func key(_ table: RunRecord.Table) -> String { table.title }
        let before = Dictionary((old?.tables ?? []).map { (key($0), $0) }, uniquingKeysWith: { $1 })
        var changes: [CellChange] = []
        for table in new.tables {
            let was = before[key(table)]
            for (rowIndex, row) in table.rows.enumerated() {
                let oldRow = was.flatMap { rowIndex < $0.rows.count ? $0.rows[rowIndex] : nil }
                for (columnIndex, column) in table.columns.enumerated() {
                    let now = columnIndex < row.count ? row[columnIndex] : nil
                    let then = oldRow.flatMap { columnIndex < $0.count ? $0[columnIndex] : nil }
                    if now != then {
                        changes.append(CellChange(table: table.title, row: row.first ?? "row \(rowIndex + 1)", column: column, old: then, new: now))
                    }
                }
            }
            for (rowIndex, row) in (was?.rows ?? []).enumerated() where rowIndex >= table.rows.count {
                changes.append(CellChange(table: table.title, row: row.first ?? "row \(rowIndex + 1)", column: "(whole row)",
                                          old: row.joined(separator: " | "), new: nil))
            }
        }
        return changes
    }

    /// Figures whose main (light, wide) picture differs in pixels, or whose caption changed; the
    /// pictures (PNG bytes) are handed to `keep`, which stores them and returns their names.
    func figures(keep: (Data) throws -> String) throws -> [FigureChange] {
        func keepFile(_ path: String) throws -> String? { try FileManager.default.contents(atPath: path).map(keep) }
        let before = Dictionary((old?.figures ?? []).map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        var changes: [FigureChange] = []
        for figure in new.figures {
            let newPNG = "\(newFolder)/\(figure.png)"
            guard let was = before[figure.name] else {
                changes.append(FigureChange(name: figure.name, pixelShare: 1, newCaption: figure.caption, after: try keepFile(newPNG)))
                continue
            }
            let oldPNG = "\(oldFolder)/\(was.png)"
            let difference = try PixelDifference.compare(oldPNG, newPNG)
            let captionChanged = was.caption != figure.caption
            guard difference.share > 0 || captionChanged else { continue }
            var change = FigureChange(name: figure.name, pixelShare: difference.share, sizeChange: difference.sizeChange)
            if captionChanged {
                change.oldCaption = was.caption
                change.newCaption = figure.caption
            }
            if difference.share > 0 {
                change.before = try keepFile(oldPNG)
                change.after = try keepFile(newPNG)
                if let image = difference.image { change.difference = try keep(image) }
            }
            changes.append(change)
        }
        for figure in old?.figures ?? [] where !new.figures.contains(where: { $0.name == figure.name }) {
            changes.append(FigureChange(name: figure.name, pixelShare: 1, oldCaption: figure.caption, before: try keepFile("\(oldFolder)/\(figure.png)")))
        }
        return changes
    }

    var claims: [ClaimChange] {
        let before = old?.claims ?? [], after = new.claims ?? []
        let oldByName = Dictionary(before.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let newByName = Dictionary(after.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        let names = after.map(\.name) + before.map(\.name).filter { newByName[$0] == nil }
        return names.compactMap { name in
            let was = oldByName[name], now = newByName[name]
            guard was?.held != now?.held else { return nil }
            return ClaimChange(name: name, heldBefore: was?.held, held: now?.held, evidence: now?.evidence ?? was?.evidence)
        }
    }
}
