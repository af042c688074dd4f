import Foundation

/// One pre-norm transformer block drawn top to bottom as the code reads: each half is a layer
/// norm and a sublayer whose output is added back to the half's input (the residual path, drawn
/// down the left edge), headed by its line of code: `x + attention(layerNorm(x))`, then
/// `x + mlp(layerNorm(x))`. Sizes come from the model, so the picture matches the block it shows.
/// It is drawn narrow (about 330 px) and needs no second layout for a phone.
public struct TransformerBlockDiagram: Figure {
    /// The model's width: numbers per position.
    public var width: Int
    /// Attention heads.
    public var heads: Int
    /// Units in the MLP's hidden layer.
    public var hidden: Int
    /// Positions in a sequence.
    public var sequence: Int
    public var title: String?
    public var caption: String?

    /// A block of model width `width`, `heads` causal attention heads and an MLP of `hidden` units,
    /// over sequences of `sequence` positions.
    public init(width: Int, heads: Int, hidden: Int, sequence: Int, title: String? = nil, caption: String? = nil) {
        self.width = width
        self.heads = heads
        self.hidden = hidden
        self.sequence = sequence
        self.title = title
        self.caption = caption
    }

    /// What the diagram draws, top to bottom.
    enum Step {
        case code(String)
        case layer(String, note: String, weights: Bool)
        case add
        case tensor(String)
    }

    var steps: [Step] {
        [
            .tensor("x: \(sequence) positions × \(width)"),
            .code("x = x + attention(layerNorm(x))"),
            .layer("layerNorm", note: "per position", weights: true),
            .layer("Linear \(width) → \(3 * width)", note: "query, key, value", weights: true),
            .layer("causal self-attention", note: "\(heads) heads of \(width / max(heads, 1))", weights: false),
            .layer("Linear \(width) → \(width)", note: "heads mixed", weights: true),
            .add,
            .code("x = x + mlp(layerNorm(x))"),
            .layer("layerNorm", note: "per position", weights: true),
            .layer("Linear \(width) → \(hidden)", note: "4× wider", weights: true),
            .layer("GELU", note: "", weights: false),
            .layer("Linear \(hidden) → \(width)", note: "", weights: true),
            .add,
            .tensor("out: \(sequence) positions × \(width)"),
        ]
    }

    static let boxWidth = 164.0, boxHeight = 26.0, stepGap = 14.0, codeHeight = 22.0, residualX = 12.0, boxLeft = 30.0

    func height(of step: Step) -> Double {
        switch step {
        case .code: return TransformerBlockDiagram.codeHeight
        case .add: return 20
        case .layer, .tensor: return TransformerBlockDiagram.boxHeight
        }
    }

    public func bodySize(style: Style) -> (width: Double, height: Double) {
        let notes = steps.compactMap { step -> Double? in
            guard case let .layer(_, note, _) = step else { return nil }
            return measuredWidth(note, size: style.tickSize, style: style)
        }
        let codes = steps.compactMap { step -> Double? in
            guard case let .code(text) = step else { return nil }
            return measuredWidth(text, size: style.labelSize, weight: .bold, style: style)
        }
        let right = TransformerBlockDiagram.boxLeft + TransformerBlockDiagram.boxWidth + 8 + (notes.max() ?? 0)
        let total = steps.map(height(of:)).reduce(0, +) + TransformerBlockDiagram.stepGap * Double(steps.count - 1)
        let headingRight = TransformerBlockDiagram.residualX + 8 + (codes.max() ?? 0) + 12
        return (max(right, headingRight), total)
    }

