import RunFormat
import Ink

/// Chapter prose to HTML: `{{name}}` placeholders filled from the run record (an unknown name is
/// an error, never a blank), `$…$` and `$$…$$` typeset by KaTeX, then Markdown through Ink.
///
/// Formulas and code spans are taken out before Markdown sees the text and put back into Ink's
/// HTML: each is then a word of its sentence wherever it stands (Ink would otherwise start a new
/// paragraph at a line that begins with `$…$` or a code span), and Markdown never reads TeX's `_`
/// and `*` as emphasis.
public struct ProseRenderer {
    public let chapter: String
    public let values: [String: String]
    /// The chapter's file relative to the project root, and its lines, for errors that point into it.
    public let sourcePath: String
    let sourceLines: [Substring]
    let sourceText: String
    /// Formulas typeset by earlier builds (nil: ask KaTeX about every formula).
    let mathCache: MathCache?
    /// What `@fig:…`, `@eq:…`, … refer to (nil: references are left as written).
    public var references: CrossReferences?
    /// What `[@key]` cites (nil: citations are left as written).
    public var bibliography: Bibliography?
    /// The claims the run checked, which `{{claim.NAME: …}}` states (`ClaimProse.swift`).
    public let claims: [RunRecord.Claim]
    /// The claims this renderer's prose has stated so far, in order.
    let claimLedger = ClaimLedger()

