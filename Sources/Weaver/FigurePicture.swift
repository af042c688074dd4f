import Foundation
import Plot
import RunFormat

/// The `<picture>` of a static figure: the drawing that suits the reader's screen and colour
/// scheme, linking to the wide SVG.
///
/// A figure wider than a phone's column has a second drawing laid out for it (`narrow` in the run
/// record); the page serves it below a width where the wide one would be shrunk under
/// `FigurePicture.narrowBelowScale`. A wide figure without one (it cannot reflow) is never shrunk
/// below what keeps its smallest text at `FigurePicture.smallestLegibleText`, nor below 0.7 of its
/// size: its frame scrolls sideways instead. Every `srcset` says `2x` (the PNGs are drawn at twice
/// the CSS size), so the chosen image's natural size is the drawn size.
enum FigurePicture {
    /// The smallest text, in CSS pixels, a reader is asked to read.
    static let smallestLegibleText = 8.0
    /// Below this share of its drawn width, a figure's narrow drawing is served instead.
    static let narrowBelowScale = 0.8
    /// What the page takes from the viewport's width before a figure's column: the main column's
    /// padding and the outputs' rule and indent (Stylesheet). Measured in Chromium: 72 px at a
    /// 390 px viewport, 95 px at 768 px (the text grows to 17 px above 40rem); rounded up.
    static let columnInset = 100.0

    static func html(_ figure: RunRecord.FigureOutput) -> Node<HTML.BodyContext> {
        var sources: [Node<HTML.BodyContext>] = []
        if let narrow = figure.narrow {
            let below = "(max-width: \(narrowBreakpoint(wideWidth: figure.width))px)"
            sources.append(source(FigureFiles.png(figure.name, .narrowDark), media: "\(below) and (prefers-color-scheme: dark)", narrow.width, narrow.height))
            sources.append(source(narrow.png, media: below, narrow.width, narrow.height))
        }
        sources.append(source(FigureFiles.png(figure.name, .dark), media: "(prefers-color-scheme: dark)", figure.width, figure.height))
        // The wide light drawing as a source too: `<img>`'s own `src` would be a 1x candidate, which
        // a 1x screen prefers, reporting twice the drawn size as the image's natural size.
        sources.append(source(figure.png, media: nil, figure.width, figure.height))
        var imageAttributes: [Attribute<HTML.BodyContext>] = [
            .attribute(named: "src", value: figure.png),
            .attribute(named: "alt", value: alternativeText(figure)),
            .attribute(named: "width", value: "\(Int(figure.width))"), .attribute(named: "height", value: "\(Int(figure.height))"),
        ]
        var linkAttributes: [Attribute<HTML.BodyContext>] = [.attribute(named: "href", value: figure.svg)]
        // Figures up to a phone's width fit it as they are: no narrow drawing, no scrolling frame.
        if figure.narrow == nil && figure.width > FigureFiles.phoneWidth {
            let least = Int(ceil(figure.width * smallestScale(figure.smallestText)))
            imageAttributes.append(.attribute(named: "style", value: "max-width: max(100%, \(least)px)"))
            linkAttributes += [.attribute(named: "class", value: "figure-scroll"), .attribute(named: "style", value: "display: block; overflow-x: auto")]
        }
        return .element(named: "a", nodes: linkAttributes.map(Node.attribute) + [
            .element(named: "picture", nodes: sources + [.selfClosedElement(named: "img", attributes: imageAttributes)]),
        ])
    }

    /// The image's alt text: what the figure draws, from its data, when its type can say so; else
    /// its caption. (The caption stays the caption, shown under the image.)
    static func alternativeText(_ figure: RunRecord.FigureOutput) -> String {
        guard let description = figure.description, !description.isEmpty else { return figure.caption }
        return description
    }

    /// The viewport width below which the wide drawing would be shown under `narrowBelowScale`.
    static func narrowBreakpoint(wideWidth: Double) -> Int {
        Int((wideWidth * narrowBelowScale + columnInset).rounded(.up))
    }

    /// The least scale a figure without a narrow drawing may be shown at: its smallest text stays
    /// legible and it keeps 0.7 of its size (a figure without text may shrink to 0.7).
    static func smallestScale(_ smallestText: Double?) -> Double {
        guard let smallestText, smallestText > 0 else { return 0.7 }
        return min(1, max(0.7, smallestLegibleText / smallestText))
    }

    private static func source(_ png: String, media: String?, _ width: Double, _ height: Double) -> Node<HTML.BodyContext> {
        .selfClosedElement(named: "source", attributes: [
            Attribute<HTML.BodyContext>.attribute(named: "srcset", value: "\(png) 2x"), .attribute(named: "media", value: media),
            .attribute(named: "width", value: "\(Int(width))"), .attribute(named: "height", value: "\(Int(height))"),
        ])
    }
}
