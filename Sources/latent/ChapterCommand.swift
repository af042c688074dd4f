import ArgumentParser
import RunFormat
import Weaver

/// `latent chapter <slug>`: rerun one chapter and reweave.
struct ChapterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chapter",
        abstract: "Rerun one chapter (reusing its checkpoints unless --retrain) and reweave its page and the index."
    )

    @Argument(help: "The chapter's slug (see `latent list`).")
    var slug: String

    @Flag(help: "Train again even if a matching checkpoint exists.")
    var retrain = false

    @OptionGroup var site: SiteOptions

    func run() throws {
        try site.rerun(slug, retrain: retrain)
    }
}

/// `latent figures <slug>`: redraw one chapter's figures from its checkpoints.
struct FiguresCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Redraw one chapter's figures from its checkpoints without training, and reweave.",
        discussion: "Fails with a message naming the command that trains the chapter if a checkpoint is missing or out of date."
    )

    @Argument(help: "The chapter's slug (see `latent list`).")
    var slug: String

    @OptionGroup var site: SiteOptions

    func run() throws {
        try site.rerun(slug, figuresOnly: true)
    }
}

/// `latent list`: each chapter and whether its page is current.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the chapters with their status: up to date, stale (and what changed), or never run."
    )

    @OptionGroup var site: SiteOptions

    func run() throws {
        try reportingErrors {
            let builder = try site.makeBuilder()
            let width = builder.catalog.chapters.map(\.slug.count).max() ?? 0
            for entry in builder.catalog.chapters {
                print("\(entry.slug.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(describe(try builder.status(of: entry)))")
            }
        }
    }
}
