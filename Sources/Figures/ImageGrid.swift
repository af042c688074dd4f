/// Images (e.g. 28×28 digits) in rows and columns, drawn pixel-sharp, with optional labels at the
/// start of each row ("original", "reconstruction") and a caption under each cell (a label, an
/// error). The workhorse of the chapters: reconstructions, samples from noise.
public struct ImageGrid: Figure {
    /// The images, row-major grey-levels in [0, 1], filled in row by row.
    public var images: [[Float]]
    /// The side of each square image, in pixels (28 for MNIST).
    public var imageSide: Int
    /// Images per row.
    public var columns: Int
    /// The side of a cell in CSS pixels; images are scaled to it without smoothing.
    public var cellSize: Double
    /// Space between cells in CSS pixels.
    public var gutter: Double
    /// A label at the start of each row ("original", "reconstruction"); empty for none.
    public var rowLabels: [String]
    /// A caption under each cell (a class, an error); empty for none.
    public var cellCaptions: [String]
    /// How many consecutive rows belong together (2 for originals above their reconstructions):
    /// a narrow layout splits each such block's columns, keeping its rows together.
    public var rowsPerBlock: Int
    public var title: String?
    public var caption: String?

    /// `images` are row-major grey-levels in [0, 1], `imageSide × imageSide` each; an empty image
    /// leaves its cell blank.
    public init(
        images: [[Float]], imageSide: Int = 28, columns: Int, cellSize: Double = 56, gutter: Double = 4,
        rowLabels: [String] = [], cellCaptions: [String] = [], rowsPerBlock: Int = 1, title: String? = nil, caption: String? = nil
    ) {
        self.rowsPerBlock = max(1, rowsPerBlock)
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
        return ImageGrid(images: images, columns: columns, cellSize: cellSize, rowLabels: labels, cellCaptions: hasCaptions ? captions : [],
                         rowsPerBlock: 2)
    }

    func labelWidth(style: Style) -> Double {
        rowLabels.isEmpty ? 0 : rowLabels.map { measuredWidth($0, size: style.labelSize, style: style) }.max()! + 12
    }

    /// Room under each cell: one line of caption, or two when a caption needs them.
    var captionHeight: Double {
        guard !cellCaptions.isEmpty else { return 0 }
        return cellCaptions.contains { captionLines($0, style: .light).lines.count > 1 } ? 26 : 16
    }

    /// A caption as it fits under a cell: at the tick size, or shrunk to the cell's width but never
    /// below 8 px (the smallest a reader is asked to read), broken at its middle space into two
    /// lines when even 8 px is too wide ("Ankle boot" under a small cell).
    func captionLines(_ caption: String, style: Style) -> (lines: [String], size: Double) {
        let room = cellSize - 2
        let natural = measuredWidth(caption, size: style.tickSize, style: style)
        if natural <= room { return ([caption], style.tickSize) }
        if style.tickSize * room / natural >= 8 { return ([caption], style.tickSize * room / natural) }
        let spaces = caption.indices.filter { caption[$0] == " " }
        let middle = caption.index(caption.startIndex, offsetBy: caption.count / 2)
        guard let split = spaces.min(by: { caption.distance(from: $0, to: middle).magnitude < caption.distance(from: $1, to: middle).magnitude }) else {
            return ([caption], 8)
        }
        let lines = [String(caption[..<split]), String(caption[caption.index(after: split)...])]
        let widest = lines.map { measuredWidth($0, size: style.tickSize, style: style) }.max()!
        return (lines, min(style.tickSize, max(8, style.tickSize * room / widest)))
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        let width = labelWidth(style: style) + Double(columns) * cellSize + Double(columns - 1) * gutter
        let height = Double(rows) * (cellSize + captionHeight) + Double(max(rows - 1, 0)) * gutter
        return (width, height)
    }

    /// The same images for a narrower page: smaller cells if they stay at least three quarters of
    /// their size (and 30 px), otherwise each block of rows split into chunks of fewer columns,
    /// one chunk under the other, so row labels and the order within a row still hold.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        let room = Self.bodyWidth(forWidth: width) - labelWidth(style: style)
        func cell(_ columns: Int) -> Double { ((room - Double(columns - 1) * gutter) / Double(columns)).rounded(.down) }
        let smallest = min(cellSize, max(cellSize * 0.75, 30))
        var narrow = self
        if cell(columns) >= smallest {
            narrow.cellSize = min(cellSize, cell(columns))
            return narrow
        }
        let fitting = max(1, Int((room + gutter) / (smallest + gutter)))
        let chunks = (columns + fitting - 1) / fitting
        let chunkColumns = (columns + chunks - 1) / chunks
        var images: [[Float]] = [], labels: [String] = [], captions: [String] = []
        for blockStart in stride(from: 0, to: rows, by: rowsPerBlock) {
            for chunk in 0..<chunks {
                for row in blockStart..<min(blockStart + rowsPerBlock, rows) {
                    for column in chunk * chunkColumns..<(chunk + 1) * chunkColumns {
                        let index = row * columns + column
                        let inside = column < columns && index < self.images.count
                        images.append(inside ? self.images[index] : [])
                        captions.append(inside && index < cellCaptions.count ? cellCaptions[index] : "")
                    }
                    labels.append(row < rowLabels.count ? rowLabels[row] : "")
                }
            }
        }
        while images.last?.isEmpty == true {  // a short last row leaves blank cells at the end
            images.removeLast()
            captions.removeLast()
        }
        narrow.images = images
        narrow.columns = chunkColumns
        narrow.cellSize = min(cellSize, cell(chunkColumns))
        narrow.rowLabels = rowLabels.isEmpty ? [] : labels
        narrow.cellCaptions = cellCaptions.isEmpty ? [] : captions
        return narrow
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        guard images.allSatisfy({ $0.count == imageSide * imageSide || $0.isEmpty }) else {
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
                guard !images[index].isEmpty else { continue }
                let cell = Rect(x: left + Double(column) * (cellSize + gutter), y: top, width: cellSize, height: cellSize)
                drawDigit(images[index], side: imageSide, in: cell, on: canvas, style: style)
                if index < cellCaptions.count {
                    // Long captions ("Ankle boot") shrink or break, so neighbours stay apart.
                    let (lines, size) = captionLines(cellCaptions[index], style: style)
                    for (number, line) in lines.enumerated() {
                        canvas.text(line, at: Point(cell.midX, cell.maxY + 3 + Double(number) * size * 1.15), size: size,
                                    color: style.mutedInk, style: style, anchor: .middle, baseline: .top)
                    }
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
