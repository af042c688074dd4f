import Foundation
import Datasets

/// The flags every chapter executable understands (set by `latent`, or by hand when a chapter is
/// run on its own).
public struct ChapterOptions: Equatable, Sendable {
    /// Where figures and `run.json` go.
    public var output: String
    public var seed: UInt64 = 1
    public var threads: Int = 2
    public var dataset: Dataset = .mnist
    /// Folder of the dataset's IDX files; nil means the dataset's default folder.
    public var dataDirectory: String?

    /// The folder the dataset's files are read from: `--data-directory`, else where `make data`
    /// puts them, relative to the project `root` unless absolute. The chapter loads and
    /// fingerprints the data there, and the builder predicts its keys from the same folder.
    public func dataFolder(root: String) -> String {
        let folder = dataDirectory ?? dataset.defaultDirectory
        return folder.hasPrefix("/") ? folder : (root as NSString).appendingPathComponent(folder)
    }
    /// Overrides every training's epoch count (quick runs, tests).
    public var epochs: Int?
    /// Never train: load checkpoints or fail.
    public var figuresOnly = false
    /// Train even when a matching checkpoint exists.
    public var retrain = false
    /// Where checkpoints are kept across runs.
    public var checkpoints: String
    /// The source snapshot the program was compiled from (`SourceSnapshot`, written by `latent`);
    /// nil when a chapter is run by hand, which snapshots the sources when it starts.
    public var sources: String?
    /// The chapter's `main.swift`, relative to the project root (nil: found from the program).
    public var sourceFile: String?
    /// The compiler's version line, part of every key. `latent` asks `swift --version` once per
    /// build and passes it here; nil when a chapter is run by hand, which then asks itself.
    public var toolchain: String?

    /// The toolchain every key of this run names: `--toolchain`, else `swift --version`'s first line.
    public var resolvedToolchain: String { toolchain ?? SourceFingerprint.toolchainVersion() }

    public init(output: String, checkpoints: String) {
        self.output = output
        self.checkpoints = checkpoints
    }

    public static let usage = """
        usage: <chapter> [--output DIR] [--checkpoints DIR] [--seed N] [--threads T] [--dataset mnist|fashion-mnist]
                         [--data-directory DIR] [--epochs N] [--figures-only] [--retrain]
                         [--sources SNAPSHOT.json] [--source-file PATH] [--toolchain VERSION-LINE]
        """

    /// Parses `arguments` (without the program name); `slug` names the default folders.
    public static func parse(_ arguments: [String], slug: String) throws -> ChapterOptions {
        let layout = SiteLayout(site: "output")
        var options = ChapterOptions(output: layout.run(slug), checkpoints: layout.checkpoints)
        var remaining = arguments[...]
        func value(for flag: String) throws -> String {
            guard let value = remaining.popFirst() else { throw NotebookError.usage("\(flag) needs a value\n\(usage)") }
            return value
        }
        func number<T: FixedWidthInteger>(_ flag: String, minimum: T) throws -> T {
            let text = try value(for: flag)
            guard let parsed = T(text), parsed >= minimum else { throw NotebookError.usage("\(flag) needs a whole number ≥ \(minimum), got '\(text)'") }
            return parsed
        }
        while let flag = remaining.popFirst() {
            switch flag {
            case "--output": options.output = try value(for: flag)
            case "--checkpoints": options.checkpoints = try value(for: flag)
            case "--seed": options.seed = try number(flag, minimum: 0)
            case "--threads": options.threads = try number(flag, minimum: 1)
            case "--dataset":
                do { options.dataset = try Dataset.named(try value(for: flag)) } catch { throw NotebookError.usage("\(error)") }
            case "--data-directory": options.dataDirectory = try value(for: flag)
            case "--epochs": options.epochs = try number(flag, minimum: 1)
            case "--figures-only": options.figuresOnly = true
            case "--retrain": options.retrain = true
            case "--sources": options.sources = try value(for: flag)
            case "--source-file": options.sourceFile = try value(for: flag)
            case "--toolchain": options.toolchain = try value(for: flag)
            default: throw NotebookError.usage("unknown option '\(flag)'\n\(usage)")
            }
        }
        if options.figuresOnly && options.retrain { throw NotebookError.usage("--figures-only and --retrain contradict each other") }
        return options
    }

    /// The same options as command-line arguments (how `latent` starts a chapter).
    public var arguments: [String] {
        var result = ["--output", output, "--checkpoints", checkpoints, "--seed", "\(seed)", "--threads", "\(threads)", "--dataset", dataset.name]
        if let dataDirectory { result += ["--data-directory", dataDirectory] }
        if let epochs { result += ["--epochs", "\(epochs)"] }
        if figuresOnly { result.append("--figures-only") }
        if retrain { result.append("--retrain") }
        if let sources { result += ["--sources", sources] }
        if let sourceFile { result += ["--source-file", sourceFile] }
        if let toolchain { result += ["--toolchain", toolchain] }
        return result
    }
}
