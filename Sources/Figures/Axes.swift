import Foundation

/// Tick positions that people read easily: steps of 1, 2, 2.5 or 5 times a power of ten, and
/// labels with just enough decimals to tell neighbours apart.
public struct NiceTicks: Equatable {
    public let values: [Double]
    public let labels: [String]

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

    /// Powers of ten in [low, high] (and 2× and 5× when the range spans three decades or fewer).
    public init(logFrom low: Double, to high: Double) {
        let decades = Int(floor(log10(low)))...Int(ceil(log10(high)))
        let multipliers: [Double] = log10(high / low) <= 3 ? [1, 2, 5] : [1]
        var values: [Double] = []
        for exponent in decades {
            for multiplier in multipliers {
                let value = multiplier * pow(10, Double(exponent))
                if value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9) { values.append(value) }
            }
        }
        self.values = values
        labels = values.map { NiceTicks.format($0, decimals: max(0, Int(-floor(log10($0) + 1e-9)))) }
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

    var xTicks: NiceTicks { NiceTicks(from: x.lowerBound, to: x.upperBound, targetCount: max(2, Int(area.width / 90))) }
    var yTicks: NiceTicks {
        logY ? NiceTicks(logFrom: y.lowerBound, to: y.upperBound) : NiceTicks(from: y.lowerBound, to: y.upperBound, targetCount: max(2, Int(area.height / 60)))
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

/// How a legend entry shows its series: a short line (solid or dashed, as the curve is drawn) or a dot.
enum LegendSwatch {
    case line(dashed: Bool)
    case dot
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
        switch entry.swatch {
        case .line(let dashed):
            canvas.polyline([Point(box.x + 8, y), Point(box.x + 26, y)], entry.color, width: style.lineWidth, dash: dashed ? [5, 3] : [])
        case .dot:
            canvas.circle(center: Point(box.x + 17, y), radius: 4.5, fill: entry.color)
        }
        canvas.text(entry.name, at: Point(box.x + 32, y), size: style.tickSize, color: style.ink, style: style, baseline: .middle)
    }
}
