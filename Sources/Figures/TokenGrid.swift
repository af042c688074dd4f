/// Images shown as tokens: for each example, the image, the same image cut into a grid of patches
/// with each patch's token (codebook index) written on it, and the image decoded from those tokens.
public struct TokenGrid: Figure {
    /// Each example: the image, its tokens (row-major, `gridSide`² of them) and the image decoded from them.
    public var examples: [(image: [Float], tokens: [Int], reconstruction: [Float])]
    /// Tokens per side of an image (7 for the VQ-VAE's 7×7 grid).
    public var gridSide: Int
    /// The side of the middle panel (the tokens) and, unless `imageSize` is set, of the images.
    public var cellSize: Double
    /// The side of the image and decoded panels, when they are drawn smaller than the tokens.
    public var imageSize: Double?
    /// Space between the three panels, in CSS pixels.
    public var gap: Double
    public var title: String?
    public var caption: String?

    /// A row of three panels per example.
    public init(examples: [(image: [Float], tokens: [Int], reconstruction: [Float])], gridSide: Int = 7, cellSize: Double = 126,
                imageSize: Double? = nil, gap: Double = 34, title: String? = nil, caption: String? = nil) {
        self.examples = examples
        self.imageSize = imageSize
        self.gap = gap
        self.gridSide = gridSide
        self.cellSize = cellSize
        self.title = title
        self.caption = caption
    }

    static let headings = ["image", "its 49 tokens", "decoded tokens"]
    static let narrowHeadings = ["image", "its 49 tokens", "decoded"]

    var sideSize: Double { imageSize ?? cellSize }
    /// Each panel's left edge and side, relative to the body.
    var panels: [(x: Double, side: Double)] {
        [(0, sideSize), (sideSize + gap, cellSize), (sideSize + cellSize + 2 * gap, sideSize)]
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (2 * sideSize + cellSize + 2 * gap, 22 + Double(examples.count) * (cellSize + 12))
    }

    /// For a phone: the tokens' panel keeps a size where its numbers stay legible, the image and
    /// the decoded image beside it shrink.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        var narrow = self
        narrow.gap = 16
        narrow.cellSize = 154
        narrow.imageSize = min(sideSize, ((Self.bodyWidth(forWidth: width) - narrow.cellSize - 2 * narrow.gap) / 2).rounded(.down))
        return narrow
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        guard examples.allSatisfy({ $0.tokens.count == gridSide * gridSide && $0.image.count == 784 && $0.reconstruction.count == 784 }) else {
            throw FigureError.invalidData(figure: "TokenGrid", reason: "each example needs a 28×28 image, its reconstruction and \(gridSide * gridSide) tokens")
        }
        let headings = imageSize == nil ? TokenGrid.headings : TokenGrid.narrowHeadings
        for (heading, panel) in zip(headings, panels) {
            canvas.text(heading, at: Point(rect.x + panel.x + panel.side / 2, rect.y), size: style.labelSize,
                        color: style.ink, style: style, weight: .bold, anchor: .middle, baseline: .top)
        }
        for (row, example) in examples.enumerated() {
            let top = rect.y + 22 + Double(row) * (cellSize + 12)
            let cells = panels.map { Rect(x: rect.x + $0.x, y: top + (cellSize - $0.side) / 2, width: $0.side, height: $0.side) }
            drawDigit(example.image, side: 28, in: cells[0], on: canvas, style: style)
            drawDigit(example.reconstruction, side: 28, in: cells[2], on: canvas, style: style)
            // The middle panel: the image faded, the patch grid, and each patch's token.
            canvas.image(example.image, columns: 28, in: cells[1]) { style.pixelColor($0 * 0.35) }
            let patch = cellSize / Double(gridSide)
            for line in 0...gridSide {
                let offset = Double(line) * patch
                canvas.line(from: Point(cells[1].x + offset, cells[1].minY), to: Point(cells[1].x + offset, cells[1].maxY), style.grid, width: style.hairline)
                canvas.line(from: Point(cells[1].minX, cells[1].y + offset), to: Point(cells[1].maxX, cells[1].y + offset), style.grid, width: style.hairline)
            }
            let size = min(style.tickSize, patch * 0.55)
            for (index, token) in example.tokens.enumerated() {
                let center = Point(cells[1].x + (Double(index % gridSide) + 0.5) * patch, cells[1].y + (Double(index / gridSide) + 0.5) * patch)
                // A chip of the page's colour under each number keeps it legible over the faded strokes.
                let width = canvas.textWidth("\(token)", size: size, weight: .bold, style: style) + 3
                canvas.fill(Rect(x: center.x - width / 2, y: center.y - size * 0.6, width: width, height: size * 1.2), style.background.withAlpha(0.8),
                            cornerRadius: 2)
                canvas.text("\(token)", at: center, size: size, color: style.seriesColor(0), style: style,
                            weight: .bold, anchor: .middle, baseline: .middle)
            }
            for pair in [(cells[0], cells[1]), (cells[1], cells[2])] {
                let inset = min(6, gap / 5)
                canvas.arrow(from: Point(pair.0.maxX + inset, top + cellSize / 2), to: Point(pair.1.minX - inset, top + cellSize / 2),
                             style.mutedInk, width: 1.5, headLength: min(8, gap / 2))
            }
        }
    }
}
