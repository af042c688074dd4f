import RunFormat

/// One declaration cut out of a Swift file, for `//: @include path #name`: a page can show the
/// twenty lines that carry the idea instead of the whole file. Found with the highlighter's tokens,
/// so a name in a comment or string never matches and braces in strings never end the body.
public enum SwiftDeclaration {
    /// Keywords that introduce a named declaration.
    static let introducers: Set<String> = ["func", "struct", "class", "enum", "protocol", "extension", "actor", "var", "let", "typealias", "init"]

    /// The first declaration of `name` in `source` (`init` for initializers), with the doc comment
    /// and attributes above it: its lines exactly as they stand (indentation kept, so the page shows
    /// the file's own text) and their 1-based range, or nil when there is none.
    public static func extract(_ name: String, from source: String) -> (text: String, lines: ClosedRange<Int>)? {
        let tokens = SwiftHighlighter.tokens(source)
        var line = 1, start: Int?
        var index = 0
        // Find the introducer whose next word is `name`.
        while index < tokens.count, start == nil {
            let token = tokens[index]
            if token.kind == .keyword, introducers.contains(token.text) {
                if token.text == "init", name == "init" { start = line }
                let following = tokens[(index + 1)..<min(index + 4, tokens.count)].map(\.text).joined().drop { $0 == " " }
                if following.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }) == name { start = line }
            }
            if start == nil {
                line += token.text.filter { $0 == "\n" }.count
                index += 1
            }
        }
        guard let declared = start else { return nil }
        let end = lastLine(from: index, line: declared, tokens: tokens)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        var first = declared
        while first > 1 {
            let above = lines[first - 2].trimmingCharacters(in: .whitespaces)
            guard above.hasPrefix("///") || above.hasPrefix("@") else { break }
            first -= 1
        }
        let text = lines[(first - 1)..<min(end, lines.count)].joined(separator: "\n")
        return (text, first...end)
    }

    /// The line where the declaration starting at `tokens[start]` ends: its body's closing brace,
    /// or the end of its line when it has no body (a stored property, a typealias).
    private static func lastLine(from start: Int, line: Int, tokens: [SwiftHighlighter.Token]) -> Int {
        var line = line, parentheses = 0, braces = 0
        for token in tokens[start...] {
            let isCode = token.kind != .comment && token.kind != .string
            for character in token.text {
                if character == "\n" {
                    if braces == 0, parentheses == 0 { return line }
                    line += 1
                    continue
                }
                guard isCode else { continue }
                switch character {
                case "(", "[": parentheses += 1
                case ")", "]": parentheses -= 1
                case "{": braces += 1
                case "}":
                    braces -= 1
                    if braces == 0 { return line }
                default: break
                }
            }
        }
        return line
    }
}
