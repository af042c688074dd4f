import RunFormat
import Datasets
import Foundation
import Plot

/// One chapter's page: its prose and code in source order, each code cell followed by what that
/// code produced in the last run (training summaries, figures, tables, metrics, notes), with a
/// run-record box and links to the neighbouring chapters.
public struct ChapterPage {
    public struct Link: Sendable {
        public let slug: String
        public let title: String
        public init(slug: String, title: String) {
            self.slug = slug
            self.title = title
        }
    }

    public let slug: String
    public let number: Int
    public let source: ChapterSource
    public let record: RunRecord
    public let previous: Link?
    public let next: Link?
    /// The text of each file named by an `@include` cell, by path.
    public let includedFiles: [String: String]

    /// The chapter's file, relative to the project root, for errors that point into it.
    public let sourcePath: String
    /// The text of each live figure's script as the run shipped it, by file name.
    public let pageScripts: [String: String]
    /// Files an earlier chapter already showed whole, by path: this page links there instead of
    /// printing them again.
    public let shownEarlier: [String: Link]
    /// Formulas typeset by earlier builds, shared by the pages of one build.
    public let mathCache: MathCache?
    /// Every woven chapter's labels by slug, for `@slug/fig:…` references (this page's own are
    /// computed from its source and record).
    public var chapterLabels: [String: PageLabels] = [:]
    /// The works `[@key]` citations refer to (nil: citations are left as written).
    public var bibliography: Bibliography?

    public init(slug: String, number: Int, source: ChapterSource, record: RunRecord, previous: Link?, next: Link?,
                includedFiles: [String: String] = [:], sourcePath: String = "main.swift", pageScripts: [String: String] = [:],
                shownEarlier: [String: Link] = [:], mathCache: MathCache? = nil) {
        self.mathCache = mathCache
        self.includedFiles = includedFiles
        self.shownEarlier = shownEarlier
        self.pageScripts = pageScripts
        self.sourcePath = sourcePath
        self.slug = slug
        self.number = number
        self.source = source
        self.record = record
        self.previous = previous
        self.next = next
    }

    public var title: String { source.title ?? slug }

    /// The files this page shows whole (not one declaration of them): later pages link here.
    public var filesShownWhole: [String] {
        source.cells.compactMap { if case let .include(path, nil, _) = $0, shownEarlier[path] == nil { return path } else { return nil } }
    }

