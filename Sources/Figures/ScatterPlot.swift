/// Points in the plane coloured by class, e.g. the test set's 2-D latent codes coloured by digit,
/// with a legend naming the classes. Points whose label is past the palette (an "other" group,
/// such as random draws among real codes) are drawn as crosses in ink, so they differ from every
/// class by shape as well as colour.
public struct ScatterPlot: Figure {
    /// The points and each one's class (a label past `classNames` is the "other" group).
    public var points: [(x: Double, y: Double, label: Int)]
    /// The legend's name for each class, in label order.
    public var classNames: [String]
    /// The horizontal axis's title.
    public var xLabel: String
    /// The vertical axis's title.
    public var yLabel: String
    /// The side of the square plot area in CSS pixels.
    public var size: Double
    /// The radius of a point; small, so that thousands of points still show their density.
    public var pointRadius: Double
    /// The legend as rows under the plot instead of a column beside it (narrow layouts).
    public var legendBelow: Bool
    public var title: String?
    public var caption: String?

    /// A scatter plot of `points` coloured by class.
    public init(
        points: [(x: Double, y: Double, label: Int)], classNames: [String], xLabel: String, yLabel: String,
        size: Double = 460, pointRadius: Double = 2.2, legendBelow: Bool = false, title: String? = nil, caption: String? = nil
    ) {
        self.points = points
        self.classNames = classNames
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.size = size
        self.pointRadius = pointRadius
        self.legendBelow = legendBelow
        self.title = title
        self.caption = caption
    }

    func legendWidth(style: Style) -> Double {
        (classNames.map { measuredWidth($0, size: style.tickSize, style: style) }.max() ?? 0) + 56
    }

    /// The legend's entries, with their swatches: a dot per class, a cross for the "other" group.
    func legendEntries(style: Style) -> [(name: String, color: Color, swatch: LegendSwatch)] {
        classNames.enumerated().map { index, name in
            index < style.classColors.count ? (name, style.classColor(index), .dot) : (name, style.classColor(index), .cross)
        }
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        guard legendBelow else { return (size + legendWidth(style: style), size) }
        return (size, size + 8 + legendGridSize(classNames, width: size, style: style).height)
    }

    /// The plot as a square `width` wide in all, its legend in rows beneath it.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        var narrow = self
        narrow.size = Self.bodyWidth(forWidth: width)
        narrow.legendBelow = true
        return narrow
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard !finite.isEmpty else { throw FigureError.invalidData(figure: "ScatterPlot", reason: "needs at least one finite point") }
        let xs = finite.map(\.x), ys = finite.map(\.y)
        let plotRect = Rect(x: rect.x, y: rect.y, width: size, height: size)
        let axes = Axes(body: plotRect, x: padded(xs.min()!, xs.max()!), y: padded(ys.min()!, ys.max()!))
        axes.draw(on: canvas, style: style, xLabel: xLabel, yLabel: yLabel)
        canvas.clipped(to: axes.area) {
            for point in finite {
                let center = axes.point(point.x, point.y)
                if point.label < style.classColors.count {
                    canvas.circle(center: center, radius: pointRadius, fill: style.classColor(point.label).withAlpha(0.75))
                } else {
                    canvas.cross(at: center, radius: pointRadius * 1.4, style.classColor(point.label).withAlpha(0.85), width: 1.1)
                }
            }
        }
        if legendBelow {
            drawLegendGrid(legendEntries(style: style), in: Rect(x: rect.x, y: plotRect.maxY + 8, width: size, height: rect.maxY - plotRect.maxY - 8),
                           on: canvas, style: style)
        } else {
            drawLegend(legendEntries(style: style), topRight: Point(rect.maxX, axes.area.minY), on: canvas, style: style)
        }
    }
}
