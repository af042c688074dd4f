import Foundation

/// Values per category as a strip of dots (spread sideways by a fixed jitter so they do not hide
/// one another), each category's mean and ± one standard deviation drawn over them, against an
/// optional reference band: e.g. the 20 dimensions of a code, each against N(0, 1)'s 0 ± 1.
///
/// Categories are separate things, so nothing joins them: a line from one dimension to the next
/// would suggest an order and a trend that are not there.
public struct StripPlot: ResizablePlot {
    /// One category's strip: its dots and its summary.
    public struct Category {
        /// The category's name on the x-axis.
        public var label: String
        /// The values shown as dots (a sample is enough to show the spread).
        public var values: [Double]
        /// Mean and standard deviation over all the data, drawn as a bar and whisker.
        public var mean: Double
        /// The standard deviation over all the data: the whisker reaches this far either side of the mean.
        public var deviation: Double
        /// A category named `label` with its dots and summary.
        public init(label: String, values: [Double], mean: Double, deviation: Double) {
            self.label = label
            self.values = values
            self.mean = mean
            self.deviation = deviation
        }
    }

    /// A band from `center − halfWidth` to `center + halfWidth` with a dashed line at `center`.
    public struct Reference {
        /// The band's centre, drawn as a dashed line.
        public var center: Double
        /// How far the band reaches either side of the centre.
        public var halfWidth: Double
        /// The band's name in the legend (e.g. "N(0, 1): 0 ± 1").
        public var name: String
        /// A band `center` ± `halfWidth` named `name`.
        public init(center: Double, halfWidth: Double, name: String) {
            self.center = center
            self.halfWidth = halfWidth
            self.name = name
        }
    }

    /// The strips, left to right.
    public var categories: [Category]
    /// The band every strip is compared with; nil for none.
    public var reference: Reference?
    /// Names for the dots and the whiskers in the legend.
    public var valuesName: String
    /// The legend's name for the whiskers.
    public var summaryName: String
    /// The horizontal axis's title (what the categories are).
    public var xLabel: String
    /// The vertical axis's title (what the values measure).
    public var yLabel: String
    /// The plot's width in CSS pixels, axes and legend included.
    public var width: Double
    /// The plot's height in CSS pixels, axes included.
    public var height: Double
    public var title: String?
    public var caption: String?

    /// A strip plot of `categories`, optionally against `reference`.
    public init(categories: [Category], reference: Reference? = nil, valuesName: String = "values", summaryName: String = "mean ± 1 standard deviation",
                xLabel: String, yLabel: String, width: Double = 560, height: Double = 320, title: String? = nil, caption: String? = nil) {
        self.categories = categories
        self.reference = reference
        self.valuesName = valuesName
        self.summaryName = summaryName
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
        self.title = title
        self.caption = caption
    }

    func legendEntries(style: Style) -> [(name: String, color: Color, swatch: LegendSwatch)] {
        [(valuesName, style.seriesColor(0), .dot), (summaryName, style.ink, .line(dashed: false))]
            + (reference.map { [($0.name, style.accent, .line(dashed: true))] } ?? [])
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (width, height + 8 + legendGridSize(legendEntries(style: style).map(\.name), width: width, style: style).height)
    }

    /// The same strips drawn `width` wide in all.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        resized(toWidth: width, maximumHeight: 280)
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        let spreads: [Double] = categories.flatMap { (category: Category) -> [Double] in category.values + [category.mean - category.deviation, category.mean + category.deviation] }
        let referenceEnds: [Double] = reference.map { [$0.center - $0.halfWidth, $0.center + $0.halfWidth] } ?? []
        let all = spreads + referenceEnds
        guard !categories.isEmpty, all.allSatisfy({ $0.isFinite }) else {
            throw FigureError.invalidData(figure: "StripPlot", reason: "needs at least one category and finite values")
        }
        let plot = Rect(x: rect.x, y: rect.y, width: width, height: height)
        let axes = Axes(body: plot, x: 0.5...(Double(categories.count) + 0.5), y: padded(all.min()!, all.max()!, by: 0.04))
        let slot = axes.area.width / Double(categories.count)
        let every = max(1, Int((22 / slot).rounded(.up)))
        let shown = Array(stride(from: 0, to: categories.count, by: every))
        axes.draw(on: canvas, style: style, xLabel: xLabel, yLabel: yLabel,
                  xTicks: NiceTicks(values: shown.map { Double($0 + 1) }, labels: shown.map { categories[$0].label }))
        canvas.clipped(to: axes.area) {
            if let reference {
                let top = axes.py(reference.center + reference.halfWidth), bottom = axes.py(reference.center - reference.halfWidth)
                canvas.fill(Rect(x: axes.area.minX, y: top, width: axes.area.width, height: bottom - top), style.accent.withAlpha(0.08))
                for y in [top, bottom] { canvas.line(from: Point(axes.area.minX, y), to: Point(axes.area.maxX, y), style.accent.withAlpha(0.6), width: 1, dash: [2, 3]) }
                let center = axes.py(reference.center)
                canvas.line(from: Point(axes.area.minX, center), to: Point(axes.area.maxX, center), style.accent, width: 1.5, dash: [6, 4])
            }
            for (index, category) in categories.enumerated() {
                let x = axes.px(Double(index + 1))
                for (number, value) in category.values.enumerated() {
                    // The golden ratio's fractional parts spread the dots evenly across the strip.
                    let jitter = (Double(number) * 0.618_034).truncatingRemainder(dividingBy: 1) - 0.5
                    canvas.circle(center: Point(x + jitter * slot * 0.55, axes.py(value)), radius: 1.5, fill: style.seriesColor(0).withAlpha(0.3))
                }
                let low = axes.py(category.mean - category.deviation), high = axes.py(category.mean + category.deviation)
                canvas.line(from: Point(x, low), to: Point(x, high), style.ink, width: 1.6)
                for y in [low, high] { canvas.line(from: Point(x - slot * 0.15, y), to: Point(x + slot * 0.15, y), style.ink, width: 1.6) }
                canvas.line(from: Point(x - slot * 0.3, axes.py(category.mean)), to: Point(x + slot * 0.3, axes.py(category.mean)), style.ink, width: 3)
            }
        }
        drawLegendGrid(legendEntries(style: style), in: Rect(x: axes.area.minX, y: plot.maxY + 8, width: rect.maxX - axes.area.minX, height: rect.maxY - plot.maxY - 8),
                       on: canvas, style: style)
    }
}
