import ArgumentParser
import Foundation
import RunFormat
import Weaver

/// `latent clean`: remove the generated site, runs and checkpoints.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove everything generated under the output folder (pages, figures, runs, checkpoints); keeps output/README.md.",
        discussion: "With --checkpoints, remove only the kept checkpoints (every model trains again on the next build)."
    )

    @Option(help: "The output folder.")
    var output = "output"

    @Flag(help: "Remove only the checkpoint store (of every dataset's site under the output folder).")
    var checkpoints = false

    @Flag(help: "If another command is writing the site, exit with status 75 instead of waiting for it.")
    var noWait = false

    func run() throws {
        let lock = try lockSite(output, for: "clean", noWait: noWait)
        defer { withExtendedLifetime(lock) {} }
        let manager = FileManager.default
        if checkpoints {
            let sites = [output] + ((try? manager.contentsOfDirectory(atPath: output)) ?? []).map { (output as NSString).appendingPathComponent($0) }
            for site in sites {
                try CheckpointStore(folder: SiteLayout(site: site).checkpoints).removeAll()
            }
            print("removed the kept checkpoints in \(output)/")
            return
        }
        for name in (try? manager.contentsOfDirectory(atPath: output)) ?? [] where name != "README.md" && name != SiteLock.fileName {
            try manager.removeItem(atPath: (output as NSString).appendingPathComponent(name))
        }
        print("removed the generated files in \(output)/")
    }
}
