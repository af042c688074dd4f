import Foundation

/// Gives each heading Ink wrote its section's `id` and a link to itself, shown on hover and on
/// keyboard focus, so a reader can copy the address of any section.
///
/// The headings come in page order, one prose cell at a time, and take the ids `Section.all` read
/// from the Markdown in the same order.
struct HeadingAnchors {
    private var remaining: ArraySlice<Section>

    init(sections: [Section]) {
        remaining = sections[...]
    }

    /// `html` (one prose cell's) with every `<hN>` given its id, its `{#sec:…}` label taken out of
    /// the text, and a trailing link to itself.
    mutating func anchor(_ html: String) -> String {
        var output = ""
        var rest = Substring(html)
        while let open = Self.nextHeadingOpen(in: rest) {
            output += rest[..<open.range.lowerBound]
            let closeTag = "</h\(open.level)>"
            guard let close = rest[open.range.upperBound...].range(of: closeTag) else { break }
            var inner = String(rest[open.range.upperBound..<close.lowerBound])
            if let split = Section.splitLabel(inner, kind: "sec") { inner = split.text }
            let id = remaining.popFirst()?.id ?? Section.slug(Self.text(of: inner))
            let title = Self.text(of: inner)
            // The page's title is the page: it keeps its id but needs no link to itself.
            let link = open.level == 1 ? ""
                : "<a class=\"heading-anchor\" href=\"#\(escapeHTML(id))\" aria-label=\"Link to the section “\(escapeHTML(title))”\">#</a>"
            output += "<h\(open.level) id=\"\(escapeHTML(id))\">\(inner)\(link)\(closeTag)"
            rest = rest[close.upperBound...]
        }
        return output + rest
    }

    /// The next `<h1>` … `<h6>` opening tag (Ink writes them without attributes).
    private static func nextHeadingOpen(in text: Substring) -> (range: Range<Substring.Index>, level: Int)? {
        var search = text[...]
        while let start = search.range(of: "<h") {
            let after = search[start.upperBound...]
            if let digit = after.first, let level = digit.wholeNumberValue, (1...6).contains(level),
               after.dropFirst().first == ">" {
                let end = after.index(after.startIndex, offsetBy: 2)
                return (start.lowerBound..<end, level)
            }
            search = after
        }
        return nil
    }

    /// The words of an HTML fragment: tags dropped, the entities Ink writes decoded.
    static func text(of html: String) -> String {
        var text = "", inTag = false
        for character in html {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag { text.append(character) }
        }
        return text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
            .trimmingCharacters(in: .whitespaces)
    }
}
