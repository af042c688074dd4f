import Foundation

/// Tick positions that people read easily: steps of 1, 2, 2.5 or 5 times a power of ten, and
/// labels with just enough decimals to tell neighbours apart.
public struct NiceTicks: Equatable {
    /// The tick positions, from low to high.
    public let values: [Double]
    /// Each tick's label, with just the decimals it needs.
    public let labels: [String]

    /// About `targetCount` round ticks covering `low`…`high`.
    public init(from low: Double, to high: Double, targetCount: Int = 5) {
        let span = max(high - low, abs(high) * 1e-9, 1e-12)
        let rough = span / Double(max(targetCount, 1))
        let magnitude = pow(10, floor(log10(rough)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? 10 * magnitude
        let first = (low / step).rounded(.up) * step
        var values: [Double] = []
        var value = first
        while value <= high + step * 1e-9 {
            values.append(abs(value) < step * 1e-9 ? 0 : value)
            value += step
        }
        // Just enough decimals to write the step exactly (0.25 needs two, 25 none).
        let decimals = (0...8).first { (places: Int) -> Bool in
            let scaled: Double = step * pow(10, Double(places))
            return abs(scaled - scaled.rounded()) < 1e-6
        } ?? 8
        self.values = values
        labels = values.map { NiceTicks.format($0, decimals: decimals) }
    }

    /// Ticks at given positions with given labels (categories on an axis).
    init(values: [Double], labels: [String]) {
        self.values = values
        self.labels = labels
    }

    /// Ticks for a logarithmic axis: the coarsest of powers of ten; 1, 2 and 5 times them; or 1,
    /// 1.5, 2, 3, 5 and 7 times them that puts at least four ticks in [low, high] (a range inside
    /// one decade would otherwise get one or two). Each label has just the decimals its value needs.
    public init(logFrom low: Double, to high: Double) {
        let decades = Int(floor(log10(low)))...Int(ceil(log10(high)))
        let (lowest, highest) = (low * (1 - 1e-9), high * (1 + 1e-9))
        func ticks(_ multipliers: [Double]) -> [Double] {
            var values: [Double] = []
            for exponent in decades {
                let power: Double = pow(10, Double(exponent))
                for multiplier in multipliers where multiplier * power >= lowest && multiplier * power <= highest {
                    values.append(multiplier * power)
                }
            }
            return values
        }
        let choices: [[Double]] = [ticks([1]), ticks([1, 2, 5]), ticks([1, 1.5, 2, 3, 5, 7])]
        let values = choices.first { $0.count >= 4 } ?? choices.last!
        self.values = values
        labels = values.map { value in
            let decimals = (0...12).first { (places: Int) -> Bool in
                let scaled = value * pow(10, Double(places))
                return abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled)
            } ?? 12
            return NiceTicks.format(value, decimals: decimals)
        }
    }

    /// `value` with `significant` significant digits (for printed data values, not ticks).
    public static func format(_ value: Double, significant: Int) -> String {
        guard value != 0, value.isFinite else { return value == 0 ? "0" : "\(value)" }
        let decimals = max(0, significant - 1 - Int(floor(log10(abs(value)))))
        return format(value, decimals: decimals)
    }

    static func format(_ value: Double, decimals: Int) -> String {
        if abs(value) >= 1e5 || (abs(value) < 1e-4 && value != 0) { return String(format: "%.0e", value) }
        return String(format: "%.\(decimals)f", value).replacingOccurrences(of: "-", with: "−")
    }
}

/// The frame of a 2-D plot: maps data to the plot area, draws grid, ticks and axis labels.
struct Axes {
    let area: Rect
    let x: ClosedRange<Double>
    let y: ClosedRange<Double>
    let logY: Bool

    /// Space around the plot area for tick labels and axis titles.
    static let margins = (left: 64.0, right: 14.0, top: 6.0, bottom: 44.0)

