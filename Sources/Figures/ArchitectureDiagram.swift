import Foundation

/// A network drawn left to right as stages of blocks joined by arrows: vectors as bars whose
/// height grows with their width (784 → 400 → 20 reads as a funnel), grids as small lattices
/// (a 7×7 token map), tables as a small matrix of their entries (a codebook), operations as pills
/// (sampling), and loss terms tagged where they act. On a phone the same stages run top to bottom
/// (`topToBottom`), each a row, so labels keep their size instead of a 700 px row shrinking to half.
///
/// Chapters build the stages from the model's own layers, so the picture cannot drift from the code.
public struct ArchitectureDiagram: Figure {
    /// One thing drawn in a stage: a vector, a grid, an image, an operation or a learned table.
    public enum Block: Sendable {
        /// A vector of `size` numbers; `name` above it (e.g. "μ"), `note` below (e.g. "ReLU").
        case vector(name: String, size: Int, note: String? = nil)
        /// A rows × columns grid of cells (e.g. 7×7 codebook indices); `note` below.
        case grid(name: String, rows: Int, columns: Int, note: String? = nil)
        /// An image of side × side pixels; `pixels` (grey-levels in [0, 1]) shows a real example.
        case image(name: String, side: Int, pixels: [Float]? = nil)
        /// A computation without weights, e.g. "z = μ + σ·ε".
        case operation(String)
        /// A learned table of `rows` entries of `columns` numbers each (a codebook), drawn as a
        /// small matrix; `values` (row-major) shades it with the real entries.
        case table(name: String, rows: Int, columns: Int, values: [Float]? = nil, note: String? = nil)
    }

    /// One step of the network, a column of blocks (a row when drawn top to bottom).
    public struct Stage: Sendable {
        /// The blocks of this stage, top to bottom (left to right when the diagram runs down the page).
        public var blocks: [Block]
        /// Loss terms attached below this stage, e.g. "KL(q(z|x) ‖ N(0, I))".
        public var losses: [String]
        /// A stage of `blocks` with `losses` tagged under it.
        public init(_ blocks: [Block], losses: [String] = []) {
            self.blocks = blocks
            self.losses = losses
        }
    }

    /// The network's steps in the order data flows through them.
    public var stages: [Stage]
    /// Labels on the arrows between stage i and i + 1 (e.g. "Linear"), `nil` for none.
    public var connections: [String?]
    /// Brackets above ranges of stages: ("encoder", 0..<3).
    public var groups: [(name: String, stages: Range<Int>)]
    /// Stages as rows from top to bottom instead of columns from left to right.
    public var topToBottom: Bool
    public var title: String?
    public var caption: String?

    /// A diagram of `stages`, with arrow labels, brackets over named groups, and its orientation.
    public init(stages: [Stage], connections: [String?] = [], groups: [(name: String, stages: Range<Int>)] = [],
                topToBottom: Bool = false, title: String? = nil, caption: String? = nil) {
        self.topToBottom = topToBottom
        self.stages = stages
        self.connections = connections
        self.groups = groups
        self.title = title
        self.caption = caption
    }

    /// Room between blocks of one stage: the upper one's note, then the lower one's name.
    static let blockSpacing = 44.0
    static let lossArea = 52.0

    /// Where everything goes, relative to the body's origin: one frame per block.
    struct Layout {
        /// Space above the blocks: room for group brackets and block names.
        var top: Double
        var stageWidth: Double
        var blockArea: Double
        var frames: [[Rect]]
        var size: (width: Double, height: Double)
    }

    func layout(style: Style) -> Layout {
        // Wide enough for each arrow label (set under its arrow) and each block's note.
        let labelWidths = connections.compactMap { $0 }.map { measuredWidth($0, size: style.tickSize, style: style) }
        let noteWidths = stages.flatMap(\.blocks).map { blockSize($0, style: style).width }
        let stageWidth = max(118, (labelWidths.max() ?? 0) + (noteWidths.max() ?? 0) / 2 + 32)
        let stageHeights = stages.map { stage in
            stage.blocks.map { blockSize($0, style: style).height }.reduce(0, +) + ArchitectureDiagram.blockSpacing * Double(max(stage.blocks.count - 1, 0))
        }
        let blockArea = (stageHeights.max() ?? 0) + 30
        let top: Double = groups.isEmpty ? 22 : 44
        var frames: [[Rect]] = []
        for (index, stage) in stages.enumerated() {
            let centerX = (Double(index) + 0.5) * stageWidth
            var y = top + (blockArea - stageHeights[index]) / 2
            frames.append(stage.blocks.map { block in
                let size = blockSize(block, style: style)
                defer { y += size.height + ArchitectureDiagram.blockSpacing }
                return Rect(x: centerX - size.width / 2, y: y, width: size.width, height: size.height)
            })
        }
        let hasLoss = stages.contains { !$0.losses.isEmpty }
        let height = top + blockArea + 24 + (hasLoss ? ArchitectureDiagram.lossArea : 0)
        return Layout(top: top, stageWidth: stageWidth, blockArea: blockArea, frames: frames, size: (Double(stages.count) * stageWidth, height))
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        topToBottom ? verticalLayout(style: style).size : layout(style: style).size
    }

