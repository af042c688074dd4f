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
