/// Splits Swift source into tokens (for highlighting, the chapter style test and the training-key
/// analysis): comments (nested block comments too), string
/// literals (multi-line, raw, with interpolations whose code is tokenized in turn), numbers,
/// keywords, attributes, `#` directives and type names. The tokens' texts always concatenate to
/// the input, so highlighted code is the source, byte for byte.
///
/// Written by hand rather than with swift-syntax, which would add minutes to every release build.
public enum SwiftHighlighter {
    public enum Kind: String, Sendable {
        case plain, comment, string, number, keyword, attribute, directive, type
    }

    public struct Token: Equatable, Sendable {
        public let kind: Kind
        public let text: String
    }

    static let keywords: Set<String> = [
        "associatedtype", "actor", "as", "async", "await", "break", "case", "catch", "class", "continue", "default", "defer",
        "deinit", "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate", "for", "func", "guard", "if",
        "import", "in", "init", "inout", "internal", "is", "let", "nil", "nonisolated", "open", "operator", "private",
        "protocol", "public", "repeat", "rethrows", "return", "self", "Self", "some", "any", "static", "struct", "subscript",
        "super", "switch", "throw", "throws", "true", "try", "typealias", "var", "where", "while", "mutating", "lazy",
        "override", "final", "convenience", "required", "weak", "unowned", "consuming", "borrowing",
    ]

    public static func tokens(_ source: String) -> [Token] {
        var lexer = Lexer(Array(source.unicodeScalars))
        lexer.run(until: nil)
        return lexer.merged()
    }

    /// The tokens as the lexer found them, before adjacent ones of a kind are joined: every
    /// identifier and keyword on its own, every other plain character on its own (what the
    /// training-key analysis reads).
    public static func unmergedTokens(_ source: String) -> [Token] {
        var lexer = Lexer(Array(source.unicodeScalars))
        lexer.run(until: nil)
        return lexer.tokens
    }
}

private struct Lexer {
    typealias Token = SwiftHighlighter.Token
    let scalars: [Unicode.Scalar]
    var position = 0
    var tokens: [Token] = []

    init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

    func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        position + offset < scalars.count ? scalars[position + offset] : nil
    }

    func starts(with text: String, at offset: Int = 0) -> Bool {
        for (index, scalar) in text.unicodeScalars.enumerated() where peek(offset + index) != scalar { return false }
        return true
    }

    mutating func emit(_ kind: SwiftHighlighter.Kind, from start: Int) {
        guard position > start else { return }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<position])
        tokens.append(Token(kind: kind, text: text))
    }

    /// Tokenizes code until `closing` (a `)` ending an interpolation) at depth zero, or the end.
    mutating func run(until closing: Unicode.Scalar?) {
        var depth = 0
        while let scalar = peek() {
            if let closing, scalar == closing, depth == 0 { return }
            let start = position
            if scalar == "(" { depth += 1 } else if scalar == ")" { depth -= 1 }
            if starts(with: "//") {
                while let next = peek(), next != "\n" { position += 1 }
                emit(.comment, from: start)
            } else if starts(with: "/*") {
                blockComment()
                emit(.comment, from: start)
            } else if scalar == "\"" || (scalar == "#" && rawStringHashes() != nil) {
                stringLiteral()
            } else if scalar == "@" && isIdentifierStart(peek(1)) {
                position += 1
                identifier()
                emit(.attribute, from: start)
            } else if scalar == "#" && isIdentifierStart(peek(1)) {
                position += 1
                identifier()
                emit(.directive, from: start)
            } else if scalar.properties.numericType != nil && scalar.isASCII {
                number()
                emit(.number, from: start)
            } else if isIdentifierStart(scalar) || scalar == "`" {
                identifier()
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars[start..<position])
                let kind: SwiftHighlighter.Kind = SwiftHighlighter.keywords.contains(text) ? .keyword
                    : (text.first?.isUppercase == true ? .type : .plain)
                emit(kind, from: start)
            } else {
                position += 1
                emit(.plain, from: start)
            }
        }
    }

    mutating func blockComment() {
        var depth = 0
        while peek() != nil {
            if starts(with: "/*") {
                depth += 1
                position += 2
            } else if starts(with: "*/") {
                depth -= 1
                position += 2
                if depth == 0 { return }
            } else {
                position += 1
            }
        }
    }

    /// The number of `#`s before a raw string's quote, if a raw string starts here.
    func rawStringHashes() -> Int? {
        var count = 0
        while peek(count) == "#" { count += 1 }
        return peek(count) == "\"" ? count : nil
    }

    mutating func stringLiteral() {
        var start = position
        let hashes = rawStringHashes() ?? 0
        position += hashes
        let multiline = starts(with: "\"\"\"")
        position += multiline ? 3 : 1
        let terminator = (multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
        let interpolation = "\\" + String(repeating: "#", count: hashes) + "("
        while let scalar = peek() {
            if starts(with: terminator) {
                position += terminator.unicodeScalars.count
                break
            }
            if !multiline && scalar == "\n" { break }  // unterminated: stop at the line's end
            if starts(with: interpolation) {
                position += interpolation.unicodeScalars.count
                emit(.string, from: start)
                run(until: ")")
                start = position
                if peek() == ")" { position += 1 }
                continue
            }
            if scalar == "\\" && hashes == 0 { position += 2 } else { position += 1 }
        }
        position = min(position, scalars.count)
        emit(.string, from: start)
    }

    /// Digits, letters (hex digits, exponent markers, `x`/`b`/`o` prefixes), `_`, a decimal point
    /// followed by a digit, and an exponent's sign.
    mutating func number() {
        while let scalar = peek() {
            let previous = position > 0 ? scalars[position - 1] : " "
            let isExponentSign = (scalar == "-" || scalar == "+") && (previous == "e" || previous == "E" || previous == "p" || previous == "P")
            let isDecimalPoint = scalar == "." && peek(1)?.properties.numericType != nil
            guard scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" || isDecimalPoint || isExponentSign
            else { return }
            position += 1
        }
    }

    mutating func identifier() {
        if peek() == "`" {
            position += 1
            while let scalar = peek(), scalar != "`", scalar != "\n" { position += 1 }
            if peek() == "`" { position += 1 }
            return
        }
        while let scalar = peek(), isIdentifierStart(scalar) || scalar.properties.numericType != nil { position += 1 }
    }

    func isIdentifierStart(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar == "_" || (scalar.properties.isAlphabetic && scalar.properties.numericType == nil)
    }

    /// Adjacent tokens of the same kind joined (smaller HTML).
    func merged() -> [Token] {
        var result: [Token] = []
        for token in tokens {
            if let last = result.last, last.kind == token.kind {
                result[result.count - 1] = Token(kind: last.kind, text: last.text + token.text)
            } else {
                result.append(token)
            }
        }
        return result
    }
}
