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

    /// What the file is for, in one line: the first sentence of the doc comment on the type the
    /// file is named after, or else of its longest doc comment (the declaration the file is about,
    /// not a small helper type above it).
    var summary: String? {
        let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        var blocks: [(doc: [String], declares: String)] = [], current: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("///") {
                current.append(line.dropFirst(3).trimmingCharacters(in: .whitespaces))
            } else if !current.isEmpty, !line.hasPrefix("@") {
                blocks.append((current, line))
                current = []
            }
        }
        let namesFile = #"^(\w+ )*(struct|class|enum|protocol|actor|extension) "# + NSRegularExpression.escapedPattern(for: stem) + #"\b"#
        let chosen = blocks.first { $0.declares.range(of: namesFile, options: .regularExpression) != nil }
            ?? blocks.reduce(nil) { best, block in block.doc.count > (best?.doc.count ?? 0) ? block : best }
        guard let doc = chosen?.doc.prefix(while: { !$0.isEmpty }).joined(separator: " "), !doc.isEmpty else { return nil }
        // A sentence ends at ". " before a capital letter ("et al. 2017" does not end one).
        if let end = doc.range(of: #"\.\s+(?=[A-Z])"#, options: .regularExpression) { return String(doc[..<end.lowerBound]) + "." }
        return doc
    }

    /// `text` with its `code spans` as code, for a summary taken from a doc comment.
    static func inlineCode(_ text: String) -> Node<HTML.BodyContext> {
        .group(text.split(separator: "`", omittingEmptySubsequences: false).enumerated().map { index, part in
            index % 2 == 1 ? .code(.text(String(part))) : .text(String(part))
        })
    }

    private func code(_ text: String) -> Node<HTML.BodyContext> {
        .element(named: "pre", nodes: [.class("code"), .element(named: "code", nodes: [.raw(SwiftHighlighter.html(text))])])
    }

    private var heading: Node<HTML.BodyContext> {
        .group(.code(.text(path)), .text(" (\(lineCount) lines)"), .unwrap(summary) { .group(.text(": "), IncludedFile.inlineCode($0)) })
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
