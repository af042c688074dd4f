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

    public init(slug: String, number: Int, source: ChapterSource, record: RunRecord, previous: Link?, next: Link?,
                includedFiles: [String: String] = [:], sourcePath: String = "main.swift", pageScripts: [String: String] = [:]) {
        self.includedFiles = includedFiles
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

    /// Runs `render`, adding to an unknown-placeholder error the file and line that cite the name.
    private func locatingPlaceholders(in lines: ClosedRange<Int>, _ render: () throws -> String) throws -> String {
        do { return try render() } catch let NotebookError.unknownPlaceholder(chapter, name, known, _) {
            let sourceLines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
            let line = lines.first { $0 <= sourceLines.count && sourceLines[$0 - 1].contains("{{\(name)") } ?? lines.lowerBound
            throw NotebookError.unknownPlaceholder(chapter: chapter, name: name, known: known, location: "\(sourcePath):\(line)")
        }
    }

    /// The page as HTML.
    public func html() throws -> String {
        let prose = ProseRenderer(chapter: slug, values: record.citableValues)
        var figureNumber = 0
        var body: [Node<HTML.BodyContext>] = []
        let outputs = OutputPlacement(cells: source.cells, record: record)
        for (index, cell) in source.cells.enumerated() {
            switch cell {
            case let .prose(markdown, lines):
                body.append(.div(.class("prose"), .raw(try locatingPlaceholders(in: lines) { try prose.html(markdown) })))
                if index == 0 {
                    if let note = datasetNote() { body.append(note) }
                    body.append(runRecordBox())
                }
            case let .code(text, lines):
                var cellNodes: [Node<HTML.BodyContext>] = [
                    .element(named: "pre", nodes: [
                        .class("code"), .attribute(named: "data-lines", value: "\(lines.lowerBound)–\(lines.upperBound)"),
                        .element(named: "code", nodes: [.raw(SwiftHighlighter.html(text))]),
                    ]),
                ]
                let produced = outputs.outputs(forCellAt: index)
                if !produced.isEmpty {
                    cellNodes.append(.div(.class("outputs"), .group(produced.map { render($0, figureNumber: &figureNumber) })))
                }
                body.append(.div(.class("cell"), .group(cellNodes)))
            case let .comparison(old, new, _):
                guard let before = includedFiles[old] else { throw NotebookError.missingFile(path: old) }
                guard let after = includedFiles[new] else { throw NotebookError.missingFile(path: new) }
                body.append(comparison(from: old, before, to: new, after))
            case let .include(path, _):
                guard let text = includedFiles[path] else { throw NotebookError.missingFile(path: path) }
                body.append(.div(.class("cell included"),
                    .p(.class("file"), .text("From "), .code(.text(path)), .text(", used by the code below:")),
                    .element(named: "pre", nodes: [.class("code"), .element(named: "code", nodes: [.raw(SwiftHighlighter.html(text))])])
                ))
            }
        }
        let document = HTML(
            .lang(.english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(title) — Latent"),
                .stylesheet("../style.css")
            ),
            .body(
                .header(.class("site"), .a(.href("../index.html"), .text("Latent")), navigation()),
                .main(.element(named: "article", nodes: body)),
                .footer(.class("site"), navigation()),
                .group(scriptTags())
            )
        )
        return document.render(indentedBy: nil)
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
        return .div(.class("cell comparison"),
            .p(.class("file"), .text("What changed from "), .code(.text(oldPath)), .text(" to "), .code(.text(newPath)),
               .text(": \(removed) \(removed == 1 ? "line" : "lines") removed (−), \(added) added (+).")),
            .element(named: "pre", nodes: [.class("code diff"), .element(named: "code", nodes: rows)])
        )
    }

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

    private func runRecordBox() -> Node<HTML.BodyContext> {
        var rows: [(String, String)] = [
            ("dataset", record.dataset.title), ("seed", "\(record.seed)"), ("threads", "\(record.threads)"),
        ]
        for training in record.trainings {
            let how = training.loadedFromCheckpoint ? "restored from checkpoint" : "trained in this run"
            rows.append(("\(training.name)", "\(training.epochs.count) epochs, \(String(format: "%.0f", training.trainingSeconds)) s (\(how))"))
        }
        rows.append(("run time", String(format: "%.1f s", record.wallSeconds)))
        if let memory = record.peakMemoryMB { rows.append(("peak memory", String(format: "%.0f MB", memory))) }
        for metric in record.metrics.prefix(8) { rows.append((metric.name.replacingOccurrences(of: "_", with: " "), metric.display)) }
        return .element(named: "aside", nodes: [
            .class("run-record"),
            .h2("This run"),
            .element(named: "dl", nodes: rows.map { row in
                .group(.element(named: "dt", text: row.0), .element(named: "dd", text: row.1))
            }),
            .p(.class("provenance"), .text("Numbers on this page come from "), .a(.href("run.json"), .text("run.json")),
               .text(", written by the run that drew the figures; the code is that run's "), .a(.href(RunSources.chapterFile), .text("source")),
               .text(".")),
        ])
    }

    private func render(_ output: OutputPlacement.Output, figureNumber: inout Int) -> Node<HTML.BodyContext> {
        switch output {
        case let .training(training):
            let last = training.epochs.last ?? [:]
            let finals = last.keys.filter { $0 != "epoch" }.sorted().map { "\($0.replacingOccurrences(of: "_", with: " ")) \(String(format: "%.4g", last[$0]!))" }
            let how = training.loadedFromCheckpoint
                ? "Restored \(training.name) from its checkpoint (trained \(training.epochs.count) epochs in \(String(format: "%.0f", training.trainingSeconds)) s)."
                : "Trained \(training.name): \(training.epochs.count) epochs in \(String(format: "%.0f", training.trainingSeconds)) s."
            return .div(.class("output training"), .text(how), .if(!finals.isEmpty, .text(" Last epoch: " + finals.joined(separator: ", ") + ".")))
        case let .figure(figure):
            figureNumber += 1
            return .element(named: "figure", nodes: [
                .id("figure-\(figure.name)"),
                .a(.href(figure.svg), .element(named: "picture", nodes: [
                    .element(named: "source", nodes: [
                        .attribute(named: "srcset", value: figure.png.replacingOccurrences(of: ".png", with: "-dark.png")),
                        .attribute(named: "media", value: "(prefers-color-scheme: dark)"),
                    ]),
                    .img(.src(figure.png), .alt(figure.caption),
                         .attribute(named: "width", value: "\(Int(figure.width))"), .attribute(named: "height", value: "\(Int(figure.height))")),
                ])),
                .element(named: "figcaption", nodes: [.strong(.text("Figure \(figureNumber). ")), .text(figure.caption)]),
            ])
        case let .live(live):
            figureNumber += 1
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
            return .element(named: "figure", nodes: [
                .id("figure-\(live.name)"), .class("live"), .attribute(named: "data-live", value: live.name),
                .attribute(named: "data-script", value: live.script), dataSource(of: live),
                .p(.class("live-needs-script"), .text("This figure is interactive: it needs JavaScript, which is off or has not run. The figures around it show the same model.")),
                .div(.class("live-app")),
                .element(named: "figcaption", nodes: [.strong(.text("Figure \(figureNumber). ")), .text(live.caption)]),
                .unwrap(code) { $0 },
            ])
        case let .table(table):
            return .div(.class("output table"), .table(
                .caption(.text(table.title)),
                .thead(.tr(.forEach(table.columns) { .th(.text($0)) })),
                .tbody(.forEach(table.rows) { row in .tr(.forEach(row) { .td(.text($0)) }) })
            ))
        case let .metric(metric):
            return .div(.class("output metric"), .span(.class("name"), .text(metric.name.replacingOccurrences(of: "_", with: " "))),
                        .text(" = "), .span(.class("value"), .text(metric.display)))
        case let .note(note):
            return .div(.class("output note"), .text(note.text))
        }
    }
}

