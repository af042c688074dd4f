/// A matrix of numbers as coloured cells (small values close to the page's colour, large ones a
/// strong blue: light to dark on a light page, dark to light on a dark one), with row and column
/// labels, optional printed values, and a colour bar.
public struct HeatMap: Figure {
    /// The matrix, values[row][column].
    public var values: [[Double]]
    /// A label per row, written left of it.
    public var rowLabels: [String]
    /// A label per column, written above it.
    public var columnLabels: [String]
    /// What the rows are (e.g. "query position").
    public var rowTitle: String
    /// What the columns are (e.g. "key position").
    public var columnTitle: String
    /// Whether each cell prints its value, for small matrices whose numbers the prose reads.
    public var showValues: Bool
    /// The side of a cell in CSS pixels.
    public var cellSize: Double
    public var title: String?
    public var caption: String?

    /// A heat map of `values`, labelled by row and column.
    public init(
        values: [[Double]], rowLabels: [String], columnLabels: [String], rowTitle: String = "", columnTitle: String = "",
        showValues: Bool = true, cellSize: Double = 40, title: String? = nil, caption: String? = nil
    ) {
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.rowTitle = rowTitle
        self.columnTitle = columnTitle
        self.showValues = showValues
        self.cellSize = cellSize
        self.title = title
        self.caption = caption
    }

    var columns: Int { values.first?.count ?? 0 }

    func labelWidth(style: Style) -> Double {
        (rowLabels.map { measuredWidth($0, size: style.tickSize, style: style) }.max() ?? 0) + 30
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (labelWidth(style: style) + Double(columns) * cellSize + 70, Double(values.count) * cellSize + 40)
    }

    /// Sequential blues from the style's `heatLow` to its `heatHigh`, monotone in lightness (readable
    /// in grey-scale too).
    static func shade(_ fraction: Double, style: Style) -> Color {
        style.heatLow.mixed(with: style.heatHigh, min(max(fraction, 0), 1))
    }

    /// White or black, whichever contrasts more with the cell (at least 4.58:1 on any shade).
    static func textColor(on cell: Color) -> Color { Color.legibleText(on: cell) }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        let flat = values.flatMap { $0 }
        guard !flat.isEmpty, values.allSatisfy({ $0.count == columns }), flat.allSatisfy({ $0.isFinite }) else {
            throw FigureError.invalidData(figure: "HeatMap", reason: "needs a rectangular matrix of finite values")
        }
        let low = flat.min()!, high = flat.max()!
        let left = rect.x + labelWidth(style: style), top = rect.y + 22
        canvas.text(columnTitle, at: Point(left + Double(columns) * cellSize / 2, rect.y), size: style.labelSize,
                    color: style.ink, style: style, anchor: .middle, baseline: .top)
        canvas.text(rowTitle, at: Point(rect.x + 6, top + Double(values.count) * cellSize / 2), size: style.labelSize,
                    color: style.ink, style: style, anchor: .middle, baseline: .top, rotation: -.pi / 2)
        for (row, rowValues) in values.enumerated() {
            let y = top + Double(row) * cellSize
            if row < rowLabels.count {
                canvas.text(rowLabels[row], at: Point(left - 6, y + cellSize / 2), size: style.tickSize, color: style.mutedInk,
                            style: style, anchor: .end, baseline: .middle)
            }
            for (column, value) in rowValues.enumerated() {
                let fraction = high > low ? (value - low) / (high - low) : 0.5
                let cell = Rect(x: left + Double(column) * cellSize, y: y, width: cellSize, height: cellSize)
                let shade = HeatMap.shade(fraction, style: style)
                canvas.fill(cell, shade)
                canvas.stroke(cell, style.background, width: 1)
                if showValues {
                    let text = NiceTicks.format(value, significant: 3)
                    canvas.text(text, at: Point(cell.midX, cell.midY), size: min(style.tickSize, cellSize / 3.2),
                                color: HeatMap.textColor(on: shade), style: style, anchor: .middle, baseline: .middle)
                }
            }
        }
        for (column, label) in columnLabels.enumerated() where column < columns {
            canvas.text(label, at: Point(left + (Double(column) + 0.5) * cellSize, top + Double(values.count) * cellSize + 5),
                        size: style.tickSize, color: style.mutedInk, style: style, anchor: .middle, baseline: .top)
        }
        // Colour bar: low at the bottom, high at the top.
        let bar = Rect(x: left + Double(columns) * cellSize + 18, y: top, width: 12, height: Double(values.count) * cellSize)
        let steps = 40
        for step in 0..<steps {
            let fraction = Double(step) / Double(steps - 1)
            canvas.fill(Rect(x: bar.x, y: bar.maxY - bar.height * Double(step + 1) / Double(steps), width: bar.width,
                             height: bar.height / Double(steps) + 0.5), HeatMap.shade(fraction, style: style))
        }
        canvas.stroke(bar, style.grid, width: style.hairline)
        for (value, y) in [(high, bar.minY), (low, bar.maxY)] {
            canvas.text(NiceTicks.format(value, significant: 3), at: Point(bar.maxX + 4, y),
                        size: style.tickSize, color: style.mutedInk, style: style, baseline: .middle)
        }
    }
}
