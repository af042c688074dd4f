import ArgumentParser
import ChangeReport
import Datasets
import Foundation

/// `latent changes [slug] [--json]`: the last build's change report again.
struct ChangesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Print what the last build, `chapter` or `figures` changed: models retrained or restored and why, metrics, table cells, figures' pixels, claims, paragraphs.",
        discussion: """
        Every command that builds ends with this report and writes it to <site>/.changes/report.json; \
        <site>/changes.html shows it with each changed figure before and after and a difference image. \
        Only the pictures the last report shows are kept.
        """
    )

    @Argument(help: "Only this chapter's changes (its slug, see `latent list`).")
    var slug: String?

    @Flag(help: "Print the report as JSON, for tools.")
    var json = false

    @Option(help: "Dataset whose site to read: mnist (output/) or fashion-mnist (output/fashion-mnist/).")
    var dataset = "mnist"

    @Option(help: "Folder the site is written to.")
    var output = "output"

    func run() throws {
        try reportingErrors {
            let description = try Dataset.named(dataset)
            let site = description == .mnist ? output : (output as NSString).appendingPathComponent(description.name)
            let store = ChangeStore(site: site)
            guard let full = try store.load() else {
                throw ValidationError("no change report in \(site)/.changes: build first (`latent build`)")
            }
            if let slug, !full.chapters.contains(where: { $0.slug == slug }) {
                guard FileManager.default.fileExists(atPath: "\(site)/.runs/\(slug)") else {
                    throw ValidationError("no chapter '\(slug)' in \(site) (see `latent list`)")
                }
            }
            let report = full.only(slug)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } else {
                print(report.text(page: report.isEmpty ? nil : store.pagePath))
            }
        }
    }
}