    /// The page as HTML.
    public func html() throws -> String {
        try source.checkFolds(file: sourcePath)
        var prose = ProseRenderer(chapter: slug, values: record.citableValues, sourcePath: sourcePath, sourceText: source.text, mathCache: mathCache,
                                  claims: record.claims ?? [])
        let labels = try self.labels()
        prose.references = CrossReferences(page: labels, chapters: chapterLabels.merging([slug: labels]) { $1 })
        prose.bibliography = bibliography
        // All the page's prose at once, so all its formulas go to KaTeX in one process.
        let proseCells = source.cells.compactMap { cell -> (markdown: String, lines: ClosedRange<Int>?)? in
            if case let .prose(markdown, lines) = cell { return (markdown, lines) } else { return nil }
        }
        let proseParts = try prose.html(cells: proseCells)
        try checkEveryClaimIsStated(by: prose)
        var proseHTML = proseParts.makeIterator()
        let cited = Bibliography.citedKeys(in: proseParts.joined())
        let sections = labels.sections + (cited.isEmpty ? [] : [Section(level: 2, title: "References", id: "references", line: 0)])
        var anchors = HeadingAnchors(sections: sections)
        var figureNumber = 0
        var body: [Node<HTML.BodyContext>] = []
        // While a fold is open, its cells go inside it and the outputs of its code after it.
        var fold: FoldedCells?
        func emit(_ node: Node<HTML.BodyContext>) {
            if fold != nil { fold?.cells.append(node) } else { body.append(node) }
        }
        let outputs = OutputPlacement(cells: source.cells, record: record)
        for (index, cell) in source.cells.enumerated() {
            switch cell {
            case .prose:
                emit(.div(.class("prose"), .raw(anchors.anchor(proseHTML.next() ?? ""))))
                if index == 0 {
                    body.append(OnThisPage.folded(sections))
                    if let note = datasetNote() { body.append(note) }
                    body.append(RunBox(record: record).html())
                }
            case let .code(text, lines):
                let produced = outputs.outputs(forCellAt: index).filter(isShown)
                var cellNodes: [Node<HTML.BodyContext>] = []
                if let shown = VisibleCode(text: text, lines: lines) {
                    let pre = Node<HTML.BodyContext>.element(named: "pre", nodes: [
                        .class("code"), .attribute(named: "data-lines", value: "\(shown.lines.lowerBound)–\(shown.lines.upperBound)"),
                        .element(named: "code", nodes: [.raw(SwiftHighlighter.html(shown.text))]),
                    ])
                    if fold != nil {
                        fold?.cells.append(.div(.class("cell"), pre))
                        fold?.lineCount += shown.text.split(separator: "\n", omittingEmptySubsequences: false).count
                    } else {
                        cellNodes.append(pre)
                    }
                }
                if !produced.isEmpty {
                    let rendered = produced.map { render($0, figureNumber: &figureNumber, labels: labels) }
                    let made = Node<HTML.BodyContext>.div(.class("outputs"), .group(rendered))
                    if fold != nil { fold?.outputs.append(made) } else { cellNodes.append(made) }
                }
                if !cellNodes.isEmpty { body.append(.div(.class("cell"), .group(cellNodes))) }
            case let .foldStart(summary, _):
                fold = FoldedCells(summary: summary)
            case .foldEnd:
                if let closed = fold {
                    fold = nil
                    body.append(closed.html())
                }
            case let .comparison(old, new, lines):
                for path in [old, new] {
                    if let problem = ChapterSource.problem(withPathSyntax: path) { throw AuthorMistake(file: sourcePath, line: lines.lowerBound, message: problem) }
                }
                guard let before = includedFiles[old] else { throw missing(old, at: lines) }
                guard let after = includedFiles[new] else { throw missing(new, at: lines) }
                emit(comparison(from: old, before, to: new, after))
            case let .include(path, symbol, lines):
                if let problem = ChapterSource.problem(withPathSyntax: path) {
                    throw AuthorMistake(file: sourcePath, line: lines.lowerBound, message: problem)
                }
                guard let text = includedFiles[path] else { throw missing(path, at: lines) }
                let included = IncludedFile(path: path, text: text, anchor: IncludedFile.anchor(for: path))
                if let symbol {
                    guard let node = included.declaration(symbol) else {
                        throw AuthorMistake(file: sourcePath, line: lines.lowerBound, message: "\(path) declares nothing named `\(symbol)`")
                    }
                    emit(node)
                } else if let earlier = shownEarlier[path] {
                    emit(included.link(to: earlier))
                } else {
                    emit(included.folded())
                }
            }
        }
        if let bibliography, !cited.isEmpty { body.append(.raw(bibliography.referenceList(cited))) }
        let document = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(title) — Latent"),
                .stylesheet("../\(MathAssets.stylesheet)"),
                .stylesheet("../style.css")
            ),
            .body(
                .header(.class("site"), .a(.href("../index.html"), .text("Latent")), navigation()),
                .main(.class("with-outline"), .element(named: "article", nodes: body), OnThisPage.side(sections)),
                .footer(.class("site"), navigation()),
                .group(scriptTags()),
                .script(.src("../\(OnThisPage.scriptFile)"))
            )
        )
        return ScrollableRegions.keyboardReachable(document.render(indentedBy: nil))
    }

    /// The chapter's headings with their ids (the index lists them; other pages link to them).
    func sections() throws -> [Section] {
        try Section.all(in: source, file: sourcePath)
    }

    /// A claim the run checked that the prose never states is an author mistake at the check's line:
    /// its verdict would reach no reader.
    private func checkEveryClaimIsStated(by prose: ProseRenderer) throws {
        let stated = Set(prose.claimLedger.cited.map(\.claim.name))
        if let unstated = (record.claims ?? []).first(where: { !stated.contains($0.name) }) {
            throw AuthorMistake(file: sourcePath, line: unstated.line,
                                message: "claim '\(unstated.name)' is checked but the prose never states it: write {{claim.\(unstated.name): The sentence.}}")
        }
    }

    /// An included or compared file the run did not keep: the author named a file that is not there.
    private func missing(_ path: String, at lines: ClosedRange<Int>) -> AuthorMistake {
        AuthorMistake(file: sourcePath, line: lines.lowerBound, message: "\(path): no such file in the project")
    }

    /// Whether an output appears on the page by itself: a metric only when the chapter asked
    /// (prose and tables show the others), a static figure not when it is a live figure's fallback.
    func isShown(_ output: OutputPlacement.Output) -> Bool {
        switch output {
        case let .metric(metric): return metric.shown == true
        case let .figure(figure): return !(record.liveFigures ?? []).contains { $0.fallback == figure.name }
        default: return true
        }
    }

    /// What changed from `old` to `new`, line by line: removed lines struck through and marked −,
    /// added ones marked +, both highlighted as Swift; the unchanged ones between, dimmed.
    private func comparison(from oldPath: String, _ before: String, to newPath: String, _ after: String) -> Node<HTML.BodyContext> {
        let changes = LineDiff.lines(from: before, to: after)
        let added = changes.filter { if case .added = $0 { return true } else { return false } }.count
        let removed = changes.filter { if case .removed = $0 { return true } else { return false } }.count
        let rows: [Node<HTML.BodyContext>] = changes.map { line in
            switch line {
            case let .kept(text):
                return .element(named: "span", nodes: [.class("line kept"), .raw("  " + SwiftHighlighter.html(text) + "\n")])
            case let .removed(text):
                return .element(named: "del", nodes: [.class("line removed"), .raw("− " + SwiftHighlighter.html(text) + "\n")])
            case let .added(text):
                return .element(named: "ins", nodes: [.class("line added"), .raw("+ " + SwiftHighlighter.html(text) + "\n")])
            }
        }
        let heading: [Node<HTML.BodyContext>] = [
            .text("What changed from "), .code(.text(oldPath)), .text(" to "), .code(.text(newPath)),
            .text(": \(removed) \(removed == 1 ? "line" : "lines") removed (−), \(added) added (+)."),
        ]
        let diff = Node<HTML.BodyContext>.element(named: "pre", nodes: [.class("code diff"), .element(named: "code", nodes: rows)])
        // A diff longer than a screen is a wall of code like a whole file: folded the same way.
        guard changes.count > ChapterPage.longestOpenComparison else { return .div(.class("cell comparison"), .p(.class("file"), .group(heading)), diff) }
        return .element(named: "details", nodes: [.class("cell comparison included"), .element(named: "summary", nodes: heading), diff])
    }

    /// The most diff lines a page shows unfolded: about a screen, so prose comes every screen or so.
    static let longestOpenComparison = 45

    /// Each distinct script once: classic scripts, so the page works from `file://`. A figure's data
    /// is not among them: page-data.js loads it when the figure nears the viewport (the figure
    /// names it, see `dataSource`), so a page's first load stays small.
    private func scriptTags() -> [Node<HTML.BodyContext>] {
        let live = record.liveFigures ?? []
        var scripts = live.isEmpty ? [] : [RunSources.pageDataFile]
        for file in live.flatMap({ ($0.uses ?? []) + [$0.script] }) where !scripts.contains(file) { scripts.append(file) }
        return scripts.map { .element(named: "script", nodes: [.attribute(named: "src", value: $0)]) }
    }

    /// The attribute that names a live figure's data script, which page-data.js loads when the
    /// reader nears the figure.
    private func dataSource(of live: RunRecord.LiveFigure) -> Node<HTML.BodyContext> {
        .attribute(named: "data-source", value: live.data)
    }

    private func navigation() -> Node<HTML.BodyContext> {
        .nav(
            .class("chapters"),
            .unwrap(previous) { .a(.class("previous"), .href("../\($0.slug)/index.html"), .text("← \($0.title)")) },
            .span(.class("position"), .text("Chapter \(number)")),
            .unwrap(next) { .a(.class("next"), .href("../\($0.slug)/index.html"), .text("\($0.title) →")) }
        )
    }

    /// On a variant built from another dataset than MNIST, the prose — written about handwritten
    /// digits — needs a word of warning; everything computed comes from the variant's own run.
    private func datasetNote() -> Node<HTML.BodyContext>? {
        guard record.dataset.name != Dataset.mnist.name else { return nil }
        let title = record.dataset.title
        return .element(named: "aside", nodes: [
            .class("dataset-note"),
            .p(.strong(.text("This page was built on \(title).")),
               .text(" Its text was written about MNIST's handwritten digits: where it says “digit”, read “\(title) image”, "),
               .text("and where it describes what a figure shows, trust the figure. The code, figures, tables and every number "),
               .text("are from this \(title) run; sentences that depend on a result were worded by the run itself.")),
        ])
    }

    private func render(_ output: OutputPlacement.Output, figureNumber: inout Int, labels: PageLabels) -> Node<HTML.BodyContext> {
        switch output {
        case let .training(training):
            let last = training.epochs.last ?? [:]
            let finals = last.keys.filter { $0 != "epoch" }.sorted().map { "\($0.replacingOccurrences(of: "_", with: " ")) \(String(format: "%.4g", last[$0]!))" }
            // Epochs and time are in the run box at the top; here, what the training ended at.
            let model = RunBox.readable(training.name)
            let how = training.loadedFromCheckpoint ? "\(model): restored from its checkpoint." : "\(model): trained in this run."
            return .div(.class("output training"), .text(how), .if(!finals.isEmpty, .text(" Last epoch: " + finals.joined(separator: ", ") + ".")))
        case let .figure(figure):
            figureNumber += 1
            return .element(named: "figure", nodes: [
                .id("figure-\(figure.name)"),
                figureImage(figure),
                .element(named: "figcaption", nodes: [.strong(.text("Figure \(figureNumber). ")), .text(figure.caption)]),
            ])
        case let .live(live):
            figureNumber += 1
            // A live figure with a static fallback is one figure: the strip stands where the live
            // version will be until its script runs (and for good without scripts).
            let fallback = live.fallback.flatMap { name in record.figures.first { $0.name == name } }
            let code = pageScripts[live.script].map { text in
                Node<HTML.BodyContext>.element(named: "details", nodes: [
                    .class("page-script"),
                    .element(named: "summary", nodes: [.text("The script behind this figure: "), .code(.text(live.script)),
                                                       .text(", and the ones it uses")]),
                    .element(named: "pre", nodes: [.class("code"), .element(named: "code", nodes: [.text(text)])]),
                    .group(((live.uses ?? []) + [RunSources.pageDataFile]).compactMap { file in
                        pageScripts[file].map { text in
                            .group(.p(.class("file"), .code(.text(file)), .text(":")),
                                   .element(named: "pre", nodes: [.class("code"), .element(named: "code", nodes: [.text(text)])]))
                        }
                    }),
                ])
            }
            // The figure's caption describes the live figure; the static strip keeps its own caption
            // inside the fallback, where a reader without scripts sees the strip it describes.
            let caption = live.caption
            return .element(named: "figure", nodes: [
                .id("figure-\(live.name)"), .class("live"), .attribute(named: "data-live", value: live.name),
                .attribute(named: "data-script", value: live.script), dataSource(of: live),
                .unwrap(fallback, { .div(.class("live-fallback"), figureImage($0), .p(.class("fallback-caption"), .text($0.caption))) },
                        else: .p(.class("live-needs-script"), .text("This figure is interactive: it needs JavaScript, which is off or has not run. The figures around it show the same model."))),
                .div(.class("live-app")),
                .element(named: "figcaption", nodes: [.strong(.text("Figure \(figureNumber). ")), .text(caption)]),
                .unwrap(code) { $0 },
            ])
        case let .table(table):
            let name = PageLabels.name(of: table)
            return .div(.class("output table"), .id(PageLabels.tableID(name)), .table(
                .caption(.unwrap(labels.tables[name]) { .strong(.text("Table \($0.number). ")) }, .text(PageLabels.title(of: table))),
                .thead(.tr(.forEach(table.columns) { .th(.text($0)) })),
                .tbody(.forEach(table.rows) { row in .tr(.forEach(row) { .td(.text($0)) }) })
            ))
        case let .metric(metric):  // only those the chapter asked to show (see `isShown`)
            return .div(.class("output metric"), .span(.class("name"), .text(metric.name.replacingOccurrences(of: "_", with: " "))),
                        .text(" = "), .span(.class("value"), .text(metric.display)))
        case let .note(note):
            return .div(.class("output note"), .text(note.text))
        }
    }

    // MARK: Figure images

    /// A static figure's image: the drawing that suits the screen's width and colour scheme,
    /// linking to the SVG (see `FigurePicture`). Every figure's `<img>` is made here and nowhere else.
    func figureImage(_ figure: RunRecord.FigureOutput) -> Node<HTML.BodyContext> {
        FigurePicture.html(figure)  // the drawing for the screen's width and scheme
    }
}
