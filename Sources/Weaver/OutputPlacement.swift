import RunFormat

/// Which code cell each recorded output belongs to: the one whose lines contain the output's
/// source line (or, failing that, the last code cell before it).
struct OutputPlacement {
    enum Output {
        case training(RunRecord.Training)
        case figure(RunRecord.FigureOutput)
        case live(RunRecord.LiveFigure)
        case table(RunRecord.Table)
        case metric(RunRecord.Metric)
        case note(RunRecord.Note)

        var line: Int {
            switch self {
            case let .training(value): return value.line
            case let .figure(value): return value.line
            case let .live(value): return value.line
            case let .table(value): return value.line
            case let .metric(value): return value.line
            case let .note(value): return value.line
            }
        }
    }

    private var byCell: [Int: [Output]] = [:]

    init(cells: [ChapterSource.Cell], record: RunRecord) {
        let all: [Output] = record.trainings.map(Output.training) + record.figures.map(Output.figure) + (record.liveFigures ?? []).map(Output.live)
            + record.tables.map(Output.table) + record.metrics.map(Output.metric) + record.notes.map(Output.note)
        let codeCells = cells.enumerated().compactMap { index, cell -> (Int, ClosedRange<Int>)? in
            if case let .code(_, lines) = cell { return (index, lines) }
            return nil

        }
        // Stable by line, so outputs of one line keep the order they were recorded in.
        for output in all.enumerated().sorted(by: { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }).map(\.element) {
            let cell = codeCells.first { $0.1.contains(output.line) } ?? codeCells.last { $0.1.upperBound < output.line } ?? codeCells.first
            if let cell { byCell[cell.0, default: []].append(output) }
        }
    }

    func outputs(forCellAt index: Int) -> [Output] { byCell[index] ?? [] }
}
