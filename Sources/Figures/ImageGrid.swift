/// Images (e.g. 28×28 digits) in rows and columns, drawn pixel-sharp, with optional labels at the
/// start of each row ("original", "reconstruction") and a caption under each cell (a label, an
/// error). The workhorse of the chapters: reconstructions, samples from noise.
public struct ImageGrid: Figure {
    public var images: [[Float]]
    public var imageSide: Int
    public var columns: Int
    public var cellSize: Double
    public var gutter: Double
    public var rowLabels: [String]
    public var cellCaptions: [String]
    public var title: String?
    public var caption: String?

    /// `images` are row-major grey-levels in [0, 1], `imageSide × imageSide` each.
    public init(
        images: [[Float]], imageSide: Int = 28, columns: Int, cellSize: Double = 56, gutter: Double = 4,
        rowLabels: [String] = [], cellCaptions: [String] = [], title: String? = nil, caption: String? = nil
    ) {
        self.images = images
        self.imageSide = imageSide
        self.columns = max(1, columns)
        self.cellSize = cellSize
        self.gutter = gutter
        self.rowLabels = rowLabels
        self.cellCaptions = cellCaptions
        self.title = title
        self.caption = caption
    }

    var rows: Int { (images.count + columns - 1) / columns }

    /// Originals and their reconstructions in alternating rows of `columns`: a row of originals, the
    /// row of their reconstructions beneath, and so on; `captions` go under the reconstructions.
    public static func pairs(
        originals: [[Float]], reconstructions: [[Float]], columns: Int, cellSize: Double = 54,
        originalCaptions: [String] = [], reconstructionCaptions: [String] = []
    ) -> ImageGrid {
        var images: [[Float]] = [], labels: [String] = [], captions: [String] = []
        for start in stride(from: 0, to: originals.count, by: columns) {
            let range = start..<min(start + columns, originals.count)
            images += originals[range] + reconstructions[range]
            labels += ["original", "reconstruction"]
            let blank = [String](repeating: "", count: range.count)
            captions += (originalCaptions.isEmpty ? blank : Array(originalCaptions[range]))
                + (reconstructionCaptions.isEmpty ? blank : Array(reconstructionCaptions[range]))
        }
        let hasCaptions = !originalCaptions.isEmpty || !reconstructionCaptions.isEmpty
        return ImageGrid(images: images, columns: columns, cellSize: cellSize, rowLabels: labels, cellCaptions: hasCaptions ? captions : [])
    }

    func labelWidth(style: Style) -> Double {
        rowLabels.isEmpty ? 0 : rowLabels.map { measuredWidth($0, size: style.labelSize, style: style) }.max()! + 12
    }

    var captionHeight: Double { cellCaptions.isEmpty ? 0 : 16 }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        let width = labelWidth(style: style) + Double(columns) * cellSize + Double(columns - 1) * gutter
        let height = Double(rows) * (cellSize + captionHeight) + Double(max(rows - 1, 0)) * gutter
        return (width, height)
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        guard images.allSatisfy({ $0.count == imageSide * imageSide }) else {
            throw FigureError.invalidData(figure: "ImageGrid", reason: "every image must have \(imageSide)×\(imageSide) values")
        }
        let left = rect.x + labelWidth(style: style)
        for row in 0..<rows {
            let top = rect.y + Double(row) * (cellSize + captionHeight + gutter)
            if row < rowLabels.count {
                canvas.text(rowLabels[row], at: Point(left - 12, top + cellSize / 2), size: style.labelSize,
                            color: style.ink, style: style, anchor: .end, baseline: .middle)
            }
            for column in 0..<columns {
                let index = row * columns + column
                guard index < images.count else { break }
                let cell = Rect(x: left + Double(column) * (cellSize + gutter), y: top, width: cellSize, height: cellSize)
                drawDigit(images[index], side: imageSide, in: cell, on: canvas, style: style)
                if index < cellCaptions.count {
                    // Long captions ("Ankle boot") shrink to the cell's width, so neighbours stay apart.
                    let natural = canvas.textWidth(cellCaptions[index], size: style.tickSize, style: style)
                    let room = cellSize - 2
                    let size = natural > room ? max(style.tickSize * room / natural, style.tickSize * 0.6) : style.tickSize
                    canvas.text(cellCaptions[index], at: Point(cell.midX, cell.maxY + 3), size: size,
                                color: style.mutedInk, style: style, anchor: .middle, baseline: .top)
                }
            }
        }
    }
}

/// One grey-level image in `rect`, with a hairline frame so blank images still read as cells.
func drawDigit(_ values: [Float], side: Int, in rect: Rect, on canvas: Canvas, style: Style) {
    canvas.image(values, columns: side, in: rect, color: style.pixelColor)
    canvas.stroke(rect, style.grid, width: style.hairline)
}
