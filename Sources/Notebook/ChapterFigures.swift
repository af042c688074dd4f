import Figures
import RunFormat
import Foundation

/// A chapter's figures: each drawn light and dark, and again for a phone's width.
extension Chapter {
    /// Draws `make()` to `<name>.png`/`.svg` (and a dark variant) and shows it after this code.
    ///
    /// A figure wider than a phone's column is drawn a second time, laid out for it, as
    /// `<name>-narrow` (light and dark), so a phone shows labels at their size instead of shrunk
    /// to a third; a figure that cannot reflow gets none and the page scrolls it sideways. The
    /// figure's own description of its data (`alternativeText`) becomes the image's alt text.
    public func figure(_ name: String, caption: String, line: Int = #line, _ make: () throws -> any Figure) {
        do {
            let figure = try make()
            let path = { (variant: FigureFiles.Variant) in (self.options.output as NSString).appendingPathComponent(FigureFiles.base(name, variant)) }
            let phone = FigureFiles.phoneWidth
            let wide = try figure.write(to: path(.light))
            let reflowed = wide.width > phone ? figure.laidOut(forWidth: phone, style: .light) : nil
            // The other variants are independent drawings (a Cairo surface each): two at a time, as
            // encoding PNGs is most of what redrawing a chapter's figures costs. The same bytes either way.
            var variants: [(figure: any Figure, path: String, style: Style)] = [(figure, path(.dark), .dark)]
            if let reflowed { variants += [(reflowed, path(.narrow), .light), (reflowed, path(.narrowDark), .dark)] }
            let written = try Chapter.writeSideBySide(variants)
            let narrow = reflowed == nil ? nil : written[1].map { drawn in
                RunRecord.FigureOutput.Variant(png: FigureFiles.png(name, .narrow), svg: FigureFiles.svg(name, .narrow), width: drawn.width, height: drawn.height,
                                               smallestText: drawn.smallestText)
            }
            record.figures.append(.init(name: name, caption: caption, line: line, png: FigureFiles.png(name, .light), svg: FigureFiles.svg(name, .light),
                                        width: wide.width, height: wide.height, smallestText: wide.smallestText, narrow: narrow,
                                        description: figure.alternativeText))
        } catch { fail(error) }
    }

    /// Writes each variant (`Figure.write`) on the compute threads' two cores, and returns what each
    /// wrote, in order; the first failure is thrown once all are done.
    static func writeSideBySide(_ variants: [(figure: any Figure, path: String, style: Style)]) throws -> [WrittenFigure?] {
        var results = [Result<WrittenFigure, Error>?](repeating: nil, count: variants.count)
        results.withUnsafeMutableBufferPointer { slots in
            let work = SideBySide(variants: variants, slots: slots.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: variants.count) { index in
                let variant = work.variants[index]
                work.slots[index] = Result { try variant.figure.write(to: variant.path, style: variant.style) }
            }
        }
        return try results.map { try $0?.get() }
    }
}

/// What `writeSideBySide` hands its threads: the variants, only read, and a result slot per
/// variant, each written by one thread only. Figures are values and each drawing has its own Cairo
/// surface, so nothing is shared between the threads but this.
private struct SideBySide: @unchecked Sendable {
    let variants: [(figure: any Figure, path: String, style: Style)]
    let slots: UnsafeMutablePointer<Result<WrittenFigure, Error>?>
}