/// Which code cell each recorded output belongs to: the one whose lines contain the output's
/// source line (or, failing that, the last code cell before it).
struct OutputPlacement {
    enum Output {
        case training(RunRecord.Training)
        case figure(RunRecord.FigureOutput)
        case live(RunRecord.LiveFigure)
        case table(RunRecord.Table)
        case metric(RunRecord.Metric)
        case note(RunRecord.Note)

        var line: Int {
            switch self {
            case let .training(value): return value.line
            case let .figure(value): return value.line
            case let .live(value): return value.line
            case let .table(value): return value.line
            case let .metric(value): return value.line
            case let .note(value): return value.line
            }
        }
    }

    private var byCell: [Int: [Output]] = [:]

    init(cells: [ChapterSource.Cell], record: RunRecord) {
        let all: [Output] = record.trainings.map(Output.training) + record.figures.map(Output.figure) + (record.liveFigures ?? []).map(Output.live)
            + record.tables.map(Output.table) + record.metrics.map(Output.metric) + record.notes.map(Output.note)
        let codeCells = cells.enumerated().compactMap { index, cell -> (Int, ClosedRange<Int>)? in
            if case let .code(_, lines) = cell { return (index, lines) }
            return nil

        }
        // Stable by line, so outputs of one line keep the order they were recorded in.
        for output in all.enumerated().sorted(by: { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }).map(\.element) {
            let cell = codeCells.first { $0.1.contains(output.line) } ?? codeCells.last { $0.1.upperBound < output.line } ?? codeCells.first
            if let cell { byCell[cell.0, default: []].append(output) }
        }
    }

    func outputs(forCellAt index: Int) -> [Output] { byCell[index] ?? [] }
}
