import Foundation
import RunFormat

/// The works chapters cite, from `chapters/references.bib`: `[@key]` in prose becomes "(Kingma &
/// Welling, 2014)" linking to the chapter's reference list, with a hover card naming the work; the
/// list at the end of a chapter holds the works that chapter cites, each with its DOI or arXiv link.
public struct Bibliography: Sendable {
    let bib: BibTeX

    /// Where the file lives, relative to the project root.
    public static let path = "chapters/references.bib"

    init(bib: BibTeX) {
        self.bib = bib
    }

    /// The project's bibliography (empty when the file does not exist).
    public static func read(root: String) throws -> Bibliography {
        let file = (root as NSString).appendingPathComponent(path)
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return Bibliography(bib: try BibTeX(text: "", path: path)) }
        return Bibliography(bib: try BibTeX(text: text, path: path))
    }

    /// The in-text citation of `keys`: "(A & B, 2014; C et al., 2017)", each part a link.
    func citation(_ keys: [String]) -> Result<String, ReferenceProblem> {
        var parts: [String] = []
        for key in keys {
            guard let entry = bib[key] else {
                let known = bib.entries.map(\.key).sorted().joined(separator: ", ")
                return .failure(.init("unknown citation key `@\(key)`: \(Bibliography.path) has no entry `\(key)` (keys: \(known.isEmpty ? "none" : known))"))
            }
            parts.append("<a class=\"citation\" href=\"#\(Self.anchor(key))\" data-cite=\"\(escapeHTML(key))\">\(escapeHTML(Self.label(entry)))"
                + "<span class=\"xref-card\" aria-hidden=\"true\"><span class=\"xref-card-text\">\(escapeHTML(Self.plainReference(entry)))</span></span></a>")
        }
        return .success("(" + parts.joined(separator: "; ") + ")")
    }

    /// The id of a work's entry in a reference list.
    static func anchor(_ key: String) -> String { "ref-\(key)" }

    /// "Kingma & Welling, 2014", "van den Oord et al., 2017", "Hinton, 2006".
    static func label(_ entry: BibTeX.Entry) -> String {
        let names = entry.familyNames.isEmpty ? [entry.fields["title"] ?? entry.key] : entry.familyNames
        let who: String
        switch names.count {
        case 1: who = names[0]
        case 2: who = "\(names[0]) & \(names[1])"
        default: who = "\(names[0]) et al."
        }
        return entry.fields["year"].map { "\(who), \($0)" } ?? who
    }

    /// Where a work is published: journal, proceedings, publisher or how it was published.
    static func venue(_ entry: BibTeX.Entry) -> String? {
        entry.fields["journal"] ?? entry.fields["booktitle"] ?? entry.fields["howpublished"] ?? entry.fields["publisher"]
    }

    /// The entry's links: DOI, arXiv, then any other URL.
    static func links(_ entry: BibTeX.Entry) -> [(text: String, url: String)] {
        var links: [(String, String)] = []
        if let doi = entry.fields["doi"] { links.append(("doi:\(doi)", "https://doi.org/\(doi)")) }
        if let eprint = entry.fields["eprint"], (entry.fields["archiveprefix"] ?? "arXiv").lowercased() == "arxiv" {
            links.append(("arXiv:\(eprint)", "https://arxiv.org/abs/\(eprint)"))
        }
        if let url = entry.fields["url"], !links.contains(where: { $0.1 == url }) { links.append((url, url)) }
        return links
    }

    /// One line of plain text for a hover card: "Authors (year). Title. Venue."
    static func plainReference(_ entry: BibTeX.Entry) -> String {
        var text = "\(entry.authors.joined(separator: ", "))\(entry.fields["year"].map { " (\($0))" } ?? ""). \(entry.fields["title"] ?? entry.key)."
        if let venue = venue(entry) { text += " \(venue)." }
        return text
    }

    /// The reference list of a page that cites `keys` (in order of first citation).
    func referenceList(_ keys: [String]) -> String {
        let items = keys.compactMap { key -> String? in
            guard let entry = bib[key] else { return nil }
            let authors = escapeHTML(entry.authors.joined(separator: ", "))
            let year = entry.fields["year"].map { " (\(escapeHTML($0)))" } ?? ""
            var html = "<li id=\"\(Self.anchor(key))\">\(authors)\(year). "
                + "<cite>\(escapeHTML(entry.fields["title"] ?? key))</cite>."
            if let venue = Self.venue(entry) { html += " \(escapeHTML(venue))." }
            for link in Self.links(entry) { html += " <a href=\"\(escapeHTML(link.url))\">\(escapeHTML(link.text))</a>" }
            return html + "</li>"
        }
        return "<section class=\"references\" aria-labelledby=\"references\"><h2 id=\"references\">References"
            + "<a class=\"heading-anchor\" href=\"#references\" aria-label=\"Link to the section “References”\">#</a></h2>"
            + "<ol>\(items.joined())</ol></section>"
    }

    /// The keys a woven page cites, in order of first citation (read from its citation links).
    static func citedKeys(in html: String) -> [String] {
        var keys: [String] = []
        var rest = Substring(html)
        while let start = rest.range(of: "data-cite=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let key = String(rest[..<end])
            if !keys.contains(key) { keys.append(key) }
        }
        return keys
    }
}
