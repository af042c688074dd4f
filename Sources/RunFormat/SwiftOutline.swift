/// One top-level statement or declaration of a Swift file, as the training-key analysis sees it:
/// which names it declares, which it mentions, and its words.
///
/// A chapter's `main.swift` is a script: statements run top to bottom, while its types and
/// functions are visible everywhere. A library file holds only declarations. Both are read by
/// splitting the file's words at line breaks at bracket depth zero, unless the line before ends
/// in an operator or an opening bracket, or the next line starts with `.`, an operator, `else`,
/// `catch` or `where`.
public struct TopLevelStatement: Sendable {
    public enum Kind: Equatable, Sendable {
        /// `import M`.
        case `import`(String)
        /// A type, function, `let`/`var`, protocol or typealias.
        case declaration
        /// `extension T: P, Q { … }`: its members and conformances belong to `T`.
        case `extension`(of: String, conformances: [String])
        /// Anything else: a call, an assignment, a loop.
        case statement
    }

    public let kind: Kind
    public let words: [SourceWord]
    /// Names this statement introduces at top level (`let model`, `func testLoss`, `struct Foo`).
    public let declared: [String]
    /// For an extension: the names of the members it declares (`init`, `subscript`, operators too).
    public let members: [String]
    /// Whether it is a `let` or `var` (a script's statement, run in order) rather than a type or
    /// function (visible everywhere in the file).
    public var binds = false
    /// Whether it is a `var`, whose value any later statement may change.
    public var mutable = false

    public var lines: ClosedRange<Int> { (words.first?.line ?? 0)...(words.last?.line ?? 0) }

    /// Every identifier it mentions, member names after `.` included.
    public var mentionedNames: Set<String> { Set(words.lazy.filter { $0.kind == .identifier }.map(\.text)) }

    /// The names it uses as members, after a `.` (`chapter.random`, `x.relu()`).
    public var memberAccesses: Set<String> {
        var names = Set<String>()
        for index in words.indices.dropFirst() where words[index].kind == .identifier && words[index - 1].isPunctuation(".") {
            names.insert(words[index].text)
        }
        return names
    }

    /// The identifiers it mentions that are not member names after `.` and not argument labels:
    /// the names that can refer to other top-level declarations of the same file.
    public var freeNames: Set<String> {
        var names = Set<String>()
        var open: [String] = []  // the brackets open at this word, innermost last
        for (index, word) in words.enumerated() {
            if word.kind == .punctuation {
                if ["(", "[", "{"].contains(word.text) { open.append(word.text) } else if [")", "]", "}"].contains(word.text) { _ = open.popLast() }
                continue
            }
            guard word.kind == .identifier else { continue }
            if index > 0, words[index - 1].isPunctuation(".") { continue }
            if isArgumentLabel(at: index, insideParentheses: open.last == "(") { continue }
            names.insert(word.text)
        }
        return names
    }

    /// Whether the identifier at `index` labels an argument or a tuple element (`f(scale: s)`,
    /// `(x: 1, y: 2)`): directly inside parentheses, after `(` or `,`, before `:`. Not the `:` of
    /// a ternary (`flag ? weight : 1`, where `weight` is a name the code uses) nor a dictionary
    /// literal's key: dropping a used name would leave an edit out of a key.
    private func isArgumentLabel(at index: Int, insideParentheses: Bool) -> Bool {
        guard insideParentheses, index > 0, index + 1 < words.count, words[index + 1].isPunctuation(":") else { return false }
        return words[index - 1].isPunctuation("(") || words[index - 1].isPunctuation(",")
    }
}

public enum SwiftOutline {
    static let modifiers: Set<String> = [
        "public", "private", "fileprivate", "internal", "open", "final", "static", "lazy", "nonisolated", "mutating",
        "override", "convenience", "required", "indirect", "prefix", "postfix", "infix",
    ]
    static let typeKeywords: Set<String> = ["struct", "class", "enum", "protocol", "actor", "typealias"]

    /// The top-level statements of `source`, in order.
    public static func statements(_ source: String) -> [TopLevelStatement] {
        split(SourceWords.words(source)).map(classify)
    }

