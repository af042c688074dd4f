import Foundation

// What each diagram says in words: its parts in the order they are drawn, with their sizes.

extension ArchitectureDiagram: DescribedFigure {
    /// The stages in order, each block with its size, the arrows' labels and the losses.
    public var dataDescription: String {
        let stageTexts = stages.map { stage in stage.blocks.map(Self.spokenBlock).joined(separator: " and ") }
        var steps: [String] = []
        for (index, stage) in stageTexts.enumerated() {
            steps.append(stage)
            if index + 1 < stageTexts.count, index < connections.count, let label = connections[index] { steps.append("(\(label))") }
        }
        var text = "Diagram of a network in \(FigureWords.counted(stages.count, "stage")): " + steps.joined(separator: " → ") + "."
        if !groups.isEmpty {
            text += " " + groups.map { "\($0.name.prefix(1).uppercased() + $0.name.dropFirst()): stages \($0.stages.lowerBound + 1) to \($0.stages.upperBound)." }
                .joined(separator: " ")
        }
        let losses = stages.flatMap(\.losses)
        if !losses.isEmpty { text += " Loss terms: \(losses.joined(separator: "; "))." }
        return text
    }

    static func spokenBlock(_ block: Block) -> String {
        switch block {
        case let .vector(name, size, note): return "\(name) (\(FigureWords.grouped(size)) numbers\(note.map { ", \($0)" } ?? ""))"
        case let .grid(name, rows, columns, note): return "\(name) (\(rows) × \(columns) grid\(note.map { ", \($0)" } ?? ""))"
        case let .image(name, side, _): return "\(name) (\(side) × \(side) image)"
        case let .operation(text): return text
        case let .table(name, rows, columns, _, note): return "\(name) (table of \(rows) entries of \(columns) numbers\(note.map { ", \($0)" } ?? ""))"
        }
    }
}

extension TransformerBlockDiagram: DescribedFigure {
    public var dataDescription: String {
        "Diagram of one transformer block over \(sequence) positions of \(width) numbers, top to bottom: layer norm, "
            + "causal attention with \(FigureWords.counted(heads, "head")), added back to the input; then layer norm, an MLP of "
            + "\(FigureWords.grouped(hidden)) hidden units, added back again."
    }
}

extension TokenSequence: DescribedFigure {
    /// Each sequence's length, what kinds of token it holds, and how it begins.
    public var dataDescription: String {
        let described = sequences.map { sequence -> String in
            let count = { (kind: Kind) in sequence.tokens.filter { $0.kind == kind }.count }
            let start = sequence.tokens.prefix(8).map(\.text).joined(separator: " ")
            return "\(sequence.label): \(FigureWords.counted(sequence.tokens.count, "token")) (\(count(.word)) words, \(count(.imageCode)) image codes, "
                + "\(count(.marker)) markers), beginning “\(start)\(sequence.tokens.count > 8 ? " …" : "")”"
        }
        return "\(FigureWords.counted(sequences.count, "token sequence")) drawn as rows of boxes: \(described.joined(separator: "; "))."
    }
}