    public init(chapter: String, values: [String: String], sourcePath: String = "main.swift", sourceText: String = "", mathCache: MathCache? = nil,
                claims: [RunRecord.Claim] = []) {
        self.claims = claims
        self.mathCache = mathCache
        self.chapter = chapter
        self.values = values
        self.sourcePath = sourcePath
        self.sourceText = sourceText
        sourceLines = sourceText.isEmpty ? [] : sourceText.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// One prose cell's HTML (its formulas typeset by one Node process of their own).
    public func html(_ markdown: String, lines: ClosedRange<Int>? = nil) throws -> String {
        try html(cells: [(markdown, lines)])[0]
    }

    /// Every prose cell of a page, with all their formulas typeset by one Node process. A cell's
    /// self-checks (`@predict` / `@answer`) are woven from its pieces (see `SelfCheck`).
    public func html(cells: [(markdown: String, lines: ClosedRange<Int>?)]) throws -> [String] {
        let split = try cells.map { try SelfCheck.pieces(of: $0.markdown, lines: $0.lines, file: sourcePath, sourceText: sourceText) }
        var flat: [(markdown: String, lines: ClosedRange<Int>?)] = []
        for (cell, pieces) in zip(cells, split) {
            for piece in pieces {
                switch piece {
                case let .markdown(text): flat.append((text, cell.lines))
                case let .check(question, answer): flat += [(question, cell.lines), (answer, cell.lines)]
                }
            }
        }
        var rendered = try html(pieces: flat).makeIterator()
        return split.map { pieces in
            pieces.map { piece -> String in
                switch piece {
                case .markdown: return rendered.next() ?? ""
                case .check: return SelfCheck.html(question: rendered.next() ?? "", answer: rendered.next() ?? "")
                }
            }.joined(separator: "\n")
        }
    }

    /// Pieces of Markdown, each rendered alone, with all their formulas typeset by one Node process.
    func html(pieces cells: [(markdown: String, lines: ClosedRange<Int>?)]) throws -> [String] {
        let prepared = try cells.map { try prepare($0.markdown, lines: $0.lines) }
        var unique: [KaTeX.Formula] = []
        var firstUse: [KaTeX.Formula: ClosedRange<Int>?] = [:]
        for cell in prepared {
            for formula in cell.formulas where firstUse[formula] == nil {
                firstUse[formula] = cell.lines
                unique.append(formula)
            }
        }
        var typeset: [KaTeX.Formula: String] = [:]
        for (formula, result) in zip(unique, try mathCache?.typeset(unique) ?? KaTeX.typeset(unique)) {
            switch result {
            case let .success(html): typeset[formula] = html
            case let .failure(error):
                let delimiter = formula.display ? "$$" : "$"
                throw mistake("malformed TeX in \(delimiter)\(formula.tex)\(delimiter): \(error.message)",
                              near: formula.tex.split(separator: "\n").first.map(String.init) ?? formula.tex, in: firstUse[formula] ?? nil)
            }
        }
        return prepared.map { finish($0, typeset: typeset) }
    }

    /// A prose cell with its placeholders filled and each formula replaced by a marker.
    struct Prepared {
        let markdown: String
        let formulas: [KaTeX.Formula]
        /// The text of each code span, by its marker's index.
        let codeSpans: [String]
        let lines: ClosedRange<Int>?
        /// The `{#eq:name}` label of a display formula, by the formula's index.
        var equationLabels: [Int: String] = [:]
        /// The woven HTML of each cross-reference and citation, by its marker's index.
        var references: [String] = []
    }

    /// A marker Markdown leaves alone: two private-use characters around the formula's index. Each
    /// kind of placeholder has its own pair (formulas E000/E001, code spans E002/E003, references
    /// E004/E005, claims E008–E00B in `ClaimProse.swift`), or one kind's index is read as another's.
    static func marker(_ index: Int) -> String { "\u{E000}\(index)\u{E001}" }
    /// The same for a code span.
    static func codeMarker(_ index: Int) -> String { "\u{E002}\(index)\u{E003}" }
    /// The same for a cross-reference or citation.
    static func referenceMarker(_ index: Int) -> String { "\u{E004}\(index)\u{E005}" }

    func prepare(_ markdown: String, lines: ClosedRange<Int>?) throws -> Prepared {
        let filled = try fillPlaceholders(markdown, lines: lines)
        var formulas: [KaTeX.Formula] = [], codeSpans: [String] = [], equationLabels: [Int: String] = [:]
        let text = try extractMath(filled, lines: lines, code: { span in
            codeSpans.append(span)
            return ProseRenderer.codeMarker(codeSpans.count - 1)
        }, label: { equationLabels[formulas.count - 1] = $0 }) { formula in
            formulas.append(formula)
            return ProseRenderer.marker(formulas.count - 1)
        }
        var woven: [String] = []
        let referenced = try weaveReferences(text, lines: lines) { html in
            woven.append(html)
            return ProseRenderer.referenceMarker(woven.count - 1)
        }
        return Prepared(markdown: referenced, formulas: formulas, codeSpans: codeSpans, lines: lines,
                        equationLabels: equationLabels, references: woven)
    }

    /// Cross-references and citations replaced by what `insert` returns for their HTML; an unknown
    /// name or key, or a chapter that does not exist, is an author mistake at its line.
    func weaveReferences(_ text: String, lines: ClosedRange<Int>?, insert: (String) -> String) throws -> String {
        guard references != nil || bibliography != nil else { return text }
        return try ReferenceSyntax.weave(text) { match, written in
            let result: Result<String, ReferenceProblem>
            switch match {
            case let .crossReference(chapter, kind, name):
                guard let references else { return written }
                result = references.html(chapter: chapter, kind: kind, name: name)
            case let .citation(keys):
                guard let bibliography else { return written }
                result = bibliography.citation(keys)
            }
            switch result {
            case let .success(html): return insert(html)
            case let .failure(problem): throw mistake(problem.message, near: written, in: lines)
            }
        }
    }

    /// The `{#eq:name}` labels of a prose cell's display formulas, in order.
    func equationLabels(in markdown: String, lines: ClosedRange<Int>?) throws -> [String] {
        var labels: [String] = []
        _ = try extractMath(markdown, lines: lines, code: { _ in "" }, label: { labels.append($0) }) { _ in "" }
        return labels
    }

    /// Ink's HTML with each marker replaced by its typeset formula; a display formula that is a
    /// paragraph of its own becomes a block that scrolls sideways on a narrow screen.
    func finish(_ prepared: Prepared, typeset: [KaTeX.Formula: String]) -> String {
        var html = MarkdownParser().html(from: prepared.markdown)
        for (index, formula) in prepared.formulas.enumerated().reversed() {
            let marker = ProseRenderer.marker(index), math = typeset[formula] ?? ""
            let label = formula.display ? prepared.equationLabels[index] : nil
            if formula.display {
                html = html.replacingOccurrences(of: "<p>\(marker)</p>", with: displayBlock(math, label: label))
            }
            // A labelled display formula inside a paragraph keeps its id and number in a span.
            html = html.replacingOccurrences(of: marker, with: label.map { displayBlock(math, label: $0, element: "span") } ?? math)
        }
        for (index, span) in prepared.codeSpans.enumerated().reversed() {
            html = html.replacingOccurrences(of: ProseRenderer.codeMarker(index), with: "<code>\(escapeHTML(span))</code>")
        }
        for (index, reference) in prepared.references.enumerated().reversed() {
            html = html.replacingOccurrences(of: ProseRenderer.referenceMarker(index), with: reference)
        }
        return insertClaims(html)
    }

    /// A display formula's block: with a `{#eq:name}` label it gets the id references link to and
    /// its number at the right.
    func displayBlock(_ math: String, label: String?, element: String = "div") -> String {
        guard let label else { return "<\(element) class=\"math-display\">\(math)</\(element)>" }
        let number = references?.page.equations[label].map { "<span class=\"equation-number\">(\($0))</span>" } ?? ""
        return "<\(element) class=\"math-display numbered\" id=\"\(escapeHTML(PageLabels.equationID(label)))\">\(math)\(number)</\(element)>"
    }

    /// Every `{{name}}` replaced by its value, HTML-escaped, and every `{{claim.NAME: …}}` by its
    /// sentence between markers; an unclosed `{{` is an author mistake.
    func fillPlaceholders(_ text: String, lines: ClosedRange<Int>? = nil) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            if ProseRenderer.opensClaim(rest[open.upperBound...]) {  // a sentence, possibly over lines
                let claim = try fillClaim(rest[open.upperBound...], lines: lines)
                result += claim.filled
                rest = claim.rest
                continue
            }
            let lineEnd = rest[open.upperBound...].firstIndex(of: "\n") ?? rest.endIndex
            guard let close = rest[open.upperBound..<lineEnd].range(of: "}}") else {
                let opened = String(rest[open.lowerBound..<lineEnd])
                throw mistake("`{{` is not closed by `}}` on its line: \(opened)", near: opened, in: lines)
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let value = values[name] else {
                let location = sourceLines.isEmpty ? nil : "\(sourcePath):\(line(containing: "{{\(name)", in: lines))"
                throw NotebookError.unknownPlaceholder(chapter: chapter, name: name, known: Array(values.keys), location: location)
            }
            result += escapeHTML(value)
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// `$$…$$` (display, may span lines) and `$…$` (inline) outside code spans and fenced blocks,
    /// each replaced by what `replace` returns for it, and each code span's text by what `code`
    /// returns for it. A `$` with no closing `$` on its line is left as a dollar sign, a backtick
    /// with none after it as a backtick; an unclosed `$$` is an author mistake.
    /// A display formula followed on its line by `{#eq:name}` is labelled: `label` gets the name
    /// right after `replace` got the formula.
    func extractMath(_ text: String, lines: ClosedRange<Int>?, code: (String) -> String, label: (String) -> Void = { _ in },
                     _ replace: (KaTeX.Formula) -> String) throws -> String {
        var output = ""
        var inFence = false, atLineStart = true
        var rest = Substring(text)
        while !rest.isEmpty {
            let lineEnd = rest.firstIndex(of: "\n").map { rest.index(after: $0) } ?? rest.endIndex
            let line = rest[..<lineEnd]
            let isFence = atLineStart && line.trimmingCharacters(in: .whitespaces).hasPrefix("```")
            if isFence { inFence.toggle() }
            guard !isFence, !inFence, let next = line.firstIndex(where: { $0 == "$" || $0 == "`" }) else {
                output += line
                rest = rest[lineEnd...]
                atLineStart = true
                continue
            }
            atLineStart = false
            output += rest[..<next]
            rest = rest[next...]
            if rest.hasPrefix("`") {  // a code span: its text untouched, `$` included
                let afterTick = rest.index(after: rest.startIndex)
                guard let close = rest[afterTick..<lineEnd].firstIndex(of: "`") else {
                    output += "`"
                    rest = rest[afterTick...]
                    continue
                }
                output += code(String(rest[afterTick..<close]))
                rest = rest[rest.index(after: close)...]
            } else if rest.hasPrefix("$$") {
                let body = rest.index(rest.startIndex, offsetBy: 2)
                guard let close = rest[body...].range(of: "$$") else {
                    let opened = String(rest[..<lineEnd]).trimmingCharacters(in: .newlines)
                    throw mistake("`$$` is not closed by `$$`: \(opened)", near: opened, in: lines)
                }
                output += replace(KaTeX.Formula(tex: rest[body..<close.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines), display: true))
                rest = rest[close.upperBound...]
                if let (name, after) = ProseRenderer.equationLabel(at: rest) {
                    label(name)
                    rest = rest[after...]
                }
            } else {
                let body = rest.index(after: rest.startIndex)
                guard let close = rest[body..<lineEnd].firstIndex(of: "$") else {  // a lone dollar sign
                    output += "$"
                    rest = rest[body...]
                    continue
                }
                output += replace(KaTeX.Formula(tex: String(rest[body..<close]), display: false))
                rest = rest[rest.index(after: close)...]
            }
        }
        return output
    }

    /// `{#eq:name}` after optional spaces at the start of `text`: the name and the index after `}`.
    static func equationLabel(at text: Substring) -> (String, Substring.Index)? {
        let start = text.firstIndex { $0 != " " && $0 != "\t" } ?? text.endIndex
        guard text[start...].hasPrefix("{#eq:"), let close = text[start...].firstIndex(of: "}") else { return nil }
        let name = text[text.index(start, offsetBy: 5)..<close]
        guard !name.isEmpty, name.allSatisfy(Section.isNameCharacter) else { return nil }
        return (String(name), text.index(after: close))
    }

    /// An author mistake at the first line of `lines` that contains `needle` (the cell's first
    /// line when none does).
    func mistake(_ message: String, near needle: String, in lines: ClosedRange<Int>?) -> AuthorMistake {
        AuthorMistake(file: sourcePath, line: line(containing: needle, in: lines), message: message)
    }

    func line(containing needle: String, in lines: ClosedRange<Int>?) -> Int {
        let range = lines ?? 1...max(1, sourceLines.count)
        let probe = needle.trimmingCharacters(in: .whitespaces)
        return range.first { $0 <= sourceLines.count && sourceLines[$0 - 1].contains(probe) } ?? range.lowerBound
    }
}