    init(body: Rect, x: ClosedRange<Double>, y: ClosedRange<Double>, logY: Bool = false) {
        area = Rect(
            x: body.x + Axes.margins.left, y: body.y + Axes.margins.top,
            width: body.width - Axes.margins.left - Axes.margins.right,
            height: body.height - Axes.margins.top - Axes.margins.bottom
        )
        self.x = x
        self.y = y
        self.logY = logY
    }

    func px(_ value: Double) -> Double { area.x + (value - x.lowerBound) / (x.upperBound - x.lowerBound) * area.width }

    func py(_ value: Double) -> Double {
        let fraction = logY
            ? (log10(value) - log10(y.lowerBound)) / (log10(y.upperBound) - log10(y.lowerBound))
            : (value - y.lowerBound) / (y.upperBound - y.lowerBound)
        return area.maxY - fraction * area.height
    }

    func point(_ x: Double, _ y: Double) -> Point { Point(px(x), py(y)) }

    var xTicks: NiceTicks { Axes.ticks(x, targetCount: max(2, Int(area.width / 90))) }
    var yTicks: NiceTicks {
        logY ? NiceTicks(logFrom: y.lowerBound, to: y.upperBound) : Axes.ticks(y, targetCount: max(2, Int(area.height / 60)))
    }

    /// About `targetCount` round ticks, but at least three where a finer round step gives them: on a
    /// short axis (a phone's plot) a coarse step can leave a single labelled tick.
    static func ticks(_ range: ClosedRange<Double>, targetCount: Int) -> NiceTicks {
        let ticks = NiceTicks(from: range.lowerBound, to: range.upperBound, targetCount: targetCount)
        return ticks.values.count >= 3 ? ticks : NiceTicks(from: range.lowerBound, to: range.upperBound, targetCount: 2 * targetCount + 1)
    }

