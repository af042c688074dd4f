import ArgumentParser
import Datasets
import Foundation
import Integrity
import RunFormat
import Weaver

/// Options shared by the verbs that run chapters or weave the site.
struct SiteOptions: ParsableArguments {
    @Option(help: "Seed for every random draw (weights, batches, noise); same seed and threads give the same numbers.")
    var seed: UInt64 = 1

    @Option(help: "Threads for the matrix products.")
    var threads = 2

    @Option(help: "Dataset to run the chapters on: mnist (site in output/) or fashion-mnist (site in output/fashion-mnist/).")
    var dataset = "mnist"

    @Option(help: "Train every model for this many epochs instead of the chapters' own counts (for quick trials).")
    var epochs: Int?

    @Option(help: "Folder holding the dataset's IDX files (default: where `make data` puts them).")
    var dataDirectory: String?

    @Option(help: "Folder the site is written to.")
    var output = "output"

    @Option(help: "The chapter catalog.")
    var catalog = "chapters/catalog.json"

    @Option(help: "Folder holding the compiled chapter programs (default: beside this latent executable).")
    var executables: String?

    @Flag(help: "Do not run `swift build -c release` first (the chapter programs are already built).")
    var noCompile = false

    @Flag(help: "If another command is writing the site, exit with status 75 instead of waiting for it.")
    var noWait = false

    /// The source snapshot to build from, handed over when `latent` restarts itself after
    /// compiling a new `latent` (see `compileIfNeeded`).
    @Option(help: .hidden)
    var snapshot: String?

    func validate() throws {
        guard threads > 0 else { throw ValidationError("--threads must be at least 1") }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        _ = try Dataset.named(dataset)
    }

    /// A builder for the project in the current folder. A command that writes the site passes
    /// `writing` (its name): it takes the site's lock first, waiting for another writer (or, with
    /// `--no-wait`, exiting 75), and holds it until it exits.
    func makeBuilder(writing command: String? = nil) throws -> SiteBuilder {
        SiteBuilder.stopChapterOnInterrupt()
        let root = FileManager.default.currentDirectoryPath
        if let command {
            SiteOptions.lock = try lockSite(absolute(output, root: root), for: command, noWait: noWait)
        }
        let description = try Dataset.named(dataset)
        var options = ChapterOptions(output: "", checkpoints: "")
        options.seed = seed
        options.threads = threads
        options.dataset = description
        options.epochs = epochs
        options.dataDirectory = dataDirectory
        let site = description == .mnist ? output : (output as NSString).appendingPathComponent(description.name)
        let builder = try SiteBuilder(
            root: root, site: absolute(site, root: root), catalog: try Catalog.read(from: absolute(catalog, root: root)),
            executables: executables.map { absolute($0, root: root) } ?? defaultExecutables(), options: options
        )
        if let snapshot { builder.snapshot = try SourceSnapshot.read(from: absolute(snapshot, root: root)) }
        if command != nil { builder.recover() }
        return builder
    }

    /// The lock a writing command holds until it exits.
    nonisolated(unsafe) static var lock: SiteLock?

    /// Runs one chapter (checked against the catalog first) and reweaves the site.
    func rerun(_ slug: String, figuresOnly: Bool = false, retrain: Bool = false) throws {
        try reportingErrors {
            let builder = try makeBuilder(writing: figuresOnly ? "figures \(slug)" : "chapter \(slug)")
            let entry = try builder.catalog.entry(slug)
            if !figuresOnly && !retrain, try builder.status(of: entry) == .proseChanged {
                builder.log("== \(slug): prose changed; rewoven from its last run")
                try builder.takeProseEdit(entry)
            } else {
                try compileIfNeeded(builder)
                try builder.run(entry, figuresOnly: figuresOnly, retrain: retrain)
            }
            try builder.weave()
            try builder.reportChanges(command: figuresOnly ? "figures \(slug)" : "chapter \(slug)")
        }
    }

    func absolute(_ path: String, root: String) -> String {
        path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
    }

    /// Where the compiled programs are: beside this `latent`.
    func defaultExecutables() -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    }
}
