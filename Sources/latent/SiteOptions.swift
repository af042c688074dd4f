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

    /// Compiles the chapter programs (incrementally) unless told not to or nothing changed since they
    /// were last compiled (`programsMatchSnapshot`). The builder's source
    /// snapshot was taken before compiling; it is taken again afterwards and, if a file was saved
    /// meanwhile, the programs are compiled again, until the compiled sources and the snapshot
    /// agree (so no key or page can label code that did not run).
    ///
    /// When compiling changed `latent` itself (the weaver: a stylesheet, a page template), the
    /// command restarts as the new `latent` with the same snapshot, so this build's pages are woven
    /// by the code that was just compiled, not by the one that was running.
    func compileIfNeeded(_ builder: SiteBuilder) throws {
        guard !noCompile, !builder.programsMatchSnapshot else { return }
        let latent = (defaultExecutables() as NSString).appendingPathComponent("latent")
        let before = FileManager.default.contents(atPath: latent).map { SHA256.hexDigest(of: $0) }
        try compileUntilSourcesAgree(builder)
        try builder.recordLatentCompiled()
        try builder.recordProgramsCompiled()
        guard let after = FileManager.default.contents(atPath: latent).map({ SHA256.hexDigest(of: $0) }), after != before else { return }
        let snapshotPath = try builder.snapshot.write(into: (builder.site as NSString).appendingPathComponent(".snapshots"))
        FileHandle.standardError.write(Data("== latent itself changed; continuing with the new build of it\n".utf8))
        var arguments = Array(CommandLine.arguments.dropFirst()).filter { $0 != "--no-compile" }
        if let index = arguments.firstIndex(of: "--snapshot") { arguments.removeSubrange(index...min(index + 1, arguments.count - 1)) }
        arguments += ["--no-compile", "--snapshot", snapshotPath]
        SiteOptions.lock = nil  // the new process takes the lock again
        let argv = ([latent] + arguments).map { strdup($0) } + [nil]
        execv(latent, argv)
        throw NotebookError.buildFailed("\(latent): could not restart as the new build of latent (\(String(cString: strerror(errno))))")
    }

    private func compileUntilSourcesAgree(_ builder: SiteBuilder) throws {
        for _ in 0..<5 {
            FileHandle.standardError.write(Data("== compiling chapters (swift build -c release)\n".utf8))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["swift", "build", "-c", "release"]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw NotebookError.buildFailed("swift build -c release failed; see its output above") }
            let after = try SourceSnapshot.take(root: builder.root, folders: Array(Set(builder.catalog.chapters.map(\.directory))))
            if after == builder.snapshot { return }
            FileHandle.standardError.write(Data("== sources changed while compiling; compiling again\n".utf8))
            builder.snapshot = after
        }
        throw NotebookError.buildFailed("the sources kept changing while compiling; run the build again when they are saved")
    }

    private func absolute(_ path: String, root: String) -> String {
        path.hasPrefix("/") ? path : (root as NSString).appendingPathComponent(path)
    }

    private func defaultExecutables() -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().path
    }
}

/// Takes the lock of the site folder `output` for `command`, saying on standard error whom it
/// waits for; with `noWait`, a held lock is one line and exit status 75 (EX_TEMPFAIL).
func lockSite(_ output: String, for command: String, noWait: Bool) throws -> SiteLock {
    do {
        return try SiteLock(output: output, command: command, wait: !noWait) { FileHandle.standardError.write(Data("== \($0)\n".utf8)) }
    } catch let busy as SiteLock.Busy {
        FileHandle.standardError.write(Data("error: \(busy)\n".utf8))
        throw ExitCode(SiteLock.busyExitCode)
    }
}

/// Runs `body`, turning any failure into one clear message and a failing exit status. Nothing
/// in the published site changes before every page is written, so every failure leaves it as it was.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let error as NotebookError {
        if case .unknownChapter = error { throw ValidationError("\(error)") }
        report(error)
    } catch let error as ExitCode {
        throw error
    } catch {
        report(error)
    }
}

private func report(_ error: Error) -> Never {
    // A failed chapter's message already says the site is untouched; every other one gets it added.
    let alreadySaid: Bool
    if case NotebookError.chapterFailed = error { alreadySaid = true } else { alreadySaid = false }
    let note = alreadySaid ? "" : " (the previous site is untouched)"
    FileHandle.standardError.write(Data("error: \(error)\(note)\n".utf8))
    Latent.exit(withError: ExitCode.failure)
}
