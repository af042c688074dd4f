import Foundation

extension ChapterSource {
    /// The source line of every code line, in order: what `code()` returns, line by line.
    var codeLineNumbers: [Int] {
        cells.flatMap { cell -> [Int] in
            guard case let .code(_, lines) = cell else { return [] }
            return Array(lines)
        }
    }

    /// Where each code line of `self` stands in `edited`, when the two differ in prose only (their
    /// code, prose stripped, is identical); nil when the code differs. Outputs recorded at a line of
    /// this source belong at the mapped line of the edited one.
    public func codeLineMapping(to edited: ChapterSource) -> [Int: Int]? {
        guard code() == edited.code(), includes == edited.includes else { return nil }
        return Dictionary(uniqueKeysWithValues: zip(codeLineNumbers, edited.codeLineNumbers).map { ($0, $1) })
    }

    /// The files the chapter shows with `//: @include` and `//: @compare`, in order.
    public var includes: [String] { cells.flatMap(\.shownFiles) }
}

extension RunRecord {
    /// Every output's source line, changed by `transform`: the one place that knows which parts of
    /// a record are placed by line (trainings, metrics, figures, live figures — films included —,
    /// tables, notes). A prose edit moves them all through here, so a new kind of output added to
    /// the record and not to this function fails `OutputLinesTests`.
    public mutating func mapOutputLines(_ transform: (Int) -> Int) {
        for index in trainings.indices { trainings[index].line = transform(trainings[index].line) }
        if var kept = evaluations {
            for index in kept.indices { kept[index].line = transform(kept[index].line) }
            evaluations = kept
        }
        for index in metrics.indices { metrics[index].line = transform(metrics[index].line) }
        for index in figures.indices { figures[index].line = transform(figures[index].line) }
        if var live = liveFigures {
            for index in live.indices { live[index].line = transform(live[index].line) }
            liveFigures = live
        }
        for index in tables.indices { tables[index].line = transform(tables[index].line) }
        for index in notes.indices { notes[index].line = transform(notes[index].line) }
        if var checked = claims {
            for index in checked.indices { checked[index].line = transform(checked[index].line) }
            claims = checked
        }
    }

    /// The record with every output moved from line l to `mapping[l]` (lines not in the map, which
    /// recorded outputs never use, keep their number).
    public func movingOutputs(_ mapping: [Int: Int]) -> RunRecord {
        var moved = self
        moved.mapOutputLines { mapping[$0] ?? $0 }
        return moved
    }
}
