/// Cross-references woven into links: `@fig:samples` → "Figure 3", `@vae/fig:samples` → "chapter 2's
/// Figure 5", `@tbl:…` → "Table 1", `@eq:…` → "Equation 2", `@sec:…` → the section's title,
/// `@live:…` → the live figure's "Figure N". A figure or table link carries a preview card (the
/// figure's thumbnail and caption) that a wide screen shows on hover and keyboard focus; the card is
/// hidden from screen readers, which read the link's own words.
public struct CrossReferences: Sendable {
    /// This page's labels.
    public let page: PageLabels
    /// Every woven chapter's labels, by slug (this page's among them).
    public let chapters: [String: PageLabels]

    public init(page: PageLabels, chapters: [String: PageLabels]) {
        self.page = page
        self.chapters = chapters
    }

    /// The link for one reference, or what is wrong with it (an author mistake's message).
    func html(chapter slug: String?, kind: String, name: String) -> Result<String, ReferenceProblem> {
        let target: PageLabels
        if let slug, slug != page.slug {
            guard let other = chapters[slug] else {
                return .failure(.init("`@\(slug)/\(kind):\(name)` refers to a chapter that does not exist: no chapter has the slug `\(slug)` "
                    + "(chapters: \(chapters.keys.sorted().joined(separator: ", ")))"))
            }
            target = other
        } else {
            target = page
        }
        let external = target.slug != page.slug
        let prefix = external ? "chapter \(target.chapterNumber)’s " : ""
        let base = external ? "../\(target.slug)/index.html" : ""
        let folder = external ? "../\(target.slug)/" : ""
        let written = slug.map { "`@\($0)/\(kind):\(name)`" } ?? "`@\(kind):\(name)`"
        let whose = external ? "chapter \(target.chapterNumber) (`\(target.slug)`)" : "this chapter"
        func unknown(_ what: String, _ known: [String]) -> Result<String, ReferenceProblem> {
            .failure(.init("\(written): \(whose) has no \(what) named `\(name)`"
                + " (\(what)s: \(known.isEmpty ? "none" : known.sorted().joined(separator: ", ")))"))
        }
        switch kind {
        case "fig", "live":
            guard let figure = target.figures[name], kind == "fig" || figure.live else {
                let known = target.figures.filter { kind == "fig" || $0.value.live }.map(\.key)
                return unknown(kind == "fig" ? "figure" : "live figure", known)
            }
            let label = "Figure \(figure.number)"
            let card = Self.card(image: figure.png.map { folder + $0 }, text: "\(label). \(figure.caption)")
            return .success(link(base + "#" + PageLabels.figureID(name), prefix + label, card: card))
        case "tbl":
            guard let table = target.tables[name] else { return unknown("table", Array(target.tables.keys)) }
            let label = "Table \(table.number)"
            return .success(link(base + "#" + PageLabels.tableID(name), prefix + label, card: Self.card(image: nil, text: "\(label). \(table.title)")))
        case "eq":
            guard let number = target.equations[name] else { return unknown("equation", Array(target.equations.keys)) }
            return .success(link(base + "#" + PageLabels.equationID(name), prefix + "Equation \(number)", card: nil))
        default:  // "sec"
            guard let section = target.sections.first(where: { $0.id == name }) else {
                return unknown("section", target.sections.map(\.id))
            }
            let title = external ? "chapter \(target.chapterNumber)’s “\(section.title)”" : "“\(section.title)”"
            return .success(link(base + "#" + section.id, title, card: nil))
        }
    }

    private func link(_ href: String, _ text: String, card: String?) -> String {
        "<a class=\"xref\" href=\"\(escapeHTML(href))\">\(escapeHTML(text))\(card ?? "")</a>"
    }

    /// A hover preview: a thumbnail (light and dark drawings) above the caption.
    static func card(image: String?, text: String) -> String {
        let picture = image.map { png in
            let dark = png.replacingOccurrences(of: ".png", with: "-dark.png")
            return "<picture><source media=\"(prefers-color-scheme: dark)\" srcset=\"\(escapeHTML(dark))\">"
                + "<img src=\"\(escapeHTML(png))\" alt=\"\" loading=\"lazy\"></picture>"
        } ?? ""
        return "<span class=\"xref-card\" aria-hidden=\"true\">\(picture)<span class=\"xref-card-text\">\(escapeHTML(text))</span></span>"
    }
}

/// What is wrong with a reference in prose; the renderer turns it into an author mistake at its line.
struct ReferenceProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
