/// Finds the two kinds of reference prose may hold, outside fenced code (code spans and formulas
/// are already markers by then):
/// - a cross-reference, `@kind:name` or `@slug/kind:name` with kind `fig`, `tbl`, `eq`, `sec` or
///   `live`, where the `@` does not follow a letter or digit (so an e-mail address is left alone);
/// - a citation, `[@key]` or `[@a; @b]` (Pandoc's form); brackets holding anything else are left alone.
enum ReferenceSyntax {
    enum Match: Equatable {
        case crossReference(chapter: String?, kind: String, name: String)
        case citation(keys: [String])
    }

    static let kinds: Set<String> = ["fig", "tbl", "eq", "sec", "live"]

    /// `text` with every reference replaced by what `replace` returns for it (and the text it matched).
    static func weave(_ text: String, _ replace: (Match, String) throws -> String) rethrows -> String {
        var output = ""
        var inFence = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { output += "\n" }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle() }
            output += inFence || !line.contains("@") ? String(line) : try weaveLine(line, replace)
        }
        return output
    }

    private static func weaveLine(_ line: Substring, _ replace: (Match, String) throws -> String) rethrows -> String {
        var output = ""
        var rest = line
        while let at = rest.firstIndex(where: { $0 == "@" || $0 == "[" }) {
            output += rest[..<at]
            if rest[at] == "[", let (keys, end) = citation(at: at, in: rest) {
                output += try replace(.citation(keys: keys), String(rest[at..<end]))
                rest = rest[end...]
            } else if rest[at] == "@", !followsWord(output), let (match, end) = crossReference(at: at, in: rest) {
                output += try replace(match, String(rest[at..<end]))
                rest = rest[end...]
            } else {
                output.append(rest[at])
                rest = rest[rest.index(after: at)...]
            }
        }
        return output + rest
    }

    /// Whether the text so far ends in a letter or digit (an `@` there is not a reference).
    private static func followsWord(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        return last.isLetter || last.isNumber
    }

    /// `[@a; @b]` starting at `start`: the keys and the index after `]`.
    private static func citation(at start: Substring.Index, in text: Substring) -> ([String], Substring.Index)? {
        let inner = text[text.index(after: start)...]
        guard inner.hasPrefix("@"), let close = inner.firstIndex(of: "]") else { return nil }
        var keys: [String] = []
        for part in inner[..<close].split(separator: ";", omittingEmptySubsequences: false) {
            let word = part.trimmingCharacters(in: .whitespaces)
            guard word.hasPrefix("@") else { return nil }
            let key = word.dropFirst()
            guard !key.isEmpty, key.allSatisfy(isKeyCharacter) else { return nil }
            keys.append(String(key))
        }
        return (keys, text.index(after: close))
    }

    /// `@kind:name` or `@slug/kind:name` starting at `start`: the match and the index after it.
    private static func crossReference(at start: Substring.Index, in text: Substring) -> (Match, Substring.Index)? {
        var index = text.index(after: start)
        func word(_ allowed: (Character) -> Bool) -> Substring {
            let from = index
            while index < text.endIndex, allowed(text[index]) { index = text.index(after: index) }
            return text[from..<index]
        }
        var chapter: String?
        var kind = word { $0.isLetter || $0.isNumber || $0 == "-" }
        if index < text.endIndex, text[index] == "/" {
            chapter = String(kind)
            index = text.index(after: index)
            kind = word { $0.isLetter }
        }
        guard kinds.contains(String(kind)), index < text.endIndex, text[index] == ":" else { return nil }
        index = text.index(after: index)
        var name = word(Section.isNameCharacter)
        // A name never ends in `-` or `_` (a dash after a reference is punctuation).
        while let last = name.last, last == "-" || last == "_" { name = name.dropLast() }
        guard !name.isEmpty else { return nil }
        return (.crossReference(chapter: chapter, kind: String(kind), name: String(name)), name.endIndex)
    }

    /// Characters a citation key may use.
    static func isKeyCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_"
    }
}
