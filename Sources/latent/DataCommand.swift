import ArgumentParser
import Datasets

/// `latent data`: loads both splits of a dataset, validates them and prints what they hold.
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Check a dataset's IDX files and print their counts and label histogram."
    )

    @Option(help: "Which dataset to check: \(Dataset.all.map(\.name).joined(separator: " or ")).")
    var dataset = "mnist"

    @Option(help: "Folder holding the IDX files (default: where `make data` puts them).")
    var dataDirectory: String?

    func run() throws {
        let description = try Dataset.named(dataset)
        for split in Split.allCases {
            let images = try description.load(split, from: dataDirectory)
            let histogram = images.labelHistogram().map(String.init).joined(separator: " ")
            print("\(description.title) \(split.rawValue): \(images.count) images, labels \(histogram)")
        }
    }
}