    /// The same network, top to bottom.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        var narrow = self
        narrow.topToBottom = true
        return narrow
    }

    /// Height of a vector's bar: grows with the square root of its size, so 784 and 20 both fit.
    static func barHeight(_ size: Int) -> Double { min(150, 16 + 4.8 * Double(size).squareRoot()) }

    func blockSize(_ block: Block, style: Style) -> (width: Double, height: Double) {
        switch block {
        case let .vector(_, size, _): return (24, ArchitectureDiagram.barHeight(size))
        case let .grid(_, rows, columns, _):
            // Cells of 9 px, 6 px in grids wider than a token map's, so a 14×14 feature map stays compact.
            let cell = max(rows, columns) > 10 ? 6.0 : 9.0
            return (Double(columns) * cell, Double(rows) * cell)
        case .image: return (56, 56)
        case let .operation(label): return (min(150, measuredWidth(label, size: style.tickSize, style: style) + 18), 30)
        case let .table(_, rows, columns, _, _): return (min(48, 1.5 * Double(columns)), min(96, 1.5 * Double(rows)))
        }
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        if topToBottom { return drawVertically(in: rect, on: canvas, style: style) }
        let layout = layout(style: style)
        let frames = layout.frames.map { $0.map { Rect(x: $0.x + rect.x, y: $0.y + rect.y, width: $0.width, height: $0.height) } }
        drawConnections(frames, on: canvas, style: style)
        for (stage, stageFrames) in zip(stages, frames) {
            for (block, frame) in zip(stage.blocks, stageFrames) { draw(block, in: frame, on: canvas, style: style) }
        }
        drawLosses(frames, top: rect.y + layout.top + layout.blockArea + 20, in: rect, on: canvas, style: style)
        drawGroups(stageWidth: layout.stageWidth, in: rect, on: canvas, style: style)
    }

    private func drawConnections(_ frames: [[Rect]], on canvas: Canvas, style: Style) {
        for index in 0..<max(frames.count - 1, 0) {
            for from in frames[index] {
                for to in frames[index + 1] {
                    canvas.arrow(from: Point(from.maxX + 4, from.midY), to: Point(to.minX - 4, to.midY), style.mutedInk, width: 1.3, headLength: 7)
                }
            }
            if index < connections.count, let label = connections[index] {
                // Under the lowest arrow, halfway between the two stages.
                let x = (frames[index].map(\.maxX).max()! + frames[index + 1].map(\.minX).min()!) / 2
                let y = max(frames[index].map(\.midY).max()!, frames[index + 1].map(\.midY).max()!) + 6
                canvas.text(label, at: Point(x, y), size: style.tickSize, color: style.mutedInk, style: style, anchor: .middle, baseline: .top)
            }
        }
    }

    /// Draws one block in `frame`; a vector's size is written along its bar (turned upright in a
    /// tall bar, level in a lying one).
    func draw(_ block: Block, in frame: Rect, on canvas: Canvas, style: Style) {
        let blue = style.seriesColor(0)
        switch block {
        case let .vector(name, size, note):
            canvas.fill(frame, blue.withAlpha(0.18), cornerRadius: 3)
            canvas.stroke(frame, blue, width: 1.5, cornerRadius: 3)
            canvas.text("\(size)", at: Point(frame.midX, frame.midY), size: style.tickSize, color: style.ink, style: style,
                        weight: .bold, anchor: .middle, baseline: .middle, rotation: size >= 100 && frame.height > frame.width ? -.pi / 2 : 0)
            label(name, note, around: frame, on: canvas, style: style)
        case let .grid(name, rows, columns, note):
            let cell = frame.width / Double(columns)
            for row in 0..<rows {
                for column in 0..<columns {
                    let shade = Double((row * 7 + column * 3) % 5) / 5
                    canvas.fill(Rect(x: frame.x + Double(column) * cell, y: frame.y + Double(row) * cell, width: cell - 1, height: cell - 1),
                                style.seriesColor(1).withAlpha(0.25 + 0.5 * shade))
                }
            }
            label(name, note ?? "\(rows)×\(columns)", around: frame, on: canvas, style: style)
        case let .image(name, side, pixels?) where pixels.count == side * side:
            drawDigit(pixels, side: side, in: frame, on: canvas, style: style)
            label(name, "\(side)×\(side)", around: frame, on: canvas, style: style)
        case let .image(name, side, _):
            canvas.fill(frame, style.paper)
            canvas.stroke(frame, style.mutedInk, width: 1.2)
            for step in 1..<4 {  // a stylised pixel lattice
                let offset = frame.width * Double(step) / 4
                canvas.line(from: Point(frame.x + offset, frame.minY), to: Point(frame.x + offset, frame.maxY), style.grid, width: 0.8)
                canvas.line(from: Point(frame.minX, frame.y + offset), to: Point(frame.maxX, frame.y + offset), style.grid, width: 0.8)
            }
            label(name, "\(side)×\(side)", around: frame, on: canvas, style: style)
        case let .table(name, rows, columns, values, note):
            drawTable(rows: rows, columns: columns, values: values, in: frame, on: canvas, style: style)
            label(name, note ?? "\(rows) × \(columns)", around: frame, on: canvas, style: style)
        case let .operation(text):
            canvas.fill(frame, style.accent.withAlpha(0.14), cornerRadius: frame.height / 2)
            canvas.stroke(frame, style.accent, width: 1.5, cornerRadius: frame.height / 2)
            canvas.text(text, at: Point(frame.midX, frame.midY), size: style.tickSize, color: style.ink, style: style,
                        anchor: .middle, baseline: .middle)
        }
    }

    /// A table's entries as rows of shaded cells: by the real values (scaled to the largest
    /// magnitude) when given, else a fixed pattern.
    private func drawTable(rows: Int, columns: Int, values: [Float]?, in frame: Rect, on canvas: Canvas, style: Style) {
        let color = style.seriesColor(2)
        let largest = values.map { $0.map { abs(Double($0)) }.max() ?? 0 } ?? 0
        let (cellWidth, cellHeight) = (frame.width / Double(columns), frame.height / Double(rows))
        for row in 0..<rows {
            for column in 0..<columns {
                let shade: Double
                if let values, values.count == rows * columns, largest > 0 {
                    shade = abs(Double(values[row * columns + column])) / largest
                } else {
                    let pattern: Int = (row * 5 + column * 3) % 7
                    shade = Double(pattern) / 7
                }
                canvas.fill(Rect(x: frame.x + Double(column) * cellWidth, y: frame.y + Double(row) * cellHeight, width: cellWidth, height: cellHeight),
                            color.withAlpha(0.12 + 0.8 * shade))
            }
        }
        canvas.stroke(frame, color, width: 1.2)
    }

    func label(_ name: String, _ note: String?, around frame: Rect, on canvas: Canvas, style: Style) {
        canvas.text(name, at: Point(frame.midX, frame.minY - 5), size: style.labelSize, color: style.ink, style: style,
                    weight: .bold, anchor: .middle, baseline: .bottom)
        if let note {
            canvas.text(note, at: Point(frame.midX, frame.maxY + 5), size: style.tickSize, color: style.mutedInk, style: style,
                        anchor: .middle, baseline: .top)
        }
    }

    private func drawLosses(_ frames: [[Rect]], top y: Double, in rect: Rect, on canvas: Canvas, style: Style) {
        for (stage, stageFrames) in zip(stages, frames) where !stage.losses.isEmpty {
            let anchor = Point(stageFrames.map(\.midX).reduce(0, +) / Double(stageFrames.count), stageFrames.map(\.maxY).max()! + 22)
            let text = stage.losses.joined(separator: "  +  ")
            let width = measuredWidth(text, size: style.tickSize, weight: .bold, style: style) + 16
            let tag = Rect(x: min(max(anchor.x - width / 2, rect.minX), rect.maxX - width), y: y, width: width, height: 24)
            canvas.line(from: anchor, to: Point(anchor.x, tag.minY), style.accent, width: 1.2, dash: [3, 3])
            canvas.fill(tag, style.background, cornerRadius: 5)
            canvas.stroke(tag, style.accent, width: 1.5, cornerRadius: 5)
            canvas.text(text, at: Point(tag.midX, tag.midY), size: style.tickSize, color: style.accent, style: style,
                        weight: .bold, anchor: .middle, baseline: .middle)
        }
    }

    private func drawGroups(stageWidth: Double, in rect: Rect, on canvas: Canvas, style: Style) {
        for group in groups {
            let x0 = rect.x + Double(group.stages.lowerBound) * stageWidth + 8
            let x1 = rect.x + Double(group.stages.upperBound) * stageWidth - 8
            let y = rect.y + 12
            canvas.polyline([Point(x0, y + 6), Point(x0, y), Point(x1, y), Point(x1, y + 6)], style.grid, width: 1.5)
            canvas.text(group.name, at: Point((x0 + x1) / 2, y - 2), size: style.labelSize, color: style.mutedInk, style: style,
                        anchor: .middle, baseline: .bottom)
        }
    }
}
