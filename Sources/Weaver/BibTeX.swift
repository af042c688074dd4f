import RunFormat

/// A small BibTeX reader for `chapters/references.bib`: entries `@type{key, field = value, …}`
/// whose values are `{…}` (braces may nest), `"…"` or a bare number/word. Text between entries is
/// a comment (so is a `%` line), as BibTeX treats it. `@comment`, `@preamble` and `@string` are
/// skipped. Only what a citation and a reference list need is kept; LaTeX markup other than
/// grouping braces is not interpreted (write accents as Unicode).
struct BibTeX {
    struct Entry: Equatable, Sendable {
        let type: String
        let key: String
        /// Field names in lower case; values with grouping braces removed and whitespace collapsed.
        var fields: [String: String] { rawFields.mapValues { $0.filter { $0 != "{" && $0 != "}" } } }
        /// The same values with their inner braces kept: `{Chameleon Team}` in an author list is one
        /// name, not a first and a family name.
        let rawFields: [String: String]
        /// The line of the entry's `@` in the file.
        let line: Int

        /// `and`-separated authors (or editors), each as the reader writes the name: "Diederik P. Kingma".
        var authors: [String] {
            names.map { name -> String in
                if let whole = Self.braced(name) { return whole }
                let parts = name.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                let shown = parts.count == 2 ? "\(parts[1]) \(parts[0])" : name
                return shown.filter { $0 != "{" && $0 != "}" }
            }
        }

        /// The raw names of the author (or editor) list.
        private var names: [String] {
            let list = rawFields["author"] ?? rawFields["editor"] ?? ""
            return list.components(separatedBy: " and ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        /// A name wholly in braces (an organisation), without them.
        private static func braced(_ name: String) -> String? {
            guard name.hasPrefix("{"), name.hasSuffix("}"), name.dropFirst().dropLast().allSatisfy({ $0 != "{" && $0 != "}" }) else { return nil }
            return String(name.dropFirst().dropLast())
        }

        /// Each author's family name: the part before the comma in "Last, First", else the last word.
        var familyNames: [String] {
            names.compactMap { name -> String? in
                if let whole = Self.braced(name) { return whole }
                let plain = name.filter { $0 != "{" && $0 != "}" }
                if let comma = plain.firstIndex(of: ",") { return plain[..<comma].trimmingCharacters(in: .whitespaces) }
                return plain.split(separator: " ").last.map(String.init)
            }
        }
    }

    let entries: [Entry]
    /// The file's path, for errors.
    let path: String

    /// Reads `text`; a malformed entry or a key used twice is an author mistake at its line.
    init(text: String, path: String) throws {
        self.path = path
        var entries: [Entry] = []
        var reader = Reader(text: Array(text), path: path)
        while let at = reader.next(at: "@") {
            let line = reader.line(of: at)
            let type = reader.word().lowercased()
            reader.skipSpace()
            guard let open = reader.peek(), open == "{" || open == "(" else {
                throw reader.mistake("`@\(type)` must be followed by `{`", line: line)
            }
            if ["comment", "preamble", "string"].contains(type) {
                try reader.skipGroup()
                continue
            }
            reader.advance()
            reader.skipSpace()
            let key = reader.word(until: ",")
            guard !key.isEmpty, key.allSatisfy(ReferenceSyntax.isKeyCharacter) else {
                throw reader.mistake("entry `@\(type)` needs a key of letters, digits, `-` or `_` before its first comma", line: line)
            }
            guard reader.peek() == "," else { throw reader.mistake("`\(key)`: a comma must follow the key", line: line) }
            reader.advance()
            var fields: [String: String] = [:]
            while true {
                reader.skipSpace()
                guard let next = reader.peek() else { throw reader.mistake("`\(key)`: the entry is not closed", line: line) }
                if next == "}" || next == ")" { reader.advance(); break }
                let name = reader.word().lowercased()
                reader.skipSpace()
                guard !name.isEmpty, reader.peek() == "=" else {
                    throw reader.mistake("`\(key)`: expected `field = value`", line: reader.line(of: reader.position))
                }
                reader.advance()
                reader.skipSpace()
                fields[name] = try reader.value(in: key)
                reader.skipSpace()
                if reader.peek() == "," { reader.advance() }
            }
            if let earlier = entries.first(where: { $0.key == key }) {
                throw reader.mistake("duplicate key `\(key)` (also at line \(earlier.line))", line: line)
            }
            entries.append(Entry(type: type, key: key, rawFields: fields, line: line))
        }
        self.entries = entries
    }

    subscript(key: String) -> Entry? { entries.first { $0.key == key } }

    /// A cursor over the file's characters.
    private struct Reader {
        let text: [Character]
        let path: String
        var position = 0

        func peek() -> Character? { position < text.count ? text[position] : nil }
        mutating func advance() { position += 1 }

        func line(of index: Int) -> Int { text[..<min(index, text.count)].filter { $0 == "\n" }.count + 1 }

        func mistake(_ message: String, line: Int) -> AuthorMistake { AuthorMistake(file: path, line: line, message: message) }

        /// Moves past the next `character` outside a `%` comment line; returns where it was.
        mutating func next(at character: Character) -> Int? {
            var lineStart = true
            while position < text.count {
                let current = text[position]
                if lineStart, current == "%" {
                    while position < text.count, text[position] != "\n" { position += 1 }
                    continue
                }
                if current == character { position += 1; return position - 1 }
                lineStart = current == "\n" || (lineStart && current.isWhitespace)
                position += 1
            }
            return nil
        }

        mutating func skipSpace() { while let next = peek(), next.isWhitespace { advance() } }

        /// Letters, digits and `-_:.+/` (a type, key, field name or bare value), stopping at `stop`.
        mutating func word(until stop: Character? = nil) -> String {
            var word = ""
            while let next = peek(), next != stop, next.isLetter || next.isNumber || "-_:.+/".contains(next) { word.append(next); advance() }
            return word
        }

        /// A `{…}` or `(…)` group, braces nested, skipped whole.
        mutating func skipGroup() throws {
            let start = position
            var depth = 0
            while let next = peek() {
                advance()
                if next == "{" || next == "(" { depth += 1 }
                if next == "}" || next == ")" { depth -= 1; if depth == 0 { return } }
            }
            throw mistake("a group opened here is not closed", line: line(of: start))
        }

        /// A field's value (inner braces kept): `{…}` with nested braces, `"…"` (braces inside may hold quotes), or a bare word;
        /// parts joined by `#` are concatenated.
        mutating func value(in key: String) throws -> String {
            var parts: [String] = []
            repeat {
                skipSpace()
                if peek() == "#" { advance(); skipSpace() }
                let start = position
                var raw = ""
                if peek() == "{" || peek() == "\"" {
                    let quoted = peek() == "\""
                    advance()
                    var depth = 0
                    while true {
                        guard let next = peek() else { throw mistake("`\(key)`: a value opened here is not closed", line: line(of: start)) }
                        advance()
                        if next == "{" { depth += 1 } else if next == "}" {
                            if depth == 0 && !quoted { break }
                            depth -= 1
                        } else if next == "\"" && quoted && depth == 0 { break }
                        raw.append(next)
                    }
                } else {
                    raw = word()
                    guard !raw.isEmpty else { throw mistake("`\(key)`: a field has no value", line: line(of: start)) }
                }
                parts.append(raw)
                skipSpace()
            } while peek() == "#"
            let joined = parts.joined()
            return joined.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
    }
}