    public func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws {
        guard width > 0, heads > 0, width % heads == 0, hidden > 0 else {
            throw FigureError.invalidData(figure: "TransformerBlockDiagram", reason: "needs a positive width divisible by the number of heads")
        }
        let center = rect.x + TransformerBlockDiagram.boxLeft + TransformerBlockDiagram.boxWidth / 2
        let residual = rect.x + TransformerBlockDiagram.residualX
        var y = rect.y
        var previousBottom: Double?
        var branch: Double?  // where the current half's residual path leaves the main line
        var headings: [(text: String, middle: Double)] = []
        for step in steps {
            let height = height(of: step)
            if case .code = step {} else if let bottom = previousBottom {
                canvas.arrow(from: Point(center, bottom + 2), to: Point(center, y - 2), style.mutedInk, width: 1.3, headLength: 6)
            }
            switch step {
            case let .code(text):
                headings.append((text, y + height / 2))
                branch = previousBottom.map { $0 + (y - $0) / 2 }
                if let branch {  // the residual leaves the main line just above the half's heading
                    canvas.line(from: Point(center, branch), to: Point(residual, branch), style.accent, width: 1.6)
                    canvas.circle(center: Point(center, branch), radius: 2.5, fill: style.accent)
                }
                y += height + TransformerBlockDiagram.stepGap
                continue  // the arrow runs under the heading, from the box above to the box below
            case let .layer(name, note, weights):
                let box = Rect(x: center - TransformerBlockDiagram.boxWidth / 2, y: y, width: TransformerBlockDiagram.boxWidth, height: height)
                let color = weights ? style.seriesColor(0) : style.accent
                canvas.fill(box, color.withAlpha(0.14), cornerRadius: weights ? 4 : height / 2)
                canvas.stroke(box, color, width: 1.4, cornerRadius: weights ? 4 : height / 2)
                canvas.text(name, at: Point(box.midX, box.midY), size: style.tickSize, color: style.ink, style: style, anchor: .middle, baseline: .middle)
                canvas.text(note, at: Point(box.maxX + 8, box.midY), size: style.tickSize, color: style.mutedInk, style: style, baseline: .middle)
            case .add:
                let circle = Point(center, y + height / 2)
                canvas.circle(center: circle, radius: height / 2, fill: style.background)
                canvas.stroke(Rect(x: circle.x - height / 2, y: y, width: height, height: height), style.accent, width: 1.6, cornerRadius: height / 2)
                canvas.text("+", at: circle, size: style.labelSize, color: style.accent, style: style, weight: .bold, anchor: .middle, baseline: .middle)
                if let branch {
                    canvas.polyline([Point(residual, branch), Point(residual, circle.y)], style.accent, width: 1.6)
                    canvas.arrow(from: Point(residual, circle.y), to: Point(circle.x - height / 2 - 1, circle.y), style.accent, width: 1.6, headLength: 6)
                }
            case let .tensor(text):
                let box = Rect(x: center - TransformerBlockDiagram.boxWidth / 2, y: y, width: TransformerBlockDiagram.boxWidth, height: height)
                canvas.fill(box, style.panel, cornerRadius: 4)
                canvas.stroke(box, style.grid, width: 1.2, cornerRadius: 4)
                canvas.text(text, at: Point(box.midX, box.midY), size: style.tickSize, color: style.ink, style: style, anchor: .middle, baseline: .middle)
            }
            previousBottom = y + height
            y += height + TransformerBlockDiagram.stepGap
        }
        // Each half's line of code, on a label laid over the main line (drawn last, above the arrow).
        for (text, middle) in headings {
            let textWidth = canvas.textWidth(text, size: style.labelSize, weight: .bold, style: style)
            let label = Rect(x: residual + 8, y: middle - TransformerBlockDiagram.codeHeight / 2, width: textWidth + 12,
                             height: TransformerBlockDiagram.codeHeight)
            canvas.fill(label, style.panel, cornerRadius: 4)
            canvas.stroke(label, style.grid, width: 1, cornerRadius: 4)
            canvas.text(text, at: Point(label.midX, middle), size: style.labelSize, color: style.ink, style: style, weight: .bold,
                        anchor: .middle, baseline: .middle)
        }
    }
}
