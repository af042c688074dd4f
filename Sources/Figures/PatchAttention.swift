/// Where one attention head looks while an image is written patch by patch: for a few positions of
/// the sequence, the image with each earlier patch shaded by the attention weight that position's
/// query gives it. The patch being predicted is outlined, the patches after it (which causal
/// attention cannot see) are hatched, and the weight on the class token, which has no patch, is
/// written under the panel. Each panel's weights (patches and class token) sum to at most 1.
public struct PatchAttention: Figure {
    /// One query: the patch it predicts (raster order), the weights it gives the patches before it
    /// (`weights[k]` for patch k < `patch`) and the weight it gives the class token.
    public struct Query: Sendable {
        /// The patch this query predicts, in raster order: its panel outlines it.
        public var patch: Int
        /// The weight given to each earlier patch: `weights[k]` for patch k < `patch`.
        public var weights: [Double]
        /// The weight given to the class token, written under the panel (it has no patch to shade).
        public var classWeight: Double
        /// A query predicting `patch` with its attention weights.
        public init(patch: Int, weights: [Double], classWeight: Double) {
            self.patch = patch
            self.weights = weights
            self.classWeight = classWeight
        }
    }

    /// The finished image, grey-levels in [0, 1], drawn under the shading in every panel.
    public var image: [Float]
    /// One panel per query, left to right.
    public var queries: [Query]
    /// The side of the image, in pixels.
    public var imageSide: Int
    /// Patches per side (7 for the VQ-VAE's grid).
    public var gridSide: Int
    /// The side of a panel in CSS pixels.
    public var cellSize: Double
    /// Panels per row (all in one row by default).
    public var columns: Int?
    public var title: String?
    public var caption: String?

    /// Panels of `image` shaded by each of `queries`' attention.
    public init(image: [Float], queries: [Query], imageSide: Int = 28, gridSide: Int = 7, cellSize: Double = 150,
                columns: Int? = nil, title: String? = nil, caption: String? = nil) {
        self.image = image
        self.queries = queries
        self.imageSide = imageSide
        self.gridSide = gridSide
        self.cellSize = cellSize
        self.columns = columns
        self.title = title
        self.caption = caption
    }

    /// Room above a panel for its heading and below it for the class token's weight.
    static let above: Double = 22, below: Double = 24, gap: Double = 18

    /// The image itself, then one panel per query.
    var panelCount: Int { queries.count + 1 }
    var perRow: Int { max(1, min(columns ?? panelCount, panelCount)) }
    var rows: Int { (panelCount + perRow - 1) / perRow }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (Double(perRow) * (cellSize + Self.gap) - Self.gap, Double(rows) * (Self.above + cellSize + Self.below) + Double(rows - 1) * 8)
    }

    /// Two panels a row on a phone, each as large as fits.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        var narrow = self
        narrow.columns = min(2, panelCount)
        narrow.cellSize = min(cellSize, ((Self.bodyWidth(forWidth: width) + Self.gap) / Double(narrow.perRow) - Self.gap).rounded(.down))
        return narrow
    }

    /// The largest weight any panel gives a patch: the darkest shade, so panels compare.
    var largestWeight: Double { queries.flatMap(\.weights).max() ?? 0 }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        let cells = gridSide * gridSide
        guard image.count == imageSide * imageSide,
              queries.allSatisfy({ (0..<cells).contains($0.patch) && $0.weights.count == $0.patch }),
              queries.allSatisfy({ ($0.weights + [$0.classWeight]).allSatisfy { $0.isFinite && $0 >= 0 } }) else {
            throw FigureError.invalidData(figure: "PatchAttention",
                                          reason: "needs a \(imageSide)×\(imageSide) image and, per query, one finite weight ≥ 0 per earlier patch")
        }
        let patch = cellSize / Double(gridSide), largest = max(largestWeight, 1e-9)
        func panelAt(_ index: Int) -> (top: Double, panel: Rect) {
            let left = rect.x + Double(index % perRow) * (cellSize + Self.gap)
            let top = rect.y + Double(index / perRow) * (Self.above + cellSize + Self.below + 8)
            return (top, Rect(x: left, y: top + Self.above, width: cellSize, height: cellSize))
        }
        let (imageTop, imagePanel) = panelAt(0)
        canvas.text("the image", at: Point(imagePanel.midX, imageTop), size: style.labelSize, color: style.ink,
                    style: style, weight: .bold, anchor: .middle, baseline: .top)
        canvas.image(image, columns: imageSide, in: imagePanel, color: style.pixelColor)
        for line in 1..<gridSide {
            let offset = Double(line) * patch
            canvas.line(from: Point(imagePanel.x + offset, imagePanel.minY), to: Point(imagePanel.x + offset, imagePanel.maxY), style.grid, width: style.hairline)
            canvas.line(from: Point(imagePanel.minX, imagePanel.y + offset), to: Point(imagePanel.maxX, imagePanel.y + offset), style.grid, width: style.hairline)
        }
        canvas.stroke(imagePanel, style.grid, width: style.hairline)
        for (index, query) in queries.enumerated() {
            let (top, panel) = panelAt(index + 1)
            canvas.text("predicting patch \(query.patch + 1)", at: Point(panel.midX, top), size: style.labelSize, color: style.ink,
                        style: style, weight: .bold, anchor: .middle, baseline: .top)
            canvas.image(image, columns: imageSide, in: panel) { style.pixelColor($0 * 0.5) }
            for (earlier, weight) in query.weights.enumerated() {
                let square = Rect(x: panel.x + Double(earlier % gridSide) * patch, y: panel.y + Double(earlier / gridSide) * patch,
                                  width: patch, height: patch)
                canvas.fill(square, HeatMap.shade(weight / largest, style: style).withAlpha(0.6))
                if weight >= 0.1 {  // the weights that matter, as percentages
                    // The colour the cell shows over blank paper: the shade at 60%.
                    let shade = style.paper.mixed(with: HeatMap.shade(weight / largest, style: style), 0.6)
                    canvas.text(formattedPercent(weight), at: Point(square.midX, square.midY), size: min(style.tickSize, patch * 0.45),
                                color: HeatMap.textColor(on: shade), style: style, weight: .bold, anchor: .middle, baseline: .middle)
                }
            }
            for later in query.patch + 1..<cells {
                let square = Rect(x: panel.x + Double(later % gridSide) * patch, y: panel.y + Double(later / gridSide) * patch,
                                  width: patch, height: patch)
                canvas.fill(square, style.panel.withAlpha(0.8))
                canvas.line(from: Point(square.minX + 2, square.maxY - 2), to: Point(square.maxX - 2, square.minY + 2),
                            style.grid, width: style.hairline)
            }
            let predicted = Rect(x: panel.x + Double(query.patch % gridSide) * patch, y: panel.y + Double(query.patch / gridSide) * patch,
                                 width: patch, height: patch)
            canvas.stroke(predicted, style.accent, width: 2.5)
            canvas.stroke(panel, style.grid, width: style.hairline)
            canvas.text("class token: \(formattedPercent(query.classWeight))", at: Point(panel.midX, panel.maxY + 6), size: style.tickSize,
                        color: style.mutedInk, style: style, anchor: .middle, baseline: .top)
        }
    }

    /// A weight as a whole percentage ("31%").
    func formattedPercent(_ weight: Double) -> String { "\(Int((100 * weight).rounded()))%" }
}
