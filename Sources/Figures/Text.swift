import CCairo

/// Where a text's anchor point sits horizontally.
public enum TextAnchor: Sendable {
    /// The anchor is the text's left end, its centre, or its right end.
    case start, middle, end
}

/// Where a text's anchor point sits vertically.
public enum TextBaseline: Sendable {
    /// The anchor is the text's top, its middle, its baseline, or its bottom.
    case top, middle, alphabetic, bottom
}

/// The weight of a text: regular, or bold for titles and emphasis.
public enum FontWeight: Sendable {
    /// Regular text, or bold.
    case regular, bold
}

extension Canvas {
    /// Width of `text` in logical units at `size`.
    public func textWidth(_ text: String, size: Double, weight: FontWeight = .regular, style: Style) -> Double {
        selectFont(size: size, weight: weight, style: style)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cairoContext, text, &extents)
        return extents.x_advance
    }

    /// Draws one line of `text` with its anchor at `point`, optionally rotated (radians, about the
    /// anchor; −π/2 reads bottom-to-top, as a y-axis label).
    public func text(
        _ text: String, at point: Point, size: Double, color: Color, style: Style, weight: FontWeight = .regular,
        anchor: TextAnchor = .start, baseline: TextBaseline = .alphabetic, rotation: Double = 0
    ) {
        guard !text.isEmpty else { return }
        smallestTextSize = Swift.min(smallestTextSize, size)
        selectFont(size: size, weight: weight, style: style)
        var extents = cairo_text_extents_t()
        cairo_text_extents(cairoContext, text, &extents)
        var font = cairo_font_extents_t()
        cairo_font_extents(cairoContext, &font)
        let dx: Double
        switch anchor {
        case .start: dx = 0
        case .middle: dx = -extents.x_advance / 2
        case .end: dx = -extents.x_advance
        }
        let dy: Double
        switch baseline {
        case .top: dy = font.ascent
        case .middle: dy = (font.ascent - font.descent) / 2
        case .alphabetic: dy = 0
        case .bottom: dy = -font.descent
        }
        cairo_save(cairoContext)
        cairo_translate(cairoContext, point.x, point.y)
        cairo_rotate(cairoContext, rotation)
        cairo_move_to(cairoContext, dx, dy)
        cairo_set_source_rgba(cairoContext, color.red, color.green, color.blue, color.alpha)
        cairo_show_text(cairoContext, text)
        cairo_restore(cairoContext)
    }

    /// Breaks `text` into lines no wider than `width` (at word boundaries).
    public func wrap(_ text: String, width: Double, size: Double, style: Style) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if textWidth(candidate, size: size, style: style) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private func selectFont(size: Double, weight: FontWeight, style: Style) {
        cairo_select_font_face(
            cairoContext, style.fontFamily, CAIRO_FONT_SLANT_NORMAL,
            weight == .bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL
        )
        cairo_set_font_size(cairoContext, size)
    }
}
