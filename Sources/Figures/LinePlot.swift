/// Curves over a shared x-axis, e.g. train and test loss per epoch, with a legend, axis titles,
/// rounded ticks and an optional logarithmic y-axis.
public struct LinePlot: ResizablePlot {
    /// One curve and its legend entry.
    public struct Series {
        /// The name the legend gives the curve.
        public var name: String
        /// The curve's points, in x order.
        public var points: [(x: Double, y: Double)]
        /// Drawn dashed, e.g. the test curve beside the solid train curve.
        public var dashed: Bool
        /// Which of the style's series colours it takes (nil: its place in the list), so that a
        /// solid and a dashed curve of one setting can share a colour.
        public var colorIndex: Int?
        /// A curve named `name` through `points`.
        public init(name: String, points: [(x: Double, y: Double)], dashed: Bool = false, colorIndex: Int? = nil) {
            self.name = name
            self.points = points
            self.dashed = dashed
            self.colorIndex = colorIndex
        }
    }

    /// A level the reader should compare the curves with (an aim, a baseline): a thin line across
    /// the plot, labelled at its left end.
    public struct Guide {
        /// What the level is, written at its left end.
        public var label: String
        /// The level, in the plot's y units.
        public var y: Double
        /// A guide at `y` labelled `label`.
        public init(label: String, y: Double) {
            self.label = label
            self.y = y
        }
    }

    /// The curves, drawn in order.
    public var series: [Series]
    /// The horizontal axis's title.
    public var xLabel: String
    /// The vertical axis's title.
    public var yLabel: String
    /// A logarithmic y-axis, for losses that fall over orders of magnitude.
    public var logY: Bool
    /// The plot's width in CSS pixels, axes and legend included.
    public var width: Double
    /// The plot's height in CSS pixels, axes included.
    public var height: Double
    public var title: String?
    public var caption: String?
    /// Levels drawn across the plot for comparison.
    public var guides: [Guide]

    /// A plot of `series` with axis titles, optionally on a log scale and with guides.
    public init(
        series: [Series], xLabel: String, yLabel: String, logY: Bool = false,
        width: Double = 560, height: Double = 320, title: String? = nil, caption: String? = nil, guides: [Guide] = []
    ) {
        self.guides = guides
        self.series = series
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.logY = logY
        self.width = width
        self.height = height
        self.title = title
        self.caption = caption
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) { (width, height) }

    /// The same curves drawn `width` wide in all, for a phone.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        var narrow = resized(toWidth: width, maximumHeight: 240)
        // Room for the legend too, in case no corner is free and it goes below the plot.
        narrow.height += legendSize(series.map(\.name), style: style).height
        return narrow
    }

    /// Where the legend goes: in the corner of the plot that hides no data; beside the plot when
    /// every corner would, if the plot keeps most of its width; else below it.
    enum LegendPlace {
        case corner(Point), beside, below
    }

    func legendPlace(in rect: Rect, style: Style) -> (place: LegendPlace, axes: Axes) {
        let all = series.flatMap(\.points)
        let xs = all.map(\.x), ys = all.map(\.y) + guides.map(\.y)
        let yRange = logY
            ? (ys.min()! / 1.15)...(ys.max()! * 1.15)
            : padded(ys.min()!, ys.max()!, by: 0.08)
        let legend = legendSize(series.map(\.name), style: style)
        let xRange = xs.min()!...max(xs.max()!, xs.min()! + 1)
        let axes = Axes(body: rect, x: xRange, y: yRange, logY: logY)
        let corner = emptiestCorner(of: axes.area, for: legend, avoiding: curvePoints(axes))
        if covered(corner, legend, curvePoints(axes)) == 0 { return (.corner(corner), axes) }
        if rect.width - legend.width - 12 >= 0.6 * rect.width {
            let narrowed = Rect(x: rect.x, y: rect.y, width: rect.width - legend.width - 12, height: rect.height)
            return (.beside, Axes(body: narrowed, x: xRange, y: yRange, logY: logY))
        }
        let shortened = Rect(x: rect.x, y: rect.y, width: rect.width, height: rect.height - legend.height - 8)
        return (.below, Axes(body: shortened, x: xRange, y: yRange, logY: logY))
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        let all = series.flatMap(\.points)
        guard !all.isEmpty, all.allSatisfy({ $0.x.isFinite && $0.y.isFinite }) else {
            throw FigureError.invalidData(figure: "LinePlot", reason: "needs at least one finite point")
        }
        if logY, all.contains(where: { $0.y <= 0 }) {
            throw FigureError.invalidData(figure: "LinePlot", reason: "a logarithmic y-axis needs positive values")
        }
        let legend = legendSize(series.map(\.name), style: style)
        let (place, axes) = legendPlace(in: rect, style: style)
        let corner: Point
        switch place {
        case let .corner(point): corner = point
        case .beside: corner = Point(rect.maxX, axes.area.minY)
        case .below: corner = Point(axes.area.minX + legend.width + 8, rect.maxY - legend.height)
        }
        axes.draw(on: canvas, style: style, xLabel: xLabel, yLabel: yLabel)
        canvas.clipped(to: axes.area) {
            for guide in guides {
                let left = axes.point(axes.x.lowerBound, guide.y), right = axes.point(axes.x.upperBound, guide.y)
                canvas.polyline([left, right], style.mutedInk, width: 1, dash: [2, 3])
                canvas.text(guide.label, at: Point(left.x + 4, left.y - 4), size: style.tickSize, color: style.mutedInk, style: style)
            }
            for (index, line) in series.enumerated() {
                let color = style.seriesColor(line.colorIndex ?? index)
                let points = line.points.map { axes.point($0.x, $0.y) }
                canvas.polyline(points, color, width: style.lineWidth, dash: line.dashed ? [6, 4] : [])
                if points.count <= 40 { points.forEach { canvas.circle(center: $0, radius: 2.8, fill: color) } }
            }
        }
        drawLegend(series.enumerated().map { ($1.name, style.seriesColor($1.colorIndex ?? $0), .line(dashed: $1.dashed)) }, topRight: corner, on: canvas, style: style)
    }

    /// Points along every curve in canvas coordinates, sampled between markers too, so a legend
    /// placed to avoid them never sits on a line.
    private func curvePoints(_ axes: Axes) -> [Point] {
        let guideLines = guides.map { [(x: axes.x.lowerBound, y: $0.y), (x: axes.x.upperBound, y: $0.y)] }
        return (series.map(\.points) + guideLines).flatMap { line -> [Point] in
            let points = line.map { axes.point($0.x, $0.y) }
            return points + zip(points, points.dropFirst()).flatMap { a, b in
                (1...8).map { step in Point(a.x + (b.x - a.x) * Double(step) / 9, a.y + (b.y - a.y) * Double(step) / 9) }
            }
        }
    }
}
