import Ink
import Plot

/// The cells between `//: @fold Summary` and `//: @end` as the page shows them: a closed
/// `<details>` whose summary is the author's one-line sentence, with the code inside highlighted
/// as usual. What that code made (figures, tables, notes) stands after it, open: a fold hides
/// bookkeeping, never a result.
struct FoldedCells {
    let summary: String
    var cells: [Node<HTML.BodyContext>] = []
    var outputs: [Node<HTML.BodyContext>] = []
    var lineCount = 0

    init(summary: String) {
        self.summary = summary
    }

    func html() -> Node<HTML.BodyContext> {
        let lines = lineCount == 1 ? "1 line" : "\(lineCount) lines"
        let details = Node<HTML.BodyContext>.element(named: "details", nodes: [
            .class("fold"),
            .element(named: "summary", nodes: [
                .span(.class("fold-summary"), .raw(FoldedCells.inlineHTML(summary))),
                .span(.class("fold-size"), .text(lineCount > 0 ? " · \(lines) of code" : "")),
            ]),
            .group(cells),
        ])
        return outputs.isEmpty ? details : .group(details, .group(outputs))
    }

    /// The summary's Markdown (code spans, emphasis) as inline HTML.
    static func inlineHTML(_ markdown: String) -> String {
        var html = MarkdownParser().html(from: markdown).trimmingCharacters(in: .whitespacesAndNewlines)
        if html.hasPrefix("<p>") && html.hasSuffix("</p>") { html = String(html.dropFirst(3).dropLast(4)) }
        return html
    }
}
