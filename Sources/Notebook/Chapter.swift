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
    public let slug: String
    public let options: ChapterOptions
    public let source: ChapterSource
    let sourcePath: String
    let root: String
    let started = Date()
    var record: RunRecord

    /// Reads the flags from the command line; `sourcePath` is the chapter's own file.
    public init(slug: String, sourcePath: String = #filePath, arguments: [String] = Array(CommandLine.arguments.dropFirst())) {
        self.slug = slug
        self.sourcePath = sourcePath
        root = SourceFingerprint.projectRoot(containing: sourcePath)
        let options: ChapterOptions
        do { options = try ChapterOptions.parse(arguments, slug: slug) } catch { Chapter.exit(with: error) }
        self.options = options
        guard let text = try? String(contentsOfFile: sourcePath, encoding: .utf8) else {
            Chapter.exit(with: NotebookError.missingFile(path: sourcePath))
        }
        source = ChapterSource(text: text)
        // A bad `@include` is found before any training, not after it in `finish()`.
        let relativePath = sourcePath.hasPrefix(root + "/") ? String(sourcePath.dropFirst(root.count + 1)) : sourcePath
        do { try source.checkShownFiles(root: root, file: relativePath) } catch { Chapter.exit(with: error) }
        ComputeThreads.set(options.threads)
        // A chapter evaluates unless a model is training: only `trainOrRestore`'s closure records
        // gradients, so figures, test losses and sampling build no graph and keep no memory.
        GradientRecording.pause()
        record = RunRecord(
            chapter: slug, seed: options.seed, threads: options.threads,
            dataset: .init(name: options.dataset.name, title: options.dataset.title, sha256: ""),
            sourceSHA256: SHA256.hexDigest(of: text)
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

    public var dataset: Dataset { options.dataset }

    /// The training split, loaded on first use.
    public lazy var train: LabelledImages = load(.train)
    /// The test split, loaded on first use.
    public lazy var test: LabelledImages = load(.test)

    private func load(_ split: Split) -> LabelledImages {
        do { return try dataset.load(split, from: dataDirectory) } catch { fail(error) }
    }

    var dataDirectory: String {
        let folder = options.dataDirectory ?? dataset.defaultDirectory
        return folder.hasPrefix("/") ? folder : (root as NSString).appendingPathComponent(folder)
    }

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

    /// `standard` epochs, unless `--epochs` overrides it.
    public func epochs(_ standard: Int) -> Int { options.epochs ?? standard }

    // MARK: Outputs for the page

    /// Draws `make()` to `<name>.png`/`.svg` (and a dark variant) and shows it after this code.
    public func figure(_ name: String, caption: String, line: Int = #line, _ make: () throws -> any Figure) {
        do {
            let figure = try make()
            let base = (options.output as NSString).appendingPathComponent(name)
            let size = try figure.write(to: base)
            try figure.write(to: base + "-dark", style: .dark)
            record.figures.append(.init(name: name, caption: caption, line: line, png: "\(name).png", svg: "\(name).svg",
                                        width: size.width, height: size.height))
        } catch { fail(error) }
    }

    /// A table shown after this code. Cells are text or metrics (shown as the metric's display, so
    /// a table and the prose that cites the same metric always agree).
    public func table(_ title: String, columns: [String], rows: [[any TableCell]], line: Int = #line) {
        record.tables.append(.init(title: title, columns: columns, rows: rows.map { $0.map(\.tableText) }, line: line))
    }

    /// A named number for the page and the run record, citable in prose
    /// as `{{metric.name}}`; `format` is a printf format for its display. Returns the recorded
    /// metric, whose `display` a table or a computed sentence can use as it is. The page shows it
    /// under the code as "name = value" only when `shown` (a number the prose does not cite and no
    /// table holds), so a reader meets each number once.
    @discardableResult
    public func metric(_ name: String, _ value: Double, format: String = "%.2f", shown: Bool = false, line: Int = #line) -> RunRecord.Metric {
        let metric = RunRecord.Metric(name: name, value: value, display: Chapter.display(value, format: format), line: line, shown: shown ? true : nil)
        record.metrics.removeAll { $0.name == name }
        record.metrics.append(metric)
        return metric
    }

    /// `value` formatted with `format`; whole numbers of five digits or more get thousands separators.
    static func display(_ value: Double, format: String) -> String {
        let text = formatted(value, format)
        guard format == "%.0f", abs(value) >= 10_000 else { return text }
        var digits = Array(text.drop { $0 == "-" })
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return (value < 0 ? "−" : "") + String(digits)
    }

    /// A sentence computed from the run's numbers (a verdict, a comparison), citable in prose as
    /// `{{text.name}}`, so the text can never disagree with the numbers.
    public func text(_ name: String, _ value: String) {
        record.texts[name] = value
    }

    /// A line of text shown after this code (e.g. what a step found).
    public func note(_ text: String, line: Int = #line) {
        record.notes.append(.init(text: text, line: line))
    }

    /// Lets `write` put files of its own (data a reader can download) into this run's folder; they
    /// are published beside the page. A failure stops the chapter with the error.
    public func export(_ write: (_ folder: String) throws -> Void) {
        do { try write(options.output) } catch { fail(error) }
    }

    /// The results of an earlier chapter of this build, to compare with. A chapter that has not run
    /// yet stops this one with an error saying which to run first.
    public func results(of otherSlug: String) -> ChapterResults {
        let path = ((options.output as NSString).deletingLastPathComponent as NSString).appendingPathComponent("\(otherSlug)/run.json")
        guard FileManager.default.fileExists(atPath: path) else {
            fail(NotebookError.missingRunRecord(chapter: otherSlug, wantedBy: slug))
        }
        do { return ChapterResults(record: try RunRecord.read(from: path)) } catch { fail(error) }
    }

    /// Writes `run.json`. Call it last.
    public func finish() {
        record.wallSeconds = Date().timeIntervalSince(started)
        record.peakMemoryMB = peakResidentMegabytes()
        record.dataset.sha256 = dataFingerprint
        record.versions = ["swift": SourceFingerprint.toolchainVersion(), "run record": "1"]
        do {
            // Keep the exact sources this run executed, so its page shows them even if the files change later.
            try writeAtomically(Data(source.text.utf8), to: (options.output as NSString).appendingPathComponent(RunSources.chapterFile))
            for path in source.cells.flatMap(\.shownFiles) {
                let text = try String(contentsOfFile: (root as NSString).appendingPathComponent(path), encoding: .utf8)
                try writeAtomically(Data(text.utf8), to: RunSources.includedPath(path, in: options.output))
            }
            try record.write(to: (options.output as NSString).appendingPathComponent("run.json"))
        } catch { fail(error) }
        FileHandle.standardError.write(Data("[\(slug)] done in \(String(format: "%.1f", record.wallSeconds)) s\n".utf8))
    }
}

/// The process's peak resident set size so far, in megabytes (a chapter's run record, the bench).
public func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024  // Linux reports kilobytes
}
