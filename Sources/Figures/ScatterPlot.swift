/// Points in the plane coloured by class, e.g. the test set's 2-D latent codes coloured by digit,
/// with a legend naming the classes.
public struct ScatterPlot: Figure {
    public var points: [(x: Double, y: Double, label: Int)]
    public var classNames: [String]
    public var xLabel: String
    public var yLabel: String
    public var size: Double
    public var pointRadius: Double
    public var title: String?
    public var caption: String?

    public init(
        points: [(x: Double, y: Double, label: Int)], classNames: [String], xLabel: String, yLabel: String,
        size: Double = 460, pointRadius: Double = 2.2, title: String? = nil, caption: String? = nil
    ) {
        self.points = points
        self.classNames = classNames
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.size = size
        self.pointRadius = pointRadius
        self.title = title
        self.caption = caption
    }

    func legendWidth(style: Style) -> Double {
        (classNames.map { measuredWidth($0, size: style.tickSize, style: style) }.max() ?? 0) + 56
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (size + legendWidth(style: style), size)
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
                canvas.circle(center: axes.point(point.x, point.y), radius: pointRadius, fill: style.classColor(point.label).withAlpha(0.75))
            }
        }
        drawLegend(classNames.enumerated().map { ($1, style.classColor($0), .dot) },
                   topRight: Point(rect.maxX, axes.area.minY), on: canvas, style: style)
    }
}
