import RunFormat

/// The prose side of checked claims: `{{claim.NAME: The sentence.}}` states a sentence once; the
/// run's `chapter.claim("NAME", …)` decides how the page shows it. A claim that held reads as
/// plain prose with a small mark, a button that opens what was checked; one that failed is struck
/// through beside its numbers, so the page never states what this run contradicts.
///
/// The sentence may span source lines and cite `{{metric.x}}` (braces are counted). It is Markdown
/// of its own paragraph, so it goes through Ink between two markers, like formulas and code spans.
final class ClaimLedger {
    /// The claims in the order the prose cites them; a marker's index points here.
    var cited: [(claim: RunRecord.Claim, line: Int)] = []
}

extension ProseRenderer {
    /// Markers around a claim's sentence, two private-use characters around its index. They differ
    /// from the formula, code and cross-reference markers (E000–E005): a claim's index would
    /// otherwise be read as a reference's, and the claim woven as that figure's link.
    static func claimOpenMarker(_ index: Int) -> String { "\u{E008}\(index)\u{E009}" }
    static func claimCloseMarker(_ index: Int) -> String { "\u{E00A}\(index)\u{E00B}" }

    /// Whether the placeholder opened just before `text` is a claim.
    static func opensClaim(_ text: Substring) -> Bool {
        text.drop { $0 == " " }.hasPrefix("claim.")
    }

    /// The claim placeholder at the start of `text` (just after its `{{`): the sentence, filled and
    /// between markers, and the text after the closing `}}`. A claim the run never checked, one
    /// stated twice, one without a sentence or not closed is an author mistake at its line.
    func fillClaim(_ text: Substring, lines: ClosedRange<Int>?) throws -> (filled: String, rest: Substring) {
        guard let close = ProseRenderer.matchingClose(text) else {
            let opened = String(text.prefix { $0 != "\n" })
            throw mistake("`{{claim.` is not closed by `}}`: {{\(opened)", near: "{{" + opened, in: lines)
        }
        let body = text[..<close.lowerBound]
        let header = String(body.prefix { $0 != ":" && $0 != "\n" }).trimmingCharacters(in: .whitespaces)
        let name = String(header.dropFirst("claim.".count))
        let near = "{{" + String(text.prefix { $0 != "\n" })
        guard let colon = body.firstIndex(of: ":"), !name.isEmpty, !name.contains(" ") else {
            throw mistake("a claim needs a name and its sentence: `{{claim.NAME: The sentence.}}`", near: near, in: lines)
        }
        let sentence = body[body.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        if sentence.isEmpty || sentence.contains("\n\n") {
            throw mistake("claim '\(name)' needs its sentence, within one paragraph, after the colon", near: near, in: lines)
        }
        let line = self.line(containing: "{{claim.\(name)", in: lines)
        guard let claim = claims.first(where: { $0.name == name }) else {
            let checked = claims.map(\.name).sorted()
            throw AuthorMistake(file: sourcePath, line: line, message: "claim '\(name)' is stated but this run never checked it: "
                + "add chapter.claim(\"\(name)\", condition, evidence: …) where it is measured"
                + (checked.isEmpty ? "" : " (checked: \(checked.joined(separator: ", ")))"))
        }
        if let first = claimLedger.cited.first(where: { $0.claim.name == name }) {
            throw AuthorMistake(file: sourcePath, line: line, message: "claim '\(name)' is stated again (first at line \(first.line)): state it once")
        }
        claimLedger.cited.append((claim, line))
        let index = claimLedger.cited.count - 1
        let filled = try fillPlaceholders(sentence, lines: lines)
        return (ProseRenderer.claimOpenMarker(index) + filled + ProseRenderer.claimCloseMarker(index), text[close.upperBound...])
    }

    /// The `}}` that closes the `{{` just before `text`, counting the `{{ … }}` inside it.
    static func matchingClose(_ text: Substring) -> Range<Substring.Index>? {
        var depth = 1
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            if rest.hasPrefix("{{") {
                depth += 1
                index = text.index(index, offsetBy: 2)
            } else if rest.hasPrefix("}}") {
                depth -= 1
                let end = text.index(index, offsetBy: 2)
                if depth == 0 { return index..<end }
                index = end
            } else {
                index = text.index(after: index)
            }
        }
        return nil
    }

    /// Ink's HTML with every claim's markers replaced by the claim's markup.
    func insertClaims(_ html: String) -> String {
        var html = html
        for (index, cited) in claimLedger.cited.enumerated() {
            let open = ProseRenderer.claimOpenMarker(index), close = ProseRenderer.claimCloseMarker(index)
            guard html.contains(open) else { continue }
            let markup = ClaimMarkup(cited.claim)
            html = html.replacingOccurrences(of: open, with: markup.opening).replacingOccurrences(of: close, with: markup.closing)
        }
        return html
    }
}

/// The HTML around one claim's sentence.
struct ClaimMarkup {
    let opening: String
    let closing: String

    init(_ claim: RunRecord.Claim) {
        let id = "claim-" + ClaimMarkup.slug(claim.name)
        var evidence = escapeHTML(claim.evidence.trimmingCharacters(in: .whitespaces))
        if !evidence.hasSuffix(".") { evidence += "." }
        if claim.held {
            // A popover needs no script and is reached by keyboard; the button's name says what it opens.
            opening = "<span class=\"claim held\" id=\"\(id)\">"
            closing = "<button type=\"button\" class=\"claim-mark\" popovertarget=\"\(id)-check\" "
                + "aria-label=\"Checked in this run: show what was measured\" title=\"Checked in this run\">✓</button></span>"
                + "<span class=\"claim-check\" id=\"\(id)-check\" popover><strong>Checked in this run:</strong> \(evidence)</span>"
        } else {
            opening = "<span class=\"claim failed\" id=\"\(id)\"><s>"
            closing = "</s> <span class=\"claim-failed-note\"><strong>This did not hold in this run:</strong> \(evidence)</span></span>"
        }
    }

    /// A claim's name as an HTML id: letters, digits and hyphens.
    static func slug(_ name: String) -> String {
        String(name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }
}
