import Foundation

/// The top-to-bottom layout of `ArchitectureDiagram`, for narrow pages: each stage is a row of
/// its blocks (a vector's bar lies down, so 784 → 400 → 20 still reads as a funnel), arrows run
/// down between rows with their labels beside them, loss tags sit right of their row, and groups
/// are brackets down the left edge.
extension ArchitectureDiagram {
    static let nameHeight = 20.0, noteHeight = 18.0, rowGap = 26.0, blockGap = 18.0, groupSpace = 30.0

    /// A block's size when the stages run downwards: a vector's bar lies on its side.
    func verticalBlockSize(_ block: Block, style: Style) -> (width: Double, height: Double) {
        if case let .vector(_, size, _) = block { return (ArchitectureDiagram.barHeight(size), 22) }
        return blockSize(block, style: style)
    }

    /// The width a block takes in its row: its own, or its name's or note's if wider.
    func verticalExtent(_ block: Block, style: Style) -> Double {
        let size = verticalBlockSize(block, style: style)
        let texts: [(String, Double, FontWeight)]
        switch block {
        case let .vector(name, _, note): texts = [(name, style.labelSize, .bold), (note ?? "", style.tickSize, .regular)]
        case let .grid(name, rows, columns, note): texts = [(name, style.labelSize, .bold), (note ?? "\(rows)×\(columns)", style.tickSize, .regular)]
        case let .image(name, side, _): texts = [(name, style.labelSize, .bold), ("\(side)×\(side)", style.tickSize, .regular)]
        case let .table(name, rows, columns, _, note): texts = [(name, style.labelSize, .bold), (note ?? "\(rows) × \(columns)", style.tickSize, .regular)]
        case .operation: texts = []
        }
        return ([size.width] + texts.map { measuredWidth($0.0, size: $0.1, weight: $0.2, style: style) }).max()!
    }

    struct VerticalLayout {
        /// One frame per block, relative to the body's origin.
        var frames: [[Rect]]
        /// Each row's right edge (where its loss tag starts).
        var rowRight: [Double]
        var size: (width: Double, height: Double)
    }

    func verticalLayout(style: Style) -> VerticalLayout {
        let left = groups.isEmpty ? 0 : ArchitectureDiagram.groupSpace
        let rowWidths = stages.map { stage in
            stage.blocks.map { verticalExtent($0, style: style) }.reduce(0, +) + ArchitectureDiagram.blockGap * Double(max(stage.blocks.count - 1, 0))
        }
        let centerX = left + (rowWidths.max() ?? 0) / 2
        var y = 0.0
        var frames: [[Rect]] = [], rowRight: [Double] = []
        for (stage, rowWidth) in zip(stages, rowWidths) {
            let height = stage.blocks.map { verticalBlockSize($0, style: style).height }.max() ?? 0
            var x = centerX - rowWidth / 2
            frames.append(stage.blocks.map { block in
                let extent = verticalExtent(block, style: style)
                let size = verticalBlockSize(block, style: style)
                defer { x += extent + ArchitectureDiagram.blockGap }
                return Rect(x: x + (extent - size.width) / 2, y: y + ArchitectureDiagram.nameHeight + (height - size.height) / 2,
                            width: size.width, height: size.height)
            })
            rowRight.append(centerX + rowWidth / 2)
            y += ArchitectureDiagram.nameHeight + height + ArchitectureDiagram.noteHeight + ArchitectureDiagram.rowGap
        }
        let tags = zip(stages, rowRight).map { stage, right in
            stage.losses.isEmpty ? right : right + 14 + lossTagWidth(stage.losses, style: style)
        }
        let width = max(tags.max() ?? 0, rowRight.max() ?? 0)
        return VerticalLayout(frames: frames, rowRight: rowRight, size: (width, y - ArchitectureDiagram.rowGap))
    }

    func lossTagWidth(_ losses: [String], style: Style) -> Double {
        measuredWidth(losses.joined(separator: "  +  "), size: style.tickSize, weight: .bold, style: style) + 16
    }

    func drawVertically(in rect: Rect, on canvas: Canvas, style: Style) {
        let layout = verticalLayout(style: style)
        let frames = layout.frames.map { $0.map { Rect(x: $0.x + rect.x, y: $0.y + rect.y, width: $0.width, height: $0.height) } }
        let rowTops = frames.map { ($0.map(\.minY).min() ?? 0) }
        let rowBottoms = frames.map { ($0.map(\.maxY).max() ?? 0) }
        for index in 0..<max(frames.count - 1, 0) {
            // From below the notes of one row to above the names of the next.
            let start = rowBottoms[index] + ArchitectureDiagram.noteHeight - 2, end = rowTops[index + 1] - ArchitectureDiagram.nameHeight + 2
            var rightmost = -Double.infinity
            for from in frames[index] {
                for to in frames[index + 1] {
                    canvas.arrow(from: Point(from.midX, start), to: Point(to.midX, end), style.mutedInk, width: 1.3, headLength: 7)
                    rightmost = max(rightmost, from.midX, to.midX)  // the label goes right of every arrow
                }
            }
            if index < connections.count, let label = connections[index] {
                canvas.text(label, at: Point(rightmost + 8, (start + end) / 2), size: style.tickSize, color: style.mutedInk, style: style,
                            baseline: .middle)
            }
        }
        for (stage, stageFrames) in zip(stages, frames) {
            for (block, frame) in zip(stage.blocks, stageFrames) { draw(block, in: frame, on: canvas, style: style) }
        }
        for (index, stage) in stages.enumerated() where !stage.losses.isEmpty {
            let row = frames[index]
            let middle = (rowTops[index] + rowBottoms[index]) / 2
            let tag = Rect(x: rect.x + layout.rowRight[index] + 14, y: middle - 12, width: lossTagWidth(stage.losses, style: style), height: 24)
            canvas.line(from: Point(row.map(\.maxX).max()! + 3, middle), to: Point(tag.minX, middle), style.accent, width: 1.2, dash: [3, 3])
            canvas.fill(tag, style.background, cornerRadius: 5)
            canvas.stroke(tag, style.accent, width: 1.5, cornerRadius: 5)
            canvas.text(stage.losses.joined(separator: "  +  "), at: Point(tag.midX, tag.midY), size: style.tickSize, color: style.accent,
                        style: style, weight: .bold, anchor: .middle, baseline: .middle)
        }
        for group in groups where !group.stages.isEmpty && group.stages.upperBound <= frames.count {
            let top = rowTops[group.stages.lowerBound] - ArchitectureDiagram.nameHeight + 4
            let bottom = rowBottoms[group.stages.upperBound - 1] + ArchitectureDiagram.noteHeight - 4
            let x = rect.x + ArchitectureDiagram.groupSpace - 8
            canvas.polyline([Point(x + 6, top), Point(x, top), Point(x, bottom), Point(x + 6, bottom)], style.grid, width: 1.5)
            canvas.text(group.name, at: Point(x - 5, (top + bottom) / 2), size: style.labelSize, color: style.mutedInk, style: style,
                        anchor: .middle, baseline: .bottom, rotation: -.pi / 2)
        }
    }
}
