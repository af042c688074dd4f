import Foundation
import Integrity
import RunFormat

/// Collects a build's changes as they happen — each chapter run as it replaces the previous one,
/// each page as it is woven — and at the end writes the report (`.changes/report.json`), its page
/// (`changes.html`) and keeps the pictures it shows.
///
/// It costs nothing when nothing ran: a page is read only to compare it with the one it replaces,
/// and its paragraphs are extracted only when the two differ. It copies no part of the site.
public final class ChangeRecorder {
    public let store: ChangeStore
    private var chapters: [String: ChapterChanges] = [:]
    private var order: [String] = []

    public init(site: String) { store = ChangeStore(site: site) }

    private func update(_ slug: String, _ change: (inout ChapterChanges) -> Void) {
        if chapters[slug] == nil {
            chapters[slug] = ChapterChanges(slug: slug)
            order.append(slug)
        }
        change(&chapters[slug, default: ChapterChanges(slug: slug)])
    }

    /// A chapter's new run (`newFolder`) is about to replace its previous one (`oldFolder`, which may
    /// not exist): compares the two. A picture that cannot be compared is reported as wholly changed
    /// rather than stopping the build.
    public func runReplaced(slug: String, oldFolder: String, newFolder: String) throws {
        let new = try RunRecord.read(from: "\(newFolder)/run.json")
        let old = try? RunRecord.read(from: "\(oldFolder)/run.json")
        let comparison = RunComparison(old: old, new: new, oldFolder: oldFolder, newFolder: newFolder)
        let figures = try comparison.figures(keep: store.keep)
        update(slug) { chapter in
            chapter.ranBecause = RunComparison.reasons(oldFolder: oldFolder, newFolder: newFolder)
            chapter.trainings = comparison.trainings
            chapter.metrics = comparison.metrics
            chapter.cells = comparison.cells
            chapter.figures = figures
            chapter.claims = comparison.claims
        }
    }

    /// A chapter's page was woven (`newPage`) and is about to replace the published one (`oldPage`):
    /// records which paragraphs read differently. A page published for the first time is not compared.
    public func pageWoven(slug: String, oldPage: String, newPage: String) {
        guard let old = try? String(contentsOfFile: oldPage, encoding: .utf8),
              let new = try? String(contentsOfFile: newPage, encoding: .utf8), old != new else { return }
        let changes = WovenParagraphs.changes(from: WovenParagraphs.of(html: old), to: WovenParagraphs.of(html: new))
        guard !changes.isEmpty else { return }
        update(slug) { $0.paragraphs = changes }
    }

    /// The report of this build: written with its page, and the pictures no longer shown dropped.
    public func finish(command: String, date: Date = Date()) throws -> ChangeReport {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let report = ChangeReport(command: command, finished: formatter.string(from: date),
                                  chapters: order.compactMap { chapters[$0] }.filter { !$0.isEmpty })
        try store.save(report)
        return report
    }
}
