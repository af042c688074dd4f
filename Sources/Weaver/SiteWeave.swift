import Foundation
import Integrity
import RunFormat

/// Weaving: every chapter that has a run becomes a page, with the index and stylesheet, written
/// into a staging folder and moved into the site only when all are written.
extension SiteBuilder {
    /// A figure as the index's thumbnail: the narrow drawing when it has one (laid out for a small
    /// width, so its labels stay legible at a thumbnail's size), light and dark, with its alt text.
    static func thumbnail(_ figure: RunRecord.FigureOutput) -> IndexPage.Thumbnail {
        let variant: FigureFiles.Variant = figure.narrow == nil ? .light : .narrow
        return IndexPage.Thumbnail(png: FigureFiles.png(figure.name, variant), darkPNG: FigureFiles.png(figure.name, variant.dark),
                                   alternativeText: FigurePicture.alternativeText(figure))
    }

    /// Weaves every chapter that has a run into pages, plus the index and stylesheet, into a
    /// staging folder, then moves them into the site. Nothing is replaced if any page fails.
    public func weave() throws {
        let manager = FileManager.default
        let staging = layout.staging
        try? manager.removeItem(atPath: staging)
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let woven = catalog.chapters.filter {
            manager.fileExists(atPath: SiteLayout.record(in: runFolder($0.slug))) && manager.fileExists(atPath: "\(runFolder($0.slug))/\(RunSources.chapterFile)")
        }
        var entries: [IndexPage.Entry] = []
        var build: IndexPage.Build?
        var shownEarlier: [String: ChapterPage.Link] = [:]  // files a page showed whole: later pages link there
        let mathCache = MathCache(folder: site)  // formulas typeset by earlier builds
        let bibliography = try Bibliography.read(root: root)
        // Every chapter's labels first, so a page can refer to a later chapter's figure.
        var chapterLabels: [String: PageLabels] = [:]
        for (index, entry) in woven.enumerated() {
            let run = runFolder(entry.slug)
            let source = ChapterSource(text: try String(contentsOfFile: "\(run)/\(RunSources.chapterFile)", encoding: .utf8))
            let record = try RunRecord.read(from: SiteLayout.record(in: run))
            let page = ChapterPage(slug: entry.slug, number: index + 1, source: source, record: record, previous: nil, next: nil,
                                   sourcePath: "\(entry.directory)/main.swift")
            chapterLabels[entry.slug] = try page.labels()
        }
        for (index, entry) in woven.enumerated() {
            // Woven from the sources the run executed, not from the files as they are now.
            let run = runFolder(entry.slug)
            let source = ChapterSource(text: try String(contentsOfFile: "\(run)/\(RunSources.chapterFile)", encoding: .utf8))
            let record = try RunRecord.read(from: SiteLayout.record(in: run))
            let link = { (other: Catalog.Entry) -> ChapterPage.Link in
                let title = (try? String(contentsOfFile: "\(self.runFolder(other.slug))/\(RunSources.chapterFile)", encoding: .utf8))
                    .flatMap { ChapterSource(text: $0).title } ?? other.slug
                return ChapterPage.Link(slug: other.slug, title: title)
            }
            var included: [String: String] = [:]
            for path in source.cells.flatMap(\.shownFiles) {
                included[path] = try? String(contentsOfFile: RunSources.includedPath(path, in: run), encoding: .utf8)
            }
            var scripts: [String: String] = [:]
            for file in Set((record.liveFigures ?? []).flatMap({ [$0.script, RunSources.pageDataFile] + ($0.uses ?? []) })) {
                scripts[file] = try? String(contentsOfFile: "\(run)/\(file)", encoding: .utf8)
            }
            var page = ChapterPage(
                slug: entry.slug, number: index + 1, source: source, record: record,
                previous: index > 0 ? link(woven[index - 1]) : nil, next: index + 1 < woven.count ? link(woven[index + 1]) : nil,
                includedFiles: included, sourcePath: "\(entry.directory)/main.swift", pageScripts: scripts, shownEarlier: shownEarlier,
                mathCache: mathCache
            )
            page.chapterLabels = chapterLabels
            page.bibliography = bibliography
            for path in page.filesShownWhole { shownEarlier[path] = ChapterPage.Link(slug: entry.slug, title: page.title) }
            let folder = (staging as NSString).appendingPathComponent(entry.slug)
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try writeAtomically(Data(try page.html().utf8), to: "\(folder)/index.html")
            for file in try manager.contentsOfDirectory(atPath: run) where file != SiteLayout.inputsFile {
                try manager.copyItem(atPath: "\(run)/\(file)", toPath: "\(folder)/\(file)")
            }
            let trained = record.trainings.map { "\($0.name): \($0.epochs.count) epochs in \(String(format: "%.0f", $0.trainingSeconds)) s" }
                .joined(separator: ", ")
            let figure = entry.thumbnail.flatMap { name in record.figures.first { $0.name == name } } ?? record.figures.first
            entries.append(.init(
                slug: entry.slug, number: index + 1, title: page.title, summary: source.summary ?? "",
                thumbnail: figure.map(Self.thumbnail), proseWords: IndexPage.proseWords(source),
                runSummary: "\(trained.isEmpty ? "no training" : trained); the whole run \(String(format: "%.0f", record.wallSeconds)) s",
                sections: try page.sections()
            ))
            if build == nil { build = IndexPage.Build(seed: record.seed, threads: record.threads, toolchain: record.versions["swift"]) }
        }
        let datasetTitle = options.dataset.title
        let reference = (options.dataset == .mnist ? "" : "../") + "reference/index.html"
        let referenceWritten = FileManager.default.fileExists(atPath: (site as NSString).appendingPathComponent(reference))
        let index = IndexPage(entries: entries, datasetTitle: datasetTitle, build: build, referenceLink: referenceWritten ? reference : nil)
        try writeAtomically(Data(index.html().utf8), to: "\(staging)/index.html")
        try writeAtomically(Data(Stylesheet.site.utf8), to: "\(staging)/style.css")
        try writeAtomically(Data(OnThisPage.script.utf8), to: "\(staging)/\(OnThisPage.scriptFile)")
        try MathAssets.install(into: site)  // the KaTeX stylesheet and fonts every page links
        try mathCache.save()
        notePagesWoven(woven, staging: staging)  // the change report compares each page with the published one
        // Every page is written: move them into the site.
        for entry in woven { try replace(layout.page(entry.slug), with: "\(staging)/\(entry.slug)") }
        for file in ["style.css", OnThisPage.scriptFile, "index.html"] where rename("\(staging)/\(file)", "\(site)/\(file)") != 0 {
            throw NotebookError.cannotWrite(path: "\(site)/\(file)", reason: String(cString: strerror(errno)))
        }
        try? manager.removeItem(atPath: staging)
    }
}
