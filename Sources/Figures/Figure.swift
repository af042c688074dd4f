import Foundation
import Integrity

/// A figure: a value built from data that knows its size and how to draw itself.
///
/// Every figure has a title and a caption slot; `render` lays them out around the body, so each
/// figure type only draws its own content.
public protocol Figure {
    /// Drawn above the body, in bold.
    var title: String? { get }
    /// Drawn below the body, wrapped to the figure's width.
    var caption: String? { get }
    /// The body's size in logical units (CSS pixels).
    func bodySize(style: Style) -> (width: Double, height: Double)
    /// Draws the body into `rect`.
    func drawBody(in rect: Rect, on canvas: Canvas, style: Style) throws
    /// The same data laid out again to be at most `width` CSS pixels wide in all (margins included),
    /// for a phone: fewer columns, a plot drawn narrower, a diagram turned top to bottom. Nil when
    /// the figure cannot reflow without shrinking its text below legibility (a wide heat map of
    /// printed numbers); a page then scrolls it sideways instead of shrinking it.
    func laidOut(forWidth width: Double, style: Style) -> (any Figure)?
}

/// What `write` drew: the PNG's logical size (what the page displays) and its smallest text in
/// logical units (how far a page may shrink it before labels become illegible; nil without text).
public struct WrittenFigure: Equatable, Sendable {
    /// The figure's width in CSS pixels: the page shows the PNG at this width.
    public var width: Double
    /// The figure's height in CSS pixels.
    public var height: Double
    /// The smallest font size drawn, nil when the figure has no text.
    public var smallestText: Double?
}

/// The outer margin and the spacing between title, body and caption.
let figureMargin: Double = 14

extension Figure {
    /// By default a figure does not reflow: it keeps its one layout.
    public func laidOut(forWidth width: Double, style: Style) -> (any Figure)? { nil }

    /// The body width that makes the whole figure `width` wide.
    static func bodyWidth(forWidth width: Double) -> Double { width - 2 * figureMargin }

    /// Draws the whole figure (background, title, body, caption) onto a new canvas.
    public func render(_ target: Canvas.Target, style: Style = .light) throws -> Canvas {
        let body = bodySize(style: style)
        let width = body.width + 2 * figureMargin
        let measure = try Canvas(width: 1, height: 1, target: .png(scale: 1))
        let titleHeight = title.map { _ in style.titleSize * 1.9 } ?? 0
        let captionLines = caption.map { measure.wrap($0, width: width - 2 * figureMargin, size: style.captionSize, style: style) } ?? []
        let captionHeight = captionLines.isEmpty ? 0 : Double(captionLines.count) * style.captionSize * 1.4 + 8
        let height = figureMargin + titleHeight + body.height + captionHeight + figureMargin
        let canvas = try Canvas(width: width, height: height, target: target)
        canvas.fill(Rect(x: 0, y: 0, width: width, height: height), style.background)
        if let title {
            canvas.text(title, at: Point(figureMargin, figureMargin), size: style.titleSize, color: style.ink, style: style,
                        weight: .bold, baseline: .top)
        }
        let bodyRect = Rect(x: figureMargin, y: figureMargin + titleHeight, width: body.width, height: body.height)
        try drawBody(in: bodyRect, on: canvas, style: style)
        for (index, line) in captionLines.enumerated() {
            let y = bodyRect.maxY + 8 + Double(index) * style.captionSize * 1.4
            canvas.text(line, at: Point(figureMargin, y), size: style.captionSize, color: style.mutedInk, style: style, baseline: .top)
        }
        try canvas.checkStatus("drawing \(Self.self)")
        return canvas
    }

    /// Writes `<basePath>.png` (2× device scale) and `<basePath>.svg`, each to a temporary file
    /// renamed into place, and returns the PNG's logical size and smallest text.
    @discardableResult
    public func write(to basePath: String, style: Style = .light) throws -> WrittenFigure {
        let png = try render(.png(scale: 2), style: style)
        try writeAtomically(try png.encoded(), to: basePath + ".png")
        try writeAtomically(try render(.svg, style: style).encoded(), to: basePath + ".svg")
        return WrittenFigure(width: png.width, height: png.height, smallestText: png.smallestTextSize.isFinite ? png.smallestTextSize : nil)
    }
}

/// A figure drawn into a width and height of its own choosing (a plot): for a phone it keeps its
/// data and takes the new width, and at most a given height.
protocol ResizablePlot: Figure {
    var width: Double { get set }
    var height: Double { get set }
}

extension ResizablePlot {
    func resized(toWidth width: Double, maximumHeight: Double) -> Self {
        var resized = self
        resized.width = Self.bodyWidth(forWidth: width)
        resized.height = min(height, maximumHeight)
        return resized
    }
}

/// Text measurement outside of drawing (layout needs widths before the canvas exists).
func measuredWidth(_ text: String, size: Double, weight: FontWeight = .regular, style: Style) -> Double {
    guard let canvas = try? Canvas(width: 1, height: 1, target: .png(scale: 1)) else { return Double(text.count) * size * 0.6 }
    return canvas.textWidth(text, size: size, weight: weight, style: style)
}
