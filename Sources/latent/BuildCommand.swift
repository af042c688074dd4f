import ArgumentParser
import Foundation
import RunFormat
import Weaver

/// `latent build`: run what changed, weave everything.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Run every chapter whose inputs changed (in order), then weave all pages and the index.",
        discussion: """
        A chapter reruns when its code, the engine, the figures, the notebook runtime, the data, the \
        options or an earlier chapter's results changed. When only its prose changed, its page is \
        rewoven from its last run, with nothing compiled or run. Training is skipped whenever a \
        checkpoint made by the same training code exists. The previous site stays in place until every \
        page is written.
        """
    )

    @OptionGroup var site: SiteOptions

    @Flag(help: "Rerun every chapter even if nothing changed (checkpoints are still reused).")
    var force = false

    func run() throws {
        try reportingErrors {
            let builder = try site.makeBuilder()  // snapshots the sources before they are compiled
            let started = Date()
            // Prose edits need no compiler: compile only if some chapter must run.
            let statuses = try builder.catalog.chapters.map { try builder.status(of: $0) }
            if force || statuses.contains(where: { $0 != .upToDate && $0 != .proseChanged }) { try site.compileIfNeeded() }
            var ran = 0
            for entry in builder.catalog.chapters {
                let status = try builder.status(of: entry)  // again: an earlier chapter's run may have changed its inputs
                if status == .proseChanged && !force {
                    builder.log("== \(entry.slug): prose changed; rewoven from its last run")
                    try builder.takeProseEdit(entry)
                } else if force || status != .upToDate {
                    builder.log("== \(entry.slug): \(describe(status))")
                    try builder.run(entry)
                    ran += 1
                }
            }
            try builder.weave()
            builder.log("== site written to \(builder.site)/index.html (\(ran) of \(builder.catalog.chapters.count) chapters run, \(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
        }
    }
}

func describe(_ status: SiteBuilder.Status) -> String {
    switch status {
    case .neverRun: return "never run"
    case .upToDate: return "up to date"
    case .proseChanged: return "prose changed (rewoven from its last run, nothing compiled)"
    case let .stale(reasons): return "stale: " + reasons.joined(separator: ", ")
    }
}
