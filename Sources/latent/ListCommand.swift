import ArgumentParser
import RunFormat
import Weaver

/// `latent list`: each chapter and whether its page is current.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the chapters with their status: up to date, prose changed, stale (and what changed), or never run; and chapters removed from the catalog whose pages the next build deletes."
    )

    @OptionGroup var site: SiteOptions

    func run() throws {
        try reportingErrors {
            let builder = try site.makeBuilder()
            let removed = builder.removedChapters
            let width = (builder.catalog.chapters.map(\.slug) + removed).map(\.count).max() ?? 0
            for entry in builder.catalog.chapters {
                print("\(entry.slug.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(describe(try builder.status(of: entry)))")
            }
            for slug in removed {
                print("\(slug.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(removedNote) are deleted by the next `latent build`")
            }
        }
    }
}
