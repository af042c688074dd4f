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
        A chapter program reruns when a file it can depend on changed: its own code, the modules its \
        imports reach (not the weaver: a stylesheet edit only reweaves), the page scripts, the build \
        settings, data or options, an earlier chapter's results it read, or an output of its last run \
        that is missing or altered. A model retrains only when what its training reaches changed \
        (see `latent build --dry-run`); checkpoints are kept by key, several per model, so undoing an \
        edit restores instead of training. When only a chapter's prose changed, its page is rewoven from \
        its last run with nothing compiled or run. The previous site stays in place until every page \
        is written, and one command at a time writes it.
        """
    )

    @OptionGroup var site: SiteOptions

    @Flag(help: "Rerun every chapter even if nothing changed (checkpoints are still reused).")
    var force = false

    @Flag(help: "Say what would run, retrain or be rewoven for each chapter, and why, without doing it.")
    var dryRun = false

    @Flag(help: "Exit non-zero when a claim the prose states did not hold in its chapter's run (the site is still written).")
    var strict = false

    func run() throws {
        try reportingErrors {
            let builder = try site.makeBuilder(writing: dryRun ? nil : "build")
            let started = Date()
            let statuses = try builder.catalog.chapters.map { try builder.status(of: $0) }
            if dryRun {
                if builder.latentSourcesChanged && !site.noCompile { print("== latent: recompile and reweave every page: its own sources changed") }
                for (entry, status) in zip(builder.catalog.chapters, statuses) {
                    print(try plan(entry, status: force && status == .upToDate ? .stale(reasons: ["--force"]) : status, builder: builder))
                }
                for slug in builder.removedChapters { print("== \(slug): \(removedNote) are deleted") }
                return
            }
            // Prose edits need no compiler: compile only if some chapter must run.
            // (or if latent's own sources changed: the pages are then woven by the new build of it).
            if force || statuses.contains(where: \.runsProgram) || (!site.noCompile && builder.latentSourcesChanged) {
                try site.compileIfNeeded(builder)
            }
            var ran = 0
            for entry in builder.catalog.chapters {
                let status = try builder.status(of: entry)  // again: an earlier chapter's run may have changed its inputs
                if status == .proseChanged && !force {
                    builder.log("== \(entry.slug): prose changed; rewoven from its last run")
                    try builder.takeProseEdit(entry)
                } else if force || status.runsProgram {
                    builder.log(try plan(entry, status: status, builder: builder))
                    try builder.run(entry)
                    ran += 1
                }
            }
            try builder.weave()
            try builder.removeRemovedChapters()
            builder.log("== site written to \(builder.site)/index.html (\(ran) of \(builder.catalog.chapters.count) chapters run, \(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
            try builder.reportChanges(command: "build")
            let failed = try builder.failedClaims()
            for claim in failed { builder.log(claim.line(severity: strict ? "error" : "warning")) }
            if strict && !failed.isEmpty {
                builder.log("== --strict: \(failed.count) \(failed.count == 1 ? "claim" : "claims") did not hold (the pages show \(failed.count == 1 ? "it" : "them") struck through)")
                throw ExitCode.failure
            }
        }
    }
}

extension SiteBuilder.Status {
    /// Whether the chapter's program must run (rather than a reweave, or nothing).
    var runsProgram: Bool {
        switch self {
        case .neverRun, .stale: return true
        case .upToDate, .proseChanged, .pageIncomplete: return false
        }
    }
}

/// One chapter's line of a build plan: what happens and why, down to the input, and for a program
/// that runs, which models it restores and which it trains.
func plan(_ entry: Catalog.Entry, status: SiteBuilder.Status, builder: SiteBuilder) throws -> String {
    switch status {
    case .upToDate: return "== \(entry.slug): up to date"
    case .neverRun: return "== \(entry.slug): run (never run): trains or restores every model"
    case .proseChanged: return "== \(entry.slug): reweave only: its prose changed (nothing compiled or run)"
    case let .pageIncomplete(files): return "== \(entry.slug): reweave only: the page folder lacks or altered \(files.joined(separator: ", "))"
    case let .stale(reasons):
        let plan = try builder.plan(of: entry)
        let retrained = plan.trainings.filter(\.recomputes)
        var lines = ["== \(entry.slug): " + (retrained.isEmpty ? "redraw from checkpoints" : "retrain \(retrained.map(\.name).joined(separator: ", "))")
            + ": " + summarize(reasons)]
        for (results, verb) in [(plan.trainings, "retrain"), (plan.evaluations, "compute")] {
            for result in results {
                lines.append("     \(result.recomputes ? verb : "restore") \(result.name)"
                             + (result.reasons.isEmpty ? ": its inputs are unchanged" : ": " + summarize(result.reasons)))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// At most four reasons, then how many more.
func summarize(_ reasons: [String]) -> String {
    reasons.count <= 4 ? reasons.joined(separator: ", ") : reasons.prefix(4).joined(separator: ", ") + " and \(reasons.count - 4) more"
}

/// What happens to a chapter the catalog no longer lists (`SiteBuilder.removedChapters`).
let removedNote = "removed from the catalog: its published pages and its run"

func describe(_ status: SiteBuilder.Status) -> String {
    switch status {
    case .neverRun: return "never run"
    case .upToDate: return "up to date"
    case .proseChanged: return "prose changed (rewoven from its last run, nothing compiled)"
    case let .stale(reasons): return "stale: " + summarize(reasons)
    case let .pageIncomplete(files): return "stale: the page folder lacks or altered \(files.joined(separator: ", ")) (a build reweaves it)"
    }
}