    /// Grid lines, tick labels, the frame and the two axis titles.
    func draw(on canvas: Canvas, style: Style, xLabel: String, yLabel: String, xTicks: NiceTicks? = nil) {
        canvas.fill(area, style.panel)
        let xTicks = xTicks ?? self.xTicks
        for (value, label) in zip(xTicks.values, xTicks.labels) {
            let position = px(value)
            canvas.line(from: Point(position, area.minY), to: Point(position, area.maxY), style.grid, width: style.hairline)
            canvas.text(label, at: Point(position, area.maxY + 6), size: style.tickSize, color: style.mutedInk, style: style,
                        anchor: .middle, baseline: .top)
        }
        for (value, label) in zip(yTicks.values, yTicks.labels) {
            let position = py(value)
            canvas.line(from: Point(area.minX, position), to: Point(area.maxX, position), style.grid, width: style.hairline)
            canvas.text(label, at: Point(area.minX - 6, position), size: style.tickSize, color: style.mutedInk, style: style,
                        anchor: .end, baseline: .middle)
        }
        canvas.stroke(area, style.mutedInk, width: style.hairline)
        canvas.text(xLabel, at: Point(area.midX, area.maxY + 26), size: style.labelSize, color: style.ink, style: style,
                    anchor: .middle, baseline: .top)
        canvas.text(yLabel, at: Point(area.minX - 50, area.midY), size: style.labelSize, color: style.ink, style: style,
                    anchor: .middle, baseline: .middle, rotation: -.pi / 2)
    }
}

/// [low, high] widened by `fraction` of its span on each side (so points do not sit on the frame).
func padded(_ low: Double, _ high: Double, by fraction: Double = 0.05) -> ClosedRange<Double> {
    let span = high > low ? high - low : max(abs(low), 1)
    return (low - span * fraction)...(high + span * fraction)
}

/// The size of a legend panel for `names`.
func legendSize(_ names: [String], style: Style) -> (width: Double, height: Double) {
    let textWidth = names.map { measuredWidth($0, size: style.tickSize, style: style) }.max() ?? 0
    return (textWidth + 36, Double(names.count) * style.tickSize * 1.7 + 10)
}

/// The top-right corner for a legend inside `area`: whichever of the four corners covers the
/// fewest of `points` (so the legend hides as little data as possible).
func emptiestCorner(of area: Rect, for size: (width: Double, height: Double), avoiding points: [Point]) -> Point {
    let inset = 8.0
    let corners = [
        Point(area.maxX - inset, area.minY + inset), Point(area.minX + inset + size.width + 8, area.minY + inset),
        Point(area.maxX - inset, area.maxY - inset - size.height), Point(area.minX + inset + size.width + 8, area.maxY - inset - size.height),
    ]
    return corners.min { a, b in covered(a, size, points) < covered(b, size, points) }!
}

func covered(_ corner: Point, _ size: (width: Double, height: Double), _ points: [Point]) -> Int {
    let box = Rect(x: corner.x - size.width - 8, y: corner.y, width: size.width + 8, height: size.height)
    return points.filter { $0.x >= box.minX && $0.x <= box.maxX && $0.y >= box.minY && $0.y <= box.maxY }.count
}

/// How a legend entry shows its series: a short line (solid or dashed, as the curve is drawn), a
/// dot, or a cross (a scatter plot's "other" group).
enum LegendSwatch {
    case line(dashed: Bool)
    case dot
    case cross
}

/// Draws one entry's swatch centred at `center`.
private func drawSwatch(_ swatch: LegendSwatch, _ color: Color, at center: Point, on canvas: Canvas, style: Style) {
    switch swatch {
    case .line(let dashed):
        canvas.polyline([Point(center.x - 9, center.y), Point(center.x + 9, center.y)], color, width: style.lineWidth, dash: dashed ? [5, 3] : [])
    case .dot:
        canvas.circle(center: center, radius: 4.5, fill: color)
    case .cross:
        canvas.cross(at: center, radius: 4.5, color, width: 1.6)
    }
}

/// A legend: a column of swatches and names in a panel whose top-right corner is at `corner`.
func drawLegend(_ entries: [(name: String, color: Color, swatch: LegendSwatch)], topRight corner: Point, on canvas: Canvas, style: Style) {
    guard !entries.isEmpty else { return }
    let rowHeight = style.tickSize * 1.7
    let size = legendSize(entries.map(\.name), style: style)
    let box = Rect(x: corner.x - size.width - 8, y: corner.y, width: size.width, height: size.height)
    canvas.fill(box, style.background.withAlpha(0.9), cornerRadius: 4)
    canvas.stroke(box, style.grid, width: style.hairline, cornerRadius: 4)
    for (index, entry) in entries.enumerated() {
        let y = box.y + 5 + (Double(index) + 0.5) * rowHeight
        drawSwatch(entry.swatch, entry.color, at: Point(box.x + 17, y), on: canvas, style: style)
        canvas.text(entry.name, at: Point(box.x + 32, y), size: style.tickSize, color: style.ink, style: style, baseline: .middle)
    }
}

/// A legend as rows of entries side by side, as many to a row as fit `width`: under a plot too
/// narrow to have one beside it.
func legendGridSize(_ names: [String], width: Double, style: Style) -> (width: Double, height: Double, columns: Int, cell: Double) {
    let cell = (names.map { measuredWidth($0, size: style.tickSize, style: style) }.max() ?? 0) + 36
    let columns = max(1, min(names.count, Int(width / cell)))
    let rows = (names.count + columns - 1) / columns
    return (Double(columns) * cell, Double(rows) * style.tickSize * 1.7, columns, cell)
}

func drawLegendGrid(_ entries: [(name: String, color: Color, swatch: LegendSwatch)], in rect: Rect, on canvas: Canvas, style: Style) {
    let grid = legendGridSize(entries.map(\.name), width: rect.width, style: style)
    let rowHeight = style.tickSize * 1.7
    for (index, entry) in entries.enumerated() {
        let x = rect.x + Double(index % grid.columns) * grid.cell
        let y = rect.y + (Double(index / grid.columns) + 0.5) * rowHeight
        drawSwatch(entry.swatch, entry.color, at: Point(x + 9, y), on: canvas, style: style)
        canvas.text(entry.name, at: Point(x + 24, y), size: style.tickSize, color: style.ink, style: style, baseline: .middle)
    }
}
