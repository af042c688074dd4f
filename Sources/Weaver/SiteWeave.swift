import Foundation
import RunFormat

/// Weaving: every chapter that has a run becomes a page, with the index and stylesheet, written
/// into a staging folder and moved into the site only when all are written.
extension SiteBuilder {
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
        var shownEarlier: [String: ChapterPage.Link] = [:]  // files a page showed whole: later pages link there
        let mathCache = MathCache(folder: site)  // formulas typeset by earlier builds
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
            let page = ChapterPage(
                slug: entry.slug, number: index + 1, source: source, record: record,
                previous: index > 0 ? link(woven[index - 1]) : nil, next: index + 1 < woven.count ? link(woven[index + 1]) : nil,
                includedFiles: included, sourcePath: "\(entry.directory)/main.swift", pageScripts: scripts, shownEarlier: shownEarlier,
                mathCache: mathCache
            )
            for path in page.filesShownWhole { shownEarlier[path] = ChapterPage.Link(slug: entry.slug, title: page.title) }
            let folder = (staging as NSString).appendingPathComponent(entry.slug)
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try writeAtomically(Data(try page.html().utf8), to: "\(folder)/index.html")
            for file in try manager.contentsOfDirectory(atPath: run) where file != SiteLayout.inputsFile {
                try manager.copyItem(atPath: "\(run)/\(file)", toPath: "\(folder)/\(file)")
            }
            let trained = record.trainings.map { "\($0.name): \($0.epochs.count) epochs in \(String(format: "%.0f", $0.trainingSeconds)) s" }
                .joined(separator: ", ")
            entries.append(.init(
                slug: entry.slug, number: index + 1, title: page.title, summary: source.summary ?? "",
                thumbnail: entry.thumbnail.flatMap { name in record.figures.first { $0.name == name }?.png } ?? record.figures.first?.png,
                runSummary: "seed \(record.seed) · \(trained.isEmpty ? "no training" : trained)"
            ))
        }
        let datasetTitle = options.dataset.title
        try writeAtomically(Data(IndexPage(entries: entries, datasetTitle: datasetTitle).html().utf8), to: "\(staging)/index.html")
        try writeAtomically(Data(Stylesheet.css.utf8), to: "\(staging)/style.css")
        try MathAssets.install(into: site)  // the KaTeX stylesheet and fonts every page links
        try mathCache.save()
        // Every page is written: move them into the site.
        for entry in woven { try replace((site as NSString).appendingPathComponent(entry.slug), with: "\(staging)/\(entry.slug)") }
        for file in ["style.css", "index.html"] where rename("\(staging)/\(file)", "\(site)/\(file)") != 0 {
            throw NotebookError.cannotWrite(path: "\(site)/\(file)", reason: String(cString: strerror(errno)))
        }
        try? manager.removeItem(atPath: staging)
    }
}
