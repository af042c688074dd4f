import RunFormat

extension SwiftHighlighter {
    /// The source as HTML: escaped text in `<span class="…">` by token kind.
    public static func html(_ source: String) -> String {
        tokens(source).map { token in
            let text = escapeHTML(token.text)
            return token.kind == .plain ? text : "<span class=\"tok-\(token.kind.rawValue)\">\(text)</span>"
        }.joined()
    }
}

/// Escapes the five characters that matter in HTML text and attributes.
public func escapeHTML(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.count)
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&#39;"
        default: result.append(character)
        }
    }
    return result
}
