/// Vertical bars, e.g. how often each codebook entry is used, or an error per class.
public struct BarChart: ResizablePlot {
    /// The bars' heights, one per category, in order.
    public var values: [Double]
    /// Each bar's category name, written under it.
    public var labels: [String]
    /// The horizontal axis's title (what the categories are).
    public var xLabel: String
    /// The vertical axis's title (what the heights measure).
    public var yLabel: String
    /// One colour per bar; empty means the first series colour for all.
    public var colors: [Color]
    /// The plot's width in CSS pixels, axes included.
    public var width: Double
    /// The plot's height in CSS pixels, axes included.
    public var height: Double
    public var title: String?
    public var caption: String?

    /// A bar chart of `values` named by `labels`.
    public init(
        values: [Double], labels: [String], xLabel: String, yLabel: String, colors: [Color] = [],
        width: Double = 560, height: Double = 280, title: String? = nil, caption: String? = nil
    ) {
        self.values = values
        self.labels = labels
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.colors = colors
        self.width = width
        self.height = height
        self.title = title
        self.caption = caption
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) { (width, height) }

    /// The same bars drawn `width` wide in all (fewer category labels when the bars get narrow).
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        resized(toWidth: width, maximumHeight: 240)
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        guard !values.isEmpty, values.allSatisfy({ $0.isFinite }) else {
            throw FigureError.invalidData(figure: "BarChart", reason: "needs finite values")
        }
        let top = max(values.max()!, 0), bottom = min(values.min()!, 0)
        let axes = Axes(body: rect, x: 0...Double(values.count), y: bottom...(top + (top - bottom) * 0.08 + (top == bottom ? 1 : 0)))
        // Category labels replace numeric x ticks; when bars are narrow, every k-th is labelled.
        let slot = axes.area.width / Double(values.count)
        let every = max(1, Int((28 / slot).rounded(.up)))
        let shown = stride(from: 0, to: values.count, by: every).filter { $0 < labels.count }
        let ticks = NiceTicks(from: 1, to: 0)  // empty: categories are drawn below instead
        axes.draw(on: canvas, style: style, xLabel: xLabel, yLabel: yLabel, xTicks: ticks)
        for (index, value) in values.enumerated() {
            let color = colors.isEmpty ? style.seriesColor(0) : colors[index % colors.count]
            let x0 = axes.px(Double(index)) + slot * 0.12
            let y0 = axes.py(max(value, 0)), y1 = axes.py(min(value, 0))
            canvas.fill(Rect(x: x0, y: y0, width: slot * 0.76, height: max(y1 - y0, 0.5)), color)
        }
        for index in shown {
            canvas.text(labels[index], at: Point(axes.px(Double(index) + 0.5), axes.area.maxY + 6), size: style.tickSize,
                        color: style.mutedInk, style: style, anchor: .middle, baseline: .top)
        }
    }
}
