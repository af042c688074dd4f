import Foundation

/// The value below which a standard normal variable falls with probability `p` (bisection on
/// erf): manifold grids place their codes at these quantiles, so every cell covers equal probability.
public func standardNormalQuantile(_ p: Double) -> Double {
    var low = -8.0, high = 8.0
    for _ in 0..<80 {
        let middle = (low + high) / 2
        if 0.5 * (1 + erf(middle / 2.0.squareRoot())) < p { low = middle } else { high = middle }
    }
    return (low + high) / 2
}

/// Decoder outputs over a regular grid of 2-D latent values (a "manifold" picture): column j
/// decodes x = xValues[j], row i decodes y = yValues[i], with both axes annotated.
public struct ManifoldGrid: Figure {
    /// images[row][column], row 0 at the top (largest y).
    public var images: [[[Float]]]
    /// The code's first coordinate for each column, left to right.
    public var xValues: [Double]
    /// The code's second coordinate for each row, top to bottom.
    public var yValues: [Double]
    /// The horizontal axis's title (e.g. "z₁").
    public var xLabel: String
    /// The vertical axis's title (e.g. "z₂").
    public var yLabel: String
    /// The side of each decoded image, in pixels.
    public var imageSide: Int
    /// The side of a cell in CSS pixels.
    public var cellSize: Double
    public var title: String?
    public var caption: String?

    /// A grid of `images` decoded at the codes (`xValues`[j], `yValues`[i]).
    public init(
        images: [[[Float]]], xValues: [Double], yValues: [Double], xLabel: String = "z₁", yLabel: String = "z₂",
        imageSide: Int = 28, cellSize: Double = 28, title: String? = nil, caption: String? = nil
    ) {
        self.images = images
        self.xValues = xValues
        self.yValues = yValues
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.imageSide = imageSide
        self.cellSize = cellSize
        self.title = title
        self.caption = caption
    }

    static let axisSpace = (left: 62.0, bottom: 44.0)

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (ManifoldGrid.axisSpace.left + Double(xValues.count) * cellSize + 8, Double(yValues.count) * cellSize + ManifoldGrid.axisSpace.bottom)
    }

    /// The same grid with smaller cells, to fit `width` (ticks thin out to stay apart).
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        guard !xValues.isEmpty else { return nil }
        var narrow = self
        narrow.cellSize = min(cellSize, ((Self.bodyWidth(forWidth: width) - ManifoldGrid.axisSpace.left - 8) / Double(xValues.count)).rounded(.down))
        return narrow
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        guard images.count == yValues.count, images.allSatisfy({ $0.count == xValues.count }) else {
            throw FigureError.invalidData(figure: "ManifoldGrid", reason: "needs one row per y value and one image per x value")
        }
        let left = rect.x + ManifoldGrid.axisSpace.left
        let every = max(1, Int((36 / cellSize).rounded(.up)))
        for (row, rowImages) in images.enumerated() {
            for (column, image) in rowImages.enumerated() {
                let cell = Rect(x: left + Double(column) * cellSize, y: rect.y + Double(row) * cellSize, width: cellSize, height: cellSize)
                canvas.image(image, columns: imageSide, in: cell, color: style.pixelColor)
            }
            if row % every == 0 {
                canvas.text(String(format: "%.2f", yValues[row]).replacingOccurrences(of: "-", with: "−"),
                            at: Point(left - 6, rect.y + (Double(row) + 0.5) * cellSize), size: style.tickSize,
                            color: style.mutedInk, style: style, anchor: .end, baseline: .middle)
            }
        }
        let gridBottom = rect.y + Double(yValues.count) * cellSize
        canvas.stroke(Rect(x: left, y: rect.y, width: Double(xValues.count) * cellSize, height: Double(yValues.count) * cellSize),
                      style.grid, width: style.hairline)
        // Column labels are wider than row labels are tall: thin them out by their width.
        let label = { (value: Double) in String(format: "%.2f", value).replacingOccurrences(of: "-", with: "−") }
        let widest = xValues.map { canvas.textWidth(label($0), size: style.tickSize, style: style) }.max() ?? 0
        let everyColumn = max(every, Int(((widest + 14) / cellSize).rounded(.up)))
        for (column, value) in xValues.enumerated() where column % everyColumn == 0 {
            canvas.text(label(value), at: Point(left + (Double(column) + 0.5) * cellSize, gridBottom + 5), size: style.tickSize,
                        color: style.mutedInk, style: style, anchor: .middle, baseline: .top)
        }
        canvas.text(xLabel, at: Point(left + Double(xValues.count) * cellSize / 2, gridBottom + 24), size: style.labelSize,
                    color: style.ink, style: style, anchor: .middle, baseline: .top)
        canvas.text(yLabel, at: Point(rect.x + 10, rect.y + Double(yValues.count) * cellSize / 2), size: style.labelSize,
                    color: style.ink, style: style, anchor: .middle, baseline: .middle, rotation: -.pi / 2)
    }
}

/// Images decoded along a path between two latent codes, left to right, with the two ends (the
/// real images' codes) framed and named.
public struct InterpolationStrip: Figure {
    /// The decoded images from the start code to the end code, both ends included.
    public var images: [[Float]]
    /// The name of the image the path starts at.
    public var startLabel: String
    /// The name of the image the path ends at.
    public var endLabel: String
    /// The side of each image, in pixels.
    public var imageSide: Int
    /// The side of a cell in CSS pixels.
    public var cellSize: Double
    public var title: String?
    public var caption: String?

