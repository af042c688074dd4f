/// Images with a caption written beneath each, word by word; words marked wrong are drawn in the
/// accent colour and struck through, so a reader sees at a glance where a captioner erred.
public struct CaptionedImages: Figure {
    /// Each image (grey-levels in [0, 1], row-major) with its caption's words; a wrong word is struck through.
    public var items: [(image: [Float], words: [(text: String, wrong: Bool)])]
    /// The side of each square image, in pixels.
    public var imageSide: Int
    /// Cells per row; later cells wrap beneath.
    public var columns: Int
    /// The width of a cell in CSS pixels: its caption wraps at this width.
    public var cellWidth: Double
    public var title: String?
    public var caption: String?

    /// Captioned images in rows of `columns`.
    public init(items: [(image: [Float], words: [(text: String, wrong: Bool)])], imageSide: Int = 28, columns: Int = 6,
                cellWidth: Double = 120, title: String? = nil, caption: String? = nil) {
        self.items = items
        self.imageSide = imageSide
        self.columns = max(1, columns)
        self.cellWidth = cellWidth
        self.title = title
        self.caption = caption
    }

    static let imageSize = 64.0, lines = 3, gutter = 10.0

    var rows: Int { (items.count + columns - 1) / columns }
    func lineHeight(_ style: Style) -> Double { style.tickSize * 1.35 }
    func cellHeight(_ style: Style) -> Double { CaptionedImages.imageSize + 6 + Double(CaptionedImages.lines) * lineHeight(style) }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (Double(columns) * cellWidth + Double(columns - 1) * CaptionedImages.gutter,
         Double(rows) * cellHeight(style) + Double(max(rows - 1, 0)) * CaptionedImages.gutter)
    }

    /// As many columns as fit `width`.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        var narrow = self
        narrow.columns = max(1, min(columns, Int((Self.bodyWidth(forWidth: width) + CaptionedImages.gutter) / (cellWidth + CaptionedImages.gutter))))
        return narrow
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        guard items.allSatisfy({ $0.image.count == imageSide * imageSide }) else {
            throw FigureError.invalidData(figure: "CaptionedImages", reason: "every image must have \(imageSide)×\(imageSide) values")
        }
        for (index, item) in items.enumerated() {
            let left = rect.x + Double(index % columns) * (cellWidth + CaptionedImages.gutter)
            let top = rect.y + Double(index / columns) * (cellHeight(style) + CaptionedImages.gutter)
            let image = Rect(x: left + (cellWidth - CaptionedImages.imageSize) / 2, y: top, width: CaptionedImages.imageSize, height: CaptionedImages.imageSize)
            drawDigit(item.image, side: imageSide, in: image, on: canvas, style: style)
            // Words flow left to right and wrap within the cell, centred line by line.
            var lines: [[(text: String, wrong: Bool, width: Double)]] = [[]]
            var used = 0.0
            let space = canvas.textWidth(" ", size: style.tickSize, style: style)
            for word in item.words {
                let width = canvas.textWidth(word.text, size: style.tickSize, weight: word.wrong ? .bold : .regular, style: style)
                if used > 0 && used + space + width > cellWidth {
                    lines.append([])
                    used = 0
                }
                used += (used > 0 ? space : 0) + width
                lines[lines.count - 1].append((word.text, word.wrong, width))
            }
            for (number, line) in lines.prefix(CaptionedImages.lines).enumerated() {
                let total = line.reduce(0) { $0 + $1.width } + space * Double(max(line.count - 1, 0))
                var x = left + (cellWidth - total) / 2
                let y = image.maxY + 6 + Double(number) * lineHeight(style)
                for word in line {
                    let color = word.wrong ? style.accent : style.ink
                    canvas.text(word.text, at: Point(x, y), size: style.tickSize, color: color, style: style,
                                weight: word.wrong ? .bold : .regular, baseline: .top)
                    if word.wrong {
                        let middle = y + style.tickSize * 0.55
                        canvas.line(from: Point(x, middle), to: Point(x + word.width, middle), color, width: 1)
                    }
                    x += word.width + space
                }
            }
        }
    }
}
