/// Swift source as the training-key analysis reads it: identifiers, keywords, literals and
/// punctuation, with comments and white space dropped (so re-indenting code or editing a comment
/// changes no key), each with its 1-based line.
///
/// Built on the highlighter's lexer, which already knows comments, nested block comments, raw and
/// multi-line strings and interpolations (whose code comes out as ordinary words).
public struct SourceWord: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case identifier, keyword, literal, punctuation }
    public let kind: Kind
    public let text: String
    public let line: Int
    /// Whether a line break stands between this word and the one before it.
    public let startsLine: Bool

    /// Whether this is the punctuation `text`.
    public func isPunctuation(_ text: String) -> Bool { kind == .punctuation && self.text == text }
    /// Whether this is the keyword `text`.
    public func isKeyword(_ text: String) -> Bool { kind == .keyword && self.text == text }
}

public enum SourceWords {
    /// Characters that join into one operator when they stand next to each other (`+=`, `->`, `&&`).
    static let operatorCharacters: Set<Character> = ["=", "-", "+", "*", "/", "%", "<", ">", "!", "&", "|", "^", "~", "?"]

    /// The words of `source`, in order.
    public static func words(_ source: String) -> [SourceWord] {
        var words: [SourceWord] = []
        var line = 1
        var lineBreakSince = true
        var spaceBefore = true
        for token in SwiftHighlighter.unmergedTokens(source) {
            let breaks = token.text.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
            defer {
                line += breaks
                if breaks > 0 { lineBreakSince = true }
            }
            let text = token.text
            switch token.kind {
            case .comment, .attribute, .directive:
                spaceBefore = true
                continue
            case .string, .number:
                words.append(SourceWord(kind: .literal, text: text, line: line, startsLine: lineBreakSince))
            case .keyword:
                words.append(SourceWord(kind: .keyword, text: text, line: line, startsLine: lineBreakSince))
            case .type, .plain:
                guard let first = text.first, !first.isWhitespace else {
                    spaceBefore = true
                    continue
                }
                if first == "_" || first == "`" || first.isLetter {
                    let name = text.hasPrefix("`") ? String(text.dropFirst().dropLast()) : text
                    words.append(SourceWord(kind: .identifier, text: name, line: line, startsLine: lineBreakSince))
                } else if let last = words.last, last.kind == .punctuation, !spaceBefore,
                          operatorCharacters.contains(first), last.text.allSatisfy(operatorCharacters.contains) {
                    // The lexer gives one character at a time: join an operator's characters (operators
                    // with a space between them stay apart).
                    words[words.count - 1] = SourceWord(kind: .punctuation, text: last.text + text, line: line, startsLine: last.startsLine)
                    continue
                } else {
                    words.append(SourceWord(kind: .punctuation, text: text, line: line, startsLine: lineBreakSince))
                }
            }
            lineBreakSince = false
            spaceBefore = false
        }
        return words
    }

    /// The words as one line of text, single-spaced: what a key hashes, so that only a change a
    /// compiler would see changes it.
    public static func normalized(_ words: some Sequence<SourceWord>) -> String {
        words.map(\.text).joined(separator: " ")
    }
}
