import Integrity
import Datasets
import Figures
import Foundation
import Learning

/// What a chapter program talks to: its options, data and random generators, and the outputs it
/// records for its page (figures, tables, metrics, notes), each tagged with the source line that
/// produced it so the weaver can show it right after that code.
///
/// Calls do not throw: a failure prints one line naming the problem and ends the program with a
/// non-zero status, so the chapter reads like an article, not like error handling.
public final class Chapter {
    /// The chapter's short name (`vae`): its folder in the site, its URL, and how later chapters ask for its results.
    public let slug: String
    /// The flags `latent` passed (seed, threads, dataset, folders, epochs): everything a run may differ by.
    public let options: ChapterOptions
    /// The chapter's source as it was compiled (from `sources`).
    public let source: ChapterSource
    /// The chapter's `main.swift`, relative to the project root.
    let sourceFile: String
    let root: String
    /// The sources this program was compiled from: what every key and the page's code come from.
    let sources: SourceSnapshot
    let started = Date()
    var record: RunRecord
    /// Reads the snapshot's sources for training keys (each file once per run).
    lazy var analysis = DependencyAnalysis(snapshot: sources)

    /// Reads the flags from the command line; `sourcePath` is the chapter's own file. Started by
    /// `latent`, the program gets the snapshot of the sources it was compiled from (`--sources`);
    /// run by hand, it snapshots them now.
    public init(slug: String, sourcePath: String = #filePath, arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        // The same numbers on every x86-64 machine: one OpenBLAS kernel family (may restart the program).
        BLAS.pinKernelFamily()
        self.slug = slug
        let options: ChapterOptions
        do { options = try ChapterOptions.parse(arguments, slug: slug) } catch { Chapter.exit(with: error) }
        self.options = options
        let root = options.sources != nil ? FileManager.default.currentDirectoryPath : SourceFingerprint.projectRoot(containing: sourcePath)
        self.root = root
        let sourceFile = options.sourceFile ?? SourceFingerprint.relativePath(sourcePath, to: root)
        self.sourceFile = sourceFile
        do {
            sources = try options.sources.map(SourceSnapshot.read) ?? SourceSnapshot.take(root: root, folders: [(sourceFile as NSString).deletingLastPathComponent])
        } catch { Chapter.exit(with: error) }
        guard let compiledText = sources.texts[sourceFile] else { Chapter.exit(with: NotebookError.missingFile(path: sourceFile)) }
        source = ChapterSource(text: compiledText)
        // A bad `@include` is found before any training, not after it in `finish()`.
        do { try source.checkShownFiles(root: root, file: sourceFile) } catch { Chapter.exit(with: error) }
        ComputeThreads.set(options.threads)
        // A chapter evaluates unless a model is training: only `trainOrRestore`'s closure records
        // gradients, so figures, test losses and sampling build no graph and keep no memory.
        GradientRecording.pause()
        record = RunRecord(
            chapter: slug, seed: options.seed, threads: options.threads,
            dataset: .init(name: options.dataset.name, title: options.dataset.title, sha256: ""),
            sourceSHA256: SHA256.hexDigest(of: compiledText)
        )
        record.figuresOnly = options.figuresOnly
        do {
            try? FileManager.default.removeItem(atPath: options.output)
            try FileManager.default.createDirectory(atPath: options.output, withIntermediateDirectories: true)
        } catch { fail(NotebookError.cannotWrite(path: options.output, reason: error.localizedDescription)) }
    }

    /// Prints `error` as one line on standard error and ends the program with status 1.
    public func fail(_ error: Error) -> Never { Chapter.exit(with: error) }

    static func exit(with error: Error) -> Never {
        // An author mistake already reads "file:line: error: …", as a compiler's does.
        FileHandle.standardError.write(Data((error is AuthorMistake ? "\(error)\n" : "error: \(error)\n").utf8))
        if case NotebookError.usage = error { Foundation.exit(64) }  // EX_USAGE: the flags were wrong
        Foundation.exit(1)
    }

    // MARK: Data and randomness

    /// The dataset the chapter runs on (`--dataset`: MNIST unless told otherwise), with its class names and image side.
    public var dataset: Dataset { options.dataset }

    /// The training split, loaded on first use.
    public lazy var train: LabelledImages = load(.train)
    /// The test split, loaded on first use.
    public lazy var test: LabelledImages = load(.test)

    private func load(_ split: Split) -> LabelledImages {
        do { return try dataset.load(split, from: dataDirectory) } catch { fail(error) }
    }

    var dataDirectory: String { options.dataFolder(root: root) }

    /// SHA-256 of the dataset's files, computed once.
    public lazy var dataFingerprint: String = {
        do { return try dataset.fingerprint(in: dataDirectory) } catch { fail(error) }
    }()

    /// A generator for one purpose, seeded from the run's seed and `purpose`. Each use gets its own
    /// stream, so drawing noise for a figure gives the same numbers whether or not the model was
    /// trained in this run.
    public func random(_ purpose: String) -> SeededGenerator {
        let digest = SHA256.hexDigest(of: "\(options.seed)/\(purpose)")
        // Checked with guard, not `!`: release builds are -Ounchecked, where a failed `!` is undefined.
        guard let seed = UInt64(digest.prefix(16), radix: 16) else { fatalError("SHA-256 gave '\(digest)', not 64 hex digits") }
        return SeededGenerator(seed: seed)
    }

    /// The text of a project file (an included source, a page script) as this program was
    /// compiled with it: from the source snapshot, or from the file when the snapshot lacks it.
    func projectText(_ path: String) throws -> String {
        if let compiled = sources.texts[path] { return compiled }
        guard let onDisk = try? String(contentsOfFile: (root as NSString).appendingPathComponent(path), encoding: .utf8) else {
            throw NotebookError.missingFile(path: path)
        }
        return onDisk
    }

    /// `standard` epochs, unless `--epochs` overrides it.
    public func epochs(_ standard: Int) -> Int {
        epochsAsked = standard
        return options.epochs ?? standard
    }

    /// The count the last `epochs(_:)` call wrote, until a training takes it (`trainOrRestore`'s
    /// arguments are evaluated just before it runs): the run record keeps it, so a dry run can
    /// tell what `--epochs` changes.
    var epochsAsked: Int?
}

/// The process's peak resident set size so far, in megabytes (a chapter's run record, the bench).
public func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
}
