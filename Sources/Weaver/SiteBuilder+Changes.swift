import ChangeReport
import Foundation
import RunFormat

/// The builder's side of the change report: two hooks (a run about to replace the previous one, the
/// woven pages about to replace the published ones) and the report at the end of a command.
extension SiteBuilder {
    /// Compares the chapter's new run with the one it replaces. A comparison that fails is named
    /// in the log and left out of the report; it never stops a build.
    func noteRunReplacing(_ entry: Catalog.Entry, with newFolder: String) {
        do { try changes.runReplaced(slug: entry.slug, oldFolder: runFolder(entry.slug), newFolder: newFolder) } catch {
            log("== \(entry.slug): the change report cannot compare this run: \(error)")
        }
    }

    /// Compares each woven page in `staging` with the published one it replaces.
    func notePagesWoven(_ woven: [Catalog.Entry], staging: String) {
        for entry in woven {
            changes.pageWoven(slug: entry.slug, oldPage: "\(site)/\(entry.slug)/index.html", newPage: "\(staging)/\(entry.slug)/index.html")
        }
    }

    /// Ends a command that built: writes the report and its page (`changes.html`) and logs it, one
    /// line when nothing changed.
    public func reportChanges(command: String) throws {
        let report = try changes.finish(command: command)
        log(report.text(page: report.isEmpty ? nil : changes.store.pagePath))
    }
}
