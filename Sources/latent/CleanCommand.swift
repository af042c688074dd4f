import ArgumentParser
import Foundation

/// `latent clean`: remove the generated site, runs and checkpoints.
struct CleanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clean",
        abstract: "Remove everything generated under the output folder (pages, figures, runs, checkpoints); keeps output/README.md."
    )

    @Option(help: "The output folder.")
    var output = "output"

    func run() throws {
        let manager = FileManager.default
        for name in (try? manager.contentsOfDirectory(atPath: output)) ?? [] where name != "README.md" {
            try manager.removeItem(atPath: (output as NSString).appendingPathComponent(name))
        }
        print("removed the generated files in \(output)/")
    }
}
