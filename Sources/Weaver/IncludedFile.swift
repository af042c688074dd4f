import RunFormat
import Foundation
import Plot

/// A project file an `@include` shows, in proportion to what the reader needs from it: folded to
/// one line (the whole file one click away), one declaration of it, or a link to the earlier
/// chapter that already showed it.
struct IncludedFile {
    let path: String
    let text: String
    /// The id of the element that shows the file whole, for links from later chapters.
    let anchor: String

    static func anchor(for path: String) -> String {
        "file-" + path.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    var lineCount: Int { text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0) }

    /// The first sentence of the file's first doc comment: what the file is for, in one line.
    var summary: String? {
        let doc = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .drop { !$0.hasPrefix("///") }.prefix { $0.hasPrefix("///") }
            .map { $0.dropFirst(3).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        guard !doc.isEmpty else { return nil }
        if let end = doc.range(of: ". ") { return String(doc[..<end.lowerBound]) + "." }
        return doc
    }

    private func code(_ text: String) -> Node<HTML.BodyContext> {
        .element(named: "pre", nodes: [.class("code"), .element(named: "code", nodes: [.raw(SwiftHighlighter.html(text))])])
    }

    private var heading: Node<HTML.BodyContext> {
        .group(.code(.text(path)), .text(" (\(lineCount) lines)"), .unwrap(summary) { .text(": " + $0) })
    }

    /// Closed by default: the file's name, size and purpose on one line.
    func folded() -> Node<HTML.BodyContext> {
        .element(named: "details", nodes: [
            .class("cell included"), .id(anchor),
            .element(named: "summary", nodes: [heading]),
            code(text),
        ])
    }

    /// Just `symbol`'s declaration, open, with the whole file folded under it; nil when the file
    /// declares nothing by that name.
    func declaration(_ symbol: String) -> Node<HTML.BodyContext>? {
        guard let found = SwiftDeclaration.extract(symbol, from: text) else { return nil }
        return .div(.class("cell included excerpt"),
            .p(.class("file"), .text("From "), .code(.text(path)), .text(", lines \(found.lines.lowerBound)–\(found.lines.upperBound):")),
            code(found.text),
            .element(named: "details", nodes: [
                .class("whole-file"),
                .element(named: "summary", nodes: [.text("The whole file: "), heading]),
                code(text),
            ])
        )
    }

    /// A file an earlier chapter showed whole: one line that links to it there.
    func link(to earlier: ChapterPage.Link) -> Node<HTML.BodyContext> {
        .p(.class("cell included file"), .code(.text(path)), .text(" (\(lineCount) lines), shown in "),
           .a(.href("../\(earlier.slug)/index.html#\(anchor)"), .text(earlier.title)), .text("."))
    }
}
