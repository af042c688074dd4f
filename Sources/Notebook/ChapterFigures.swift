import Figures
import Foundation

/// A chapter's figures: each drawn light and dark, and again for a phone's width.
extension Chapter {
    /// Draws `make()` to `<name>.png`/`.svg` (and a dark variant) and shows it after this code.
    ///
    /// A figure wider than a phone's column is drawn a second time, laid out for it, as
    /// `<name>-narrow` (light and dark), so a phone shows labels at their size instead of shrunk
    /// to a third; a figure that cannot reflow gets none and the page scrolls it sideways.
    public func figure(_ name: String, caption: String, line: Int = #line, _ make: () throws -> any Figure) {
        do {
            let figure = try make()
            let base = (options.output as NSString).appendingPathComponent(name)
            let wide = try figure.write(to: base)
            try figure.write(to: base + "-dark", style: .dark)
            var narrow: RunRecord.FigureOutput.Variant?
            if wide.width > narrowFigureWidth, let reflowed = figure.laidOut(forWidth: narrowFigureWidth, style: .light) {
                let drawn = try reflowed.write(to: base + "-narrow")
                try reflowed.write(to: base + "-narrow-dark", style: .dark)
                narrow = .init(png: "\(name)-narrow.png", svg: "\(name)-narrow.svg", width: drawn.width, height: drawn.height,
                               smallestText: drawn.smallestText)
            }
            record.figures.append(.init(name: name, caption: caption, line: line, png: "\(name).png", svg: "\(name).svg",
                                        width: wide.width, height: wide.height, smallestText: wide.smallestText, narrow: narrow))
        } catch { fail(error) }
    }
}
