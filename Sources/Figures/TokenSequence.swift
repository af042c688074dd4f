/// Token sequences drawn as rows of coloured boxes: words in one colour, image codes in another,
/// markers outlined. Long sequences wrap, so a reader sees the whole layout of a training example.
public struct TokenSequence: Figure {
    /// What a token is, which sets its colour.
    public enum Kind: Sendable {
        /// A caption's word, an image's code, or a marker framing either.
        case word, imageCode, marker
    }

    /// Each sequence: a label for its row, then its tokens' texts and kinds.
    public var sequences: [(label: String, tokens: [(text: String, kind: Kind)])]
    /// The width in CSS pixels at which rows wrap.
    public var width: Double
    public var title: String?
    public var caption: String?

    /// Rows of token boxes for `sequences`, wrapping at `width`.
    public init(sequences: [(label: String, tokens: [(text: String, kind: Kind)])], width: Double = 760, title: String? = nil, caption: String? = nil) {
        self.sequences = sequences
        self.width = width
        self.title = title
        self.caption = caption
    }

    static let boxHeight = 20.0, gap = 3.0, lineGap = 5.0, labelHeight = 20.0, legendHeight = 26.0

    /// Each token's box, relative to the start of its sequence's first line.
    func layout(_ tokens: [(text: String, kind: Kind)], style: Style, measure: Canvas) -> [Rect] {
        var x = 0.0, y = 0.0
        return tokens.map { token in
            let boxWidth = measure.textWidth(token.text, size: style.tickSize, style: style) + 8
            if x > 0 && x + boxWidth > width {
                x = 0
                y += TokenSequence.boxHeight + TokenSequence.lineGap
            }
            defer { x += boxWidth + TokenSequence.gap }
            return Rect(x: x, y: y, width: boxWidth, height: TokenSequence.boxHeight)
        }
    }

    func heights(style: Style) -> [Double] {
        guard let measure = try? Canvas(width: 1, height: 1, target: .png(scale: 1)) else { return [] }
        return sequences.map { sequence in
            (layout(sequence.tokens, style: style, measure: measure).map(\.maxY).max() ?? 0) + TokenSequence.labelHeight + 10
        }
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        (width, heights(style: style).reduce(0, +) + TokenSequence.legendHeight + (legendWraps(style: style) ? TokenSequence.legendHeight : 0))
    }

    /// The sequences wrapped at `width`.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? {
        var narrow = self
        narrow.width = Self.bodyWidth(forWidth: width)
        return narrow
    }

    static let legendEntries: [(kind: Kind, name: String)] = [(.word, "word"), (.imageCode, "image code (a 4×4 patch)"), (.marker, "marker")]

    /// The legend's left edge for each entry, and whether it needs a second line.
    func legendOffsets(style: Style) -> [(x: Double, line: Int)] {
        var x = 0.0, line = 0
        return TokenSequence.legendEntries.map { entry in
            let entryWidth = 30 + measuredWidth(entry.name, size: style.tickSize, style: style)
            if x > 0 && x + entryWidth > width {
                x = 0
                line += 1
            }
            defer { x += entryWidth + 16 }
            return (x, line)
        }
    }

    func legendWraps(style: Style) -> Bool { legendOffsets(style: style).contains { $0.line > 0 } }

    func colors(_ kind: Kind, style: Style) -> (fill: Color, text: Color) {
        switch kind {
        case .word: return (style.seriesColor(1), style.background)
        case .imageCode: return (style.seriesColor(0), style.background)
        case .marker: return (style.panel, style.ink)
        }
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        let offsets = legendOffsets(style: style)
        for (entry, offset) in zip(TokenSequence.legendEntries, offsets) {
            let swatch = Rect(x: rect.x + offset.x, y: rect.y + 3 + Double(offset.line) * TokenSequence.legendHeight, width: 14, height: 14)
            canvas.fill(swatch, colors(entry.kind, style: style).fill, cornerRadius: 3)
            canvas.stroke(swatch, style.grid, width: style.hairline, cornerRadius: 3)
            canvas.text(entry.name, at: Point(swatch.x + 20, swatch.midY), size: style.tickSize, color: style.ink, style: style, baseline: .middle)
        }
        var top = rect.y + TokenSequence.legendHeight * Double((offsets.map(\.line).max() ?? 0) + 1)
        for (sequence, height) in zip(sequences, heights(style: style)) {
            canvas.text(sequence.label, at: Point(rect.x, top), size: style.labelSize, color: style.ink, style: style, weight: .bold, baseline: .top)
            for (token, box) in zip(sequence.tokens, layout(sequence.tokens, style: style, measure: canvas)) {
                let placed = Rect(x: rect.x + box.x, y: top + TokenSequence.labelHeight + box.y, width: box.width, height: box.height)
                let (fill, text) = colors(token.kind, style: style)
                canvas.fill(placed, fill, cornerRadius: 3)
                if token.kind == .marker { canvas.stroke(placed, style.mutedInk, width: style.hairline, cornerRadius: 3) }
                canvas.text(token.text, at: Point(placed.midX, placed.midY), size: style.tickSize, color: text, style: style,
                            anchor: .middle, baseline: .middle)
            }
            top += height
        }
    }
}
