import ArgumentParser
import RunFormat
import Weaver

/// `latent list`: each chapter and whether its page is current.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the chapters with their status: up to date, prose changed, stale (and what changed), or never run."
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