    /// A strip of `images` along a path between two codes.
    public init(images: [[Float]], startLabel: String, endLabel: String, imageSide: Int = 28, cellSize: Double = 52,
                title: String? = nil, caption: String? = nil) {
        self.images = images
        self.startLabel = startLabel
        self.endLabel = endLabel
        self.imageSide = imageSide
        self.cellSize = cellSize
        self.title = title
        self.caption = caption
    }

    static let gap = 4.0

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (max(Double(images.count) * (cellSize + InterpolationStrip.gap) - InterpolationStrip.gap,
             measuredWidth(InterpolationStrip.pathLabel, size: style.tickSize, style: style)), cellSize + 48)
    }

    static let pathLabel = "straight line between the two codes in latent space"

    /// The same strip with smaller images, to fit `width`.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        guard !images.isEmpty else { return nil }
        var narrow = self
        let room = Self.bodyWidth(forWidth: width) + InterpolationStrip.gap
        narrow.cellSize = min(cellSize, (room / Double(images.count) - InterpolationStrip.gap).rounded(.down))
        return narrow
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        guard images.count >= 2 else { throw FigureError.invalidData(figure: "InterpolationStrip", reason: "needs at least two images") }
        for (index, image) in images.enumerated() {
            let cell = Rect(x: rect.x + Double(index) * (cellSize + InterpolationStrip.gap), y: rect.y + 20, width: cellSize, height: cellSize)
            drawDigit(image, side: imageSide, in: cell, on: canvas, style: style)
            if index == 0 || index == images.count - 1 {
                canvas.stroke(cell.inset(by: -2), style.accent, width: 2.5)
                canvas.text(index == 0 ? startLabel : endLabel, at: Point(cell.midX, rect.y + 14), size: style.tickSize,
                            color: style.accent, style: style, weight: .bold, anchor: .middle, baseline: .bottom)
            }
        }
        let arrowY = rect.y + 20 + cellSize + 16
        canvas.arrow(from: Point(rect.x + cellSize / 2, arrowY), to: Point(rect.maxX - cellSize / 2, arrowY), style.mutedInk, width: 1.5)
        canvas.text(InterpolationStrip.pathLabel, at: Point(rect.midX, arrowY + 6),
                    size: style.tickSize, color: style.mutedInk, style: style, anchor: .middle, baseline: .top)
    }
}

/// An image generated one patch at a time: each panel shows the patches produced so far (in
/// raster order) and leaves the rest as empty, hatched squares.
public struct PatchStrip: Figure {
    /// Each panel: the finished image and how many of its patches, in raster order, are shown.
    public var panels: [(image: [Float], patchesShown: Int)]
    /// The side of each image, in pixels.
    public var imageSide: Int
    /// The side of one patch (one token), in pixels.
    public var patchSide: Int
    /// The side of a panel in CSS pixels.
    public var cellSize: Double
    public var title: String?
    public var caption: String?

    /// Panels per row (all in one row by default); later panels wrap beneath.
    public var columns: Int?

    /// Panels of an image appearing patch by patch.
    public init(panels: [(image: [Float], patchesShown: Int)], imageSide: Int = 28, patchSide: Int = 4, cellSize: Double = 84,
                columns: Int? = nil, title: String? = nil, caption: String? = nil) {
        self.panels = panels
        self.columns = columns
        self.imageSide = imageSide
        self.patchSide = patchSide
        self.cellSize = cellSize
        self.title = title
        self.caption = caption
    }

    var patchesPerRow: Int { imageSide / patchSide }

    var perRow: Int { max(1, min(columns ?? panels.count, panels.count)) }
    var rows: Int { (panels.count + perRow - 1) / perRow }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (Double(perRow) * (cellSize + 10) - 10, Double(rows) * (cellSize + 22) + Double(rows - 1) * 8)
    }

    /// The panels in rows of at most four, each as large as fits `width`.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        var narrow = self
        narrow.columns = min(4, panels.count)
        narrow.cellSize = min(cellSize, ((Self.bodyWidth(forWidth: width) + 10) / Double(narrow.perRow) - 10).rounded(.down))
        return narrow
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        let total = patchesPerRow * patchesPerRow
        for (index, panel) in panels.enumerated() {
            let cell = Rect(x: rect.x + Double(index % perRow) * (cellSize + 10), y: rect.y + Double(index / perRow) * (cellSize + 30),
                            width: cellSize, height: cellSize)
            canvas.image(panel.image, columns: imageSide, in: cell, color: style.pixelColor)
            let patch = cellSize / Double(patchesPerRow)
            for position in min(panel.patchesShown, total)..<total {
                let square = Rect(x: cell.x + Double(position % patchesPerRow) * patch, y: cell.y + Double(position / patchesPerRow) * patch,
                                  width: patch, height: patch)
                canvas.fill(square, style.panel)
                canvas.line(from: Point(square.minX + 2, square.maxY - 2), to: Point(square.maxX - 2, square.minY + 2),
                            style.grid, width: style.hairline)
            }
            if panel.patchesShown > 0 && panel.patchesShown < total {  // the patch generated last
                let last = panel.patchesShown - 1
                canvas.stroke(Rect(x: cell.x + Double(last % patchesPerRow) * patch, y: cell.y + Double(last / patchesPerRow) * patch,
                                   width: patch, height: patch), style.accent, width: 2)
            }
            canvas.stroke(cell, style.grid, width: style.hairline)
            canvas.text("\(min(panel.patchesShown, total)) / \(total)", at: Point(cell.midX, cell.maxY + 5), size: style.tickSize,
                        color: style.mutedInk, style: style, anchor: .middle, baseline: .top)
        }
    }
}
