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
    /// Formulas typeset by earlier builds (nil: ask KaTeX about every formula).
    let mathCache: MathCache?
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
        sourceLines = sourceText.isEmpty ? [] : sourceText.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// One prose cell's HTML (its formulas typeset by one Node process of their own).
    public func html(_ markdown: String, lines: ClosedRange<Int>? = nil) throws -> String {
        try html(cells: [(markdown, lines)])[0]
    }

    /// Every prose cell of a page, with all their formulas typeset by one Node process.
    public func html(cells: [(markdown: String, lines: ClosedRange<Int>?)]) throws -> [String] {
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
    }

    /// A marker Markdown leaves alone: two private-use characters around the formula's index.
    static func marker(_ index: Int) -> String { "\u{E000}\(index)\u{E001}" }
    /// The same for a code span.
    static func codeMarker(_ index: Int) -> String { "\u{E002}\(index)\u{E003}" }

    func prepare(_ markdown: String, lines: ClosedRange<Int>?) throws -> Prepared {
        let filled = try fillPlaceholders(markdown, lines: lines)
        var formulas: [KaTeX.Formula] = [], codeSpans: [String] = []
        let text = try extractMath(filled, lines: lines, code: { span in
            codeSpans.append(span)
            return ProseRenderer.codeMarker(codeSpans.count - 1)
        }) { formula in
            formulas.append(formula)
            return ProseRenderer.marker(formulas.count - 1)
        }
        return Prepared(markdown: text, formulas: formulas, codeSpans: codeSpans, lines: lines)
    }

    /// Ink's HTML with each marker replaced by its typeset formula; a display formula that is a
    /// paragraph of its own becomes a block that scrolls sideways on a narrow screen.
    func finish(_ prepared: Prepared, typeset: [KaTeX.Formula: String]) -> String {
        var html = MarkdownParser().html(from: prepared.markdown)
        for (index, formula) in prepared.formulas.enumerated().reversed() {
            let marker = ProseRenderer.marker(index), math = typeset[formula] ?? ""
            if formula.display {
                html = html.replacingOccurrences(of: "<p>\(marker)</p>", with: "<div class=\"math-display\">\(math)</div>")
            }
            html = html.replacingOccurrences(of: marker, with: math)
        }
        for (index, span) in prepared.codeSpans.enumerated().reversed() {
            html = html.replacingOccurrences(of: ProseRenderer.codeMarker(index), with: "<code>\(escapeHTML(span))</code>")
        }
        return insertClaims(html)
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
    func extractMath(_ text: String, lines: ClosedRange<Int>?, code: (String) -> String, _ replace: (KaTeX.Formula) -> String) throws -> String {
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
