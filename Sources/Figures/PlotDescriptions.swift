import Foundation

// What each plot says in words: its axes, and the numbers a reader takes from it at a glance.

extension LinePlot: DescribedFigure {
    /// Each curve's first and last value, and its lowest or highest when that lies in between
    /// (a loss that dips and rises again); guides with their levels.
    public var dataDescription: String {
        let curves = series.compactMap { curve -> String? in
            guard let first = curve.points.first, let last = curve.points.last else { return nil }
            var text = "\(curve.name) from \(FigureWords.spoken(first.y)) at \(FigureWords.spoken(first.x)) to \(FigureWords.spoken(last.y)) at \(FigureWords.spoken(last.x))"
            let values = curve.points.map(\.y).filter(\.isFinite)
            // Said only when it reads differently from both ends (25.4 at 29 beside 25.4 at 30 says nothing).
            let ends = [FigureWords.spoken(first.y), FigureWords.spoken(last.y)]
            if let low = values.min(), low < min(first.y, last.y), !ends.contains(FigureWords.spoken(low)),
               let at = curve.points.first(where: { $0.y == low }) {
                text += " (lowest \(FigureWords.spoken(low)) at \(FigureWords.spoken(at.x)))"
            } else if let high = values.max(), high > max(first.y, last.y), !ends.contains(FigureWords.spoken(high)),
                      let at = curve.points.first(where: { $0.y == high }) {
                text += " (highest \(FigureWords.spoken(high)) at \(FigureWords.spoken(at.x)))"
            }
            return text
        }
        var text = "Line plot of \(yLabel)\(logY ? " (logarithmic scale)" : "") against \(xLabel), "
            + "\(FigureWords.counted(series.count, "curve")): \(FigureWords.listed(curves)). "
        if !guides.isEmpty { text += "Reference lines: \(FigureWords.listed(guides.map { "\($0.label) at \(FigureWords.spoken($0.y))" }))." }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

extension BarChart: DescribedFigure {
    /// The number of bars and the largest and smallest of them.
    public var dataDescription: String {
        let bars = zip(labels, values).map { (label: $0, value: $1) }
        guard let largest = bars.max(by: { $0.value < $1.value }), let smallest = bars.min(by: { $0.value < $1.value }) else {
            return "Bar chart of \(yLabel) by \(xLabel), with no bars."
        }
        return "Bar chart of \(yLabel) by \(xLabel), \(FigureWords.counted(bars.count, "bar")): largest \(largest.label) at \(FigureWords.spoken(largest.value)), "
            + "smallest \(smallest.label) at \(FigureWords.spoken(smallest.value))."
    }
}

extension ScatterPlot: DescribedFigure {
    /// The point count, the ranges of both axes, and each class as a cluster: how many points, their
    /// centre and their spread (root mean square distance from that centre), so a reader hears
    /// which groups sit apart and which are tight.
    public var dataDescription: String {
        guard !points.isEmpty else { return "Scatter plot of \(yLabel) against \(xLabel), with no points." }
        let xs = points.map(\.x), ys = points.map(\.y)
        let labels = Set(points.map(\.label)).sorted()
        let clusters = labels.map { label -> String in
            let members = points.filter { $0.label == label }
            let count = Double(members.count)
            let centre = (x: members.map(\.x).reduce(0, +) / count, y: members.map(\.y).reduce(0, +) / count)
            let spread = (members.map { ($0.x - centre.x) * ($0.x - centre.x) + ($0.y - centre.y) * ($0.y - centre.y) }.reduce(0, +) / count).squareRoot()
            let name = label >= 0 && label < classNames.count ? classNames[label] : "class \(label)"
            return "\(name): \(FigureWords.grouped(members.count)) around (\(FigureWords.spoken(centre.x)), \(FigureWords.spoken(centre.y))), spread \(FigureWords.spoken(spread))"
        }
        return "Scatter plot of \(FigureWords.counted(points.count, "point")), \(xLabel) from \(FigureWords.spoken(xs.min() ?? 0)) to \(FigureWords.spoken(xs.max() ?? 0)) "
            + "across, \(yLabel) from \(FigureWords.spoken(ys.min() ?? 0)) to \(FigureWords.spoken(ys.max() ?? 0)) up, in \(FigureWords.counted(labels.count, "group")). "
            + clusters.joined(separator: "; ") + "."
    }
}

extension StripPlot: DescribedFigure {
    /// The categories, where their means lie (lowest and highest) and how wide their spreads are,
    /// against the reference band.
    public var dataDescription: String {
        guard let lowest = categories.min(by: { $0.mean < $1.mean }), let highest = categories.max(by: { $0.mean < $1.mean }),
              let narrowest = categories.min(by: { $0.deviation < $1.deviation }),
              let widest = categories.max(by: { $0.deviation < $1.deviation }) else {
            return "Strip plot of \(yLabel) by \(xLabel), with no categories."
        }
        var text = "Strip plot of \(yLabel) for \(FigureWords.counted(categories.count, "category", "categories")) of \(xLabel), each a strip of "
            + "\(valuesName) with its \(summaryName): means from \(FigureWords.spoken(lowest.mean)) (\(lowest.label)) to \(FigureWords.spoken(highest.mean)) "
            + "(\(highest.label)), standard deviations from \(FigureWords.spoken(narrowest.deviation)) (\(narrowest.label)) to "
            + "\(FigureWords.spoken(widest.deviation)) (\(widest.label))."
        if let reference {
            text += " A band marks \(reference.name): \(FigureWords.spoken(reference.center)) ± \(FigureWords.spoken(reference.halfWidth))."
        }
        return text
    }
}

extension HeatMap: DescribedFigure {
    /// Its size, and where its smallest and largest values are.
    public var dataDescription: String {
        var cells: [(row: Int, column: Int, value: Double)] = []
        for (row, values) in self.values.enumerated() {
            for (column, value) in values.enumerated() where value.isFinite { cells.append((row, column, value)) }
        }
        let columns = self.values.map(\.count).max() ?? 0
        var text = "Heat map of \(FigureWords.counted(self.values.count, "row")) (\(rowTitle)) by \(FigureWords.counted(columns, "column")) (\(columnTitle))"
        guard let low = cells.min(by: { $0.value < $1.value }), let high = cells.max(by: { $0.value < $1.value }) else { return text + "." }
        let place = { (cell: (row: Int, column: Int, value: Double)) -> String in
            let row = cell.row < rowLabels.count ? rowLabels[cell.row] : "row \(cell.row + 1)"
            let column = cell.column < columnLabels.count ? columnLabels[cell.column] : "column \(cell.column + 1)"
            return "\(row), \(column)"
        }
        text += ": values from \(FigureWords.spoken(low.value)) (\(place(low))) to \(FigureWords.spoken(high.value)) (\(place(high)))."
        return text
    }
}