    /// Groups words into top-level statements (see `TopLevelStatement`).
    static func split(_ words: [SourceWord]) -> [[SourceWord]] {
        var groups: [[SourceWord]] = []
        var current: [SourceWord] = []
        var depth = 0
        for word in words {
            if word.startsLine, depth == 0, let previous = current.last, !continues(after: previous, with: word) {
                groups.append(current)
                current = []
            }
            current.append(word)
            if word.kind == .punctuation {
                if ["(", "[", "{"].contains(word.text) { depth += 1 } else if [")", "]", "}"].contains(word.text) { depth = max(0, depth - 1) }
            }
        }
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    private static func continues(after previous: SourceWord, with next: SourceWord) -> Bool {
        if previous.kind == .punctuation, previous.text != ")" && previous.text != "]" && previous.text != "}" {
            return true  // `,` `(` `.` `=` `+` `->` … at a line's end: the expression goes on
        }
        if next.kind == .punctuation, next.text.first.map({ $0 == "." || SourceWords.operatorCharacters.contains($0) }) == true {
            return true
        }
        return next.isKeyword("else") || next.isKeyword("catch") || next.isKeyword("where")
    }

    private static func classify(_ words: [SourceWord]) -> TopLevelStatement {
        var index = 0
        while index < words.count, words[index].kind == .keyword || words[index].kind == .identifier,
              modifiers.contains(words[index].text), index + 1 < words.count,
              words[index + 1].kind == .keyword || words[index + 1].kind == .identifier {
            index += 1
        }
        guard index < words.count else { return TopLevelStatement(kind: .statement, words: words, declared: [], members: []) }
        let head = words[index]
        let rest = words[(index + 1)...]
        guard head.kind == .keyword || head.kind == .identifier else {
            return TopLevelStatement(kind: .statement, words: words, declared: [], members: [])
        }
        switch head.text {
        case "import":
            let module = rest.first(where: { $0.kind == .identifier && !typeKeywords.contains($0.text) && $0.text != "func" && $0.text != "var" })
            return TopLevelStatement(kind: .import(module?.text ?? ""), words: words, declared: [], members: [])
        case "let", "var":
            var statement = TopLevelStatement(kind: .declaration, words: words, declared: patternNames(rest), members: [])
            statement.binds = true
            statement.mutable = head.text == "var"
            return statement
        case "func":
            let name = rest.first.map(\.text) ?? ""
            return TopLevelStatement(kind: .declaration, words: words, declared: [name], members: [])
        case let keyword where typeKeywords.contains(keyword):
            let name = rest.first(where: { $0.kind == .identifier })?.text ?? ""
            return TopLevelStatement(kind: .declaration, words: words, declared: [name], members: [])
        case "extension":
            let type = rest.first(where: { $0.kind == .identifier })?.text ?? ""
            var conformances: [String] = []
            let header = rest.prefix { !$0.isPunctuation("{") }
            if let colon = header.firstIndex(where: { $0.isPunctuation(":") }) {
                for word in header[(colon + 1)...] {
                    if word.isKeyword("where") { break }
                    if word.kind == .identifier { conformances.append(word.text) }
                }
            }
            return TopLevelStatement(kind: .extension(of: type, conformances: conformances), words: words, declared: [],
                                     members: memberNames(words))
        default:
            return TopLevelStatement(kind: .statement, words: words, declared: [], members: [])
        }
    }

    /// The names bound by a `let`/`var` pattern: `let a = …, (b, c) = …` gives a, b, c. Type
    /// annotations and initial values are skipped.
    private static func patternNames(_ words: ArraySlice<SourceWord>) -> [String] {
        var names: [String] = []
        var inPattern = true
        var depth = 0
        for word in words {
            if word.kind == .punctuation {
                if depth == 0 && (word.text == "=" || word.text == ":") { inPattern = false }
                if ["(", "[", "{"].contains(word.text) { depth += 1 } else if [")", "]", "}"].contains(word.text) { depth -= 1 }
                if word.text == "," && depth == 0 { inPattern = true }
                if word.text == "{" && depth == 1 && inPattern { break }  // a computed variable's body
                continue
            }
            if inPattern, word.kind == .identifier { names.append(word.text) }
        }
        return names
    }

    /// The members an extension declares at its top level (depth one): functions, properties,
    /// nested types, `init`, `subscript` and operators.
    private static func memberNames(_ words: [SourceWord]) -> [String] {
        var names: [String] = []
        var depth = 0
        for (index, word) in words.enumerated() {
            if word.kind == .punctuation {
                if ["(", "[", "{"].contains(word.text) { depth += 1 } else if [")", "]", "}"].contains(word.text) { depth -= 1 }
                continue
            }
            guard depth == 1, word.kind == .keyword || word.kind == .identifier else { continue }
            let next = index + 1 < words.count ? words[index + 1] : nil
            switch word.text {
            case "init", "subscript": names.append(word.text)
            case "func", "var", "let", "case", "struct", "class", "enum", "typealias":
                if let next, next.kind == .identifier || next.kind == .punctuation { names.append(next.text) }
            default: break
            }
        }
        return names
    }
}
