import RunFormat

/// "Predict, then look": a question the learner answers in their head before the page reveals the
/// run's own answer.
///
/// In a chapter: `//: @predict The question?` then one or more `//: @answer …` lines (Markdown;
/// numbers cited as `{{metric.…}}`, so the revealed answer is the run's and true on every machine
/// and seed). Consecutive `@answer` lines are one paragraph; an `@answer` line with nothing after
/// it starts a new one. Woven into a closed `<details class="self-check">` whose summary is the
/// question.
enum SelfCheck {
    /// A prose cell cut into ordinary Markdown and self-checks, in order.
    enum Piece: Equatable {
        case markdown(String)
        case check(question: String, answer: String)
    }

    static let predictWord = "@predict"
    static let answerWord = "@answer"

    /// The pieces of one prose cell. An `@predict` with no `@answer` after it, or an `@answer`
    /// with no `@predict` before it, is an author mistake at its line.
    static func pieces(of markdown: String, lines: ClosedRange<Int>?, file: String, sourceText: String) throws -> [Piece] {
        guard markdown.contains(predictWord) || markdown.contains(answerWord) else { return [.markdown(markdown)] }
        var pieces: [Piece] = []
        var text: [Substring] = []
        var question: String?
        var questionLine: Substring = ""
        var answer: [String] = []
        func endCheck() {
            if let asked = question { pieces.append(.check(question: asked, answer: answer.joined(separator: "\n"))) }
            question = nil
            answer = []
        }
        func mistake(_ message: String, _ line: Substring) -> AuthorMistake {
            AuthorMistake(file: file, line: sourceLine(containing: line, in: lines, sourceText: sourceText), message: message)
        }
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let asked = directive(predictWord, in: trimmed) {
                if question != nil, answer.isEmpty { throw mistake("`@predict` needs `@answer` lines after it", questionLine) }
                endCheck()
                if !text.isEmpty { pieces.append(.markdown(text.joined(separator: "\n"))); text = [] }
                guard !asked.isEmpty else { throw mistake("`@predict` needs a question after it", line) }
                question = asked
                questionLine = line
            } else if let answered = directive(answerWord, in: trimmed) {
                guard question != nil else { throw mistake("`@answer` without a `@predict` question before it", line) }
                answer.append(answered.isEmpty ? "\n" : answered)
            } else {
                if question != nil {
                    if answer.isEmpty { throw mistake("`@predict` needs `@answer` lines after it", questionLine) }
                    endCheck()
                }
                text.append(line)
            }
        }
        if question != nil, answer.isEmpty { throw mistake("`@predict` needs `@answer` lines after it", questionLine) }
        endCheck()
        if !text.isEmpty { pieces.append(.markdown(text.joined(separator: "\n"))) }
        return pieces
    }

    /// The text after `word` when `line` starts with it (then a space or nothing).
    private static func directive(_ word: String, in line: String) -> String? {
        guard line.hasPrefix(word) else { return nil }
        let rest = line.dropFirst(word.count)
        guard rest.isEmpty || rest.hasPrefix(" ") else { return nil }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    private static func sourceLine(containing needle: Substring, in lines: ClosedRange<Int>?, sourceText: String) -> Int {
        let sourceLines = sourceText.split(separator: "\n", omittingEmptySubsequences: false)
        let range = lines ?? 1...max(1, sourceLines.count)
        let probe = needle.trimmingCharacters(in: .whitespaces)
        return range.first { $0 <= sourceLines.count && sourceLines[$0 - 1].contains(probe) } ?? range.lowerBound
    }

    /// The woven self-check: the question as the summary of a closed `<details>`, the answer inside.
    static func html(question: String, answer: String) -> String {
        "<details class=\"self-check\"><summary><span class=\"self-check-label\">Predict:</span> \(unwrapParagraph(question))</summary>"
            + "<div class=\"self-check-answer\"><p class=\"self-check-label\">The run’s answer</p>\(answer)</div></details>"
    }

    /// One paragraph's HTML without its `<p>` (a summary holds phrasing content only).
    static func unwrapParagraph(_ html: String) -> String {
        let trimmed = html.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.hasPrefix("<p>"), trimmed.hasSuffix("</p>") else { return trimmed }
        return String(trimmed.dropFirst(3).dropLast(4))
    }
}
