import ArgumentParser
import RunFormat
import Weaver

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
