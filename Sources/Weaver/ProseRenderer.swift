import RunFormat
import Ink

/// Chapter prose to HTML: `{{name}}` placeholders filled from the run record (an unknown name is
/// an error, never a blank), `$…$` and `$$…$$` TeX turned into MathML, then Markdown through Ink.
public struct ProseRenderer {
    public let chapter: String
    public let values: [String: String]

    public init(chapter: String, values: [String: String]) {
        self.chapter = chapter
        self.values = values
    }

    public func html(_ markdown: String) throws -> String {
        let filled = try fillPlaceholders(markdown)
        let withMath = try replaceMath(filled)
        return MarkdownParser().html(from: withMath)
    }

    /// Every `{{name}}` replaced by its value, HTML-escaped.
    func fillPlaceholders(_ text: String) throws -> String {
        var result = ""
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            result += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                result += rest[open.lowerBound...]
                return result
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard let value = values[name] else {
                throw NotebookError.unknownPlaceholder(chapter: chapter, name: name, known: Array(values.keys))
            }
            result += escapeHTML(value)
            rest = rest[close.upperBound...]
        }
        return result + rest
    }

    /// `$$…$$` (display) and `$…$` (inline) outside code spans and fenced blocks become MathML.
    func replaceMath(_ text: String) throws -> String {
        var output = ""
        var inFence = false
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { output += "\n" }
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle() }
            output += inFence ? String(line) : try replaceMathInLine(String(line))
        }
        if output.contains("$$") { throw NotebookError.invalidMath(chapter: chapter, reason: "an unclosed $$ in the prose") }
        return output
    }

    private func replaceMathInLine(_ line: String) throws -> String {
        var output = ""
        var characters = Substring(line)
        while let next = characters.firstIndex(where: { $0 == "$" || $0 == "`" }) {
            output += characters[..<next]
            characters = characters[next...]
            if characters.hasPrefix("`") {  // copy a code span untouched
                let afterTick = characters.index(after: characters.startIndex)
                let end = characters[afterTick...].firstIndex(of: "`").map { characters.index(after: $0) } ?? characters.endIndex
                output += characters[..<end]
                characters = characters[end...]
                continue
            }
            let display = characters.hasPrefix("$$")
            let delimiter = display ? "$$" : "$"
            let bodyStart = characters.index(characters.startIndex, offsetBy: delimiter.count)
            guard let close = characters[bodyStart...].range(of: delimiter) else {
                output += characters
                return output
            }
            let tex = String(characters[bodyStart..<close.lowerBound])
            do { output += try MathML.render(tex, display: display) } catch {
                throw NotebookError.invalidMath(chapter: chapter, reason: "\(error)")
            }
            characters = characters[close.upperBound...]
        }
        return output + characters
    }
}
