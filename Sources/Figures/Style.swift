/// The one place where the figures' look is decided: colours, type sizes, strokes.
public struct Style: Sendable {
    /// The page colour every figure is drawn on, so it sits on the page without a box.
    public var background: Color
    /// Text, axes and outlines.
    public var ink: Color
    /// Secondary text: ticks, notes, captions.
    public var mutedInk: Color
    /// Grid lines behind data, faint so they never compete with it.
    public var grid: Color
    /// Fills of boxes and panels in diagrams.
    public var panel: Color
    /// Ten colours for ten classes (Paul Tol's "muted" scheme plus grey), distinguishable with the
    /// common forms of colour blindness.
    public var classColors: [Color]
    /// Colours for line-plot series, in order.
    public var seriesColors: [Color]
    /// Digit images: a pixel of value 0 is drawn as `paper`, value 1 as `pencil`.
    public var paper: Color
    /// The colour of a pixel of value 1: the ink of a digit drawn on `paper`.
    public var pencil: Color
    /// The one colour that calls attention: a wrong word, a highlighted token.
    public var accent: Color
    /// Heat maps run from `heatLow` (the smallest value) to `heatHigh`: from near the page's own
    /// colour to a strong blue, so that small values recede on either page.
    public var heatLow: Color
    /// The colour of a heat map's largest value.
    public var heatHigh: Color
    /// The typeface figures are set in (DejaVu Sans, installed with the build's packages).
    public var fontFamily: String
    /// Font size of figure titles, in CSS pixels.
    public var titleSize: Double
    /// Font size of axis titles and labels, in CSS pixels.
    public var labelSize: Double
    /// Font size of tick labels, in CSS pixels: the smallest text, kept legible on a phone.
    public var tickSize: Double
    /// Font size of captions drawn inside a figure, in CSS pixels.
    public var captionSize: Double
    /// Width of data lines (curves, arrows), in CSS pixels.
    public var lineWidth: Double
    /// Width of grid lines and frames, in CSS pixels.
    public var hairline: Double

    /// Dark ink on white: the default for pages and print.
    public static let light = Style(
        background: Color(hex: 0xffffff), ink: Color(hex: 0x1f2328), mutedInk: Color(hex: 0x57606a),
        grid: Color(hex: 0xd8dee4), panel: Color(hex: 0xf6f8fa),
        classColors: [0xCC6677, 0x332288, 0xDDCC77, 0x117733, 0x88CCEE, 0x882255, 0x44AA99, 0x999933, 0xAA4499, 0x888888].map { Color(hex: $0) },
        seriesColors: [0x0072B2, 0xD55E00, 0x009E73, 0xCC79A7, 0xE69F00, 0x56B4E9].map { Color(hex: $0) },
        paper: Color(hex: 0xffffff), pencil: Color(hex: 0x111111), accent: Color(hex: 0xD55E00),
        heatLow: Color(hex: 0xf7fbff), heatHigh: Color(hex: 0x08306b),
        fontFamily: "DejaVu Sans", titleSize: 15, labelSize: 12, tickSize: 10.5, captionSize: 11.5,
        lineWidth: 2, hairline: 1
    )

    /// Light ink on a dark page, for `prefers-color-scheme: dark`.
    public static let dark: Style = {
        var style = Style.light
        style.background = Color(hex: 0x0d1117)
        style.ink = Color(hex: 0xe6edf3)
        style.mutedInk = Color(hex: 0x9da7b3)
        style.grid = Color(hex: 0x30363d)
        style.panel = Color(hex: 0x161b22)
        style.paper = Color(hex: 0x0d1117)
        style.pencil = Color(hex: 0xf0f0f0)
        style.heatLow = Color(hex: 0x161b22)
        style.heatHigh = Color(hex: 0x9ecbff)
        style.classColors = [0xEE8899, 0x7766DD, 0xDDCC77, 0x44BB66, 0x88CCEE, 0xCC5588, 0x44AA99, 0xBBBB55, 0xCC66BB, 0xAAAAAA].map { Color(hex: $0) }
        style.seriesColors = [0x56B4E9, 0xE69F00, 0x33CC99, 0xCC79A7, 0xF0E442, 0x0072B2].map { Color(hex: $0) }
        return style
    }()

    /// The colour of class `label`; labels past the palette (an "other" group) are drawn in ink.
    public func classColor(_ label: Int) -> Color { label < classColors.count ? classColors[label] : ink }
    /// The colour of curve `index`; the palette repeats past its end.
    public func seriesColor(_ index: Int) -> Color { seriesColors[index % seriesColors.count] }

    /// The colour of a grey-level in [0, 1] on the digit palette.
    public func pixelColor(_ value: Float) -> Color { paper.mixed(with: pencil, Double(Swift.min(Swift.max(value, 0), 1))) }
}
