import RunFormat

/// What prose can refer to on one chapter's page, numbered as the page shows it: figures (static
/// and live share one count, in page order), tables, labelled display equations and sections.
/// Every chapter's labels are read before any page is woven, so a page can refer to a later one.
public struct PageLabels: Sendable {
    public struct Figure: Sendable {
        public let number: Int
        public let caption: String
        /// The light PNG (relative to the chapter's folder) for a hover preview; nil for a live
        /// figure without a static stand-in.
        public let png: String?
        public let live: Bool
    }

    public struct Table: Sendable {
        public let number: Int
        public let title: String
    }

    public let slug: String
    /// The chapter's position in the book, as the page and the index number it.
    public let chapterNumber: Int
    public let title: String
    public internal(set) var figures: [String: Figure] = [:]
    public internal(set) var tables: [String: Table] = [:]
    /// Labelled display equations (`$$ … $$ {#eq:name}`), by name: their number.
    public internal(set) var equations: [String: Int] = [:]
    public internal(set) var sections: [Section] = []

    /// The element id of each kind of target on the page.
    static func figureID(_ name: String) -> String { "figure-\(name)" }
    static func tableID(_ name: String) -> String { "table-\(name)" }
    static func equationID(_ name: String) -> String { "eq-\(name)" }

    /// A table's name: the one its title ends with as `{#tbl:name}`, or else its title's slug.
    static func name(of table: RunRecord.Table) -> String {
        Section.splitLabel(table.title, kind: "tbl")?.name ?? Section.slug(table.title)
    }

    /// A table's title as the page shows it, without its `{#tbl:…}` label.
    static func title(of table: RunRecord.Table) -> String {
        Section.splitLabel(table.title, kind: "tbl")?.text ?? table.title
    }
}

extension ChapterPage {
    /// This page's labels. Two figures or two tables of one name, and two equations with one
    /// label, are author mistakes (at the second one's line).
    func labels() throws -> PageLabels {
        var labels = PageLabels(slug: slug, chapterNumber: number, title: title)
        labels.sections = try sections()
        let outputs = OutputPlacement(cells: source.cells, record: record)
        var figureCount = 0, tableCount = 0
        for (index, cell) in source.cells.enumerated() {
            guard case .code = cell else { continue }
            for output in outputs.outputs(forCellAt: index) where isShown(output) {
                switch output {
                case let .figure(figure):
                    figureCount += 1
                    try claim(figure.name, in: labels.figures.keys, kind: "figure", line: figure.line)
                    labels.figures[figure.name] = .init(number: figureCount, caption: figure.caption, png: figure.png, live: false)
                case let .live(live):
                    figureCount += 1
                    try claim(live.name, in: labels.figures.keys, kind: "figure", line: live.line)
                    let fallback = live.fallback.flatMap { name in record.figures.first { $0.name == name } }
                    let caption = fallback.map { "\($0.caption) \(live.caption)" } ?? live.caption
                    labels.figures[live.name] = .init(number: figureCount, caption: caption, png: fallback?.png, live: true)
                case let .table(table):
                    tableCount += 1
                    let name = PageLabels.name(of: table)
                    try claim(name, in: labels.tables.keys, kind: "table", line: table.line)
                    labels.tables[name] = .init(number: tableCount, title: PageLabels.title(of: table))
                default: break
                }
            }
        }
        let prose = ProseRenderer(chapter: slug, values: [:], sourcePath: sourcePath, sourceText: source.text)
        for case let .prose(markdown, lines) in source.cells {
            for name in try prose.equationLabels(in: markdown, lines: lines) {
                if labels.equations[name] != nil {
                    // The second line that holds the label is the duplicate.
                    let holding = source.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                        .filter { $0.element.contains("{#eq:\(name)}") }.map { $0.offset + 1 }
                    throw AuthorMistake(file: sourcePath, line: holding.dropFirst().first ?? lines.lowerBound,
                                        message: "duplicate label `{#eq:\(name)}`: another equation of this chapter has it")
                }
                labels.equations[name] = labels.equations.count + 1
            }
        }
        return labels
    }

    private func claim(_ name: String, in taken: Dictionary<String, some Any>.Keys, kind: String, line: Int) throws {
        guard !taken.contains(name) else {
            throw AuthorMistake(file: sourcePath, line: line, message: "duplicate label: two \(kind)s of this chapter are named `\(name)`")
        }
    }
}
