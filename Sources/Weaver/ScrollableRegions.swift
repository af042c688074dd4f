import Foundation

/// Boxes that may scroll sideways — code, wide tables, wide display formulas — made reachable by
/// keyboard: each takes the focus (`tabindex="0"`, so arrow keys scroll it) and is a named region,
/// so a screen reader says what the focus landed on ("Swift code, lines 30–47").
///
/// Applied to a woven page as a last pass, so every writer of a `pre` or a table is covered,
/// including ones added later. WCAG 2.1.1: without it, a reader without a mouse cannot see the end
/// of a long code line (axe-core's rule `scrollable-region-focusable`).
enum ScrollableRegions {
    /// The page with its scrolling boxes marked; a box that already has a `tabindex` is left alone.
    static func keyboardReachable(_ html: String) -> String {
        var result = html
        result = mark(result, pattern: #"<pre class="code( diff)?"([^>]*)>"#) { match in
            if match.contains("tabindex=") { return nil }
            if match.contains("code diff") { return "changes between two source files" }
            if let lines = attribute("data-lines", in: match) { return "Swift code, lines \(lines)" }
            return "Swift code"
        }
        result = mark(result, pattern: #"<div class="output table"([^>]*)>(<table><caption>([^<]*))?"#) { match in
            if match.contains("tabindex=") { return nil }
            guard let caption = match.range(of: "<caption>").map({ String(match[$0.upperBound...]) }), !caption.isEmpty else { return "Table" }
            return "Table: \(caption)"
        }
        result = mark(result, pattern: #"<span class="katex-display"([^>]*)>"#) { match in
            match.contains("tabindex=") ? nil : "Formula"
        }
        return result
    }

    /// Inserts `tabindex="0" role="region" aria-label="…"` right after the tag name of each match
    /// of `pattern` for which `label` gives a name.
    private static func mark(_ html: String, pattern: String, label: (String) -> String?) -> String {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return html }
        let text = html as NSString
        var output = ""
        var last = 0
        for match in expression.matches(in: html, range: NSRange(location: 0, length: text.length)) {
            let matched = text.substring(with: match.range)
            guard let name = label(matched), let tagEnd = matched.firstIndex(of: " ") else { continue }
            output += text.substring(with: NSRange(location: last, length: match.range.location - last))
            output += String(matched[..<tagEnd]) + " tabindex=\"0\" role=\"region\" aria-label=\"\(escaped(name))\"" + String(matched[tagEnd...])
            last = match.range.location + match.range.length
        }
        output += text.substring(from: last)
        return output
    }

    /// The value of `name="…"` in a tag, or nil.
    private static func attribute(_ name: String, in tag: String) -> String? {
        guard let start = tag.range(of: "\(name)=\"") else { return nil }
        let rest = tag[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    /// Text as an attribute value. (A caption's text is already escaped in the page: its `&` stays.)
    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "<", with: "&lt;")
    }
}
