import ChangeReport
import RunFormat
import Integrity
import Datasets
import Foundation

/// Runs chapters and weaves the site, keeping the last good site until a new one is complete.
///
/// Layout under the site folder (`output/`, or `output/<dataset>/` for other datasets):
/// `.runs/<slug>/` holds each chapter's last successful run (figures, `run.json`, `inputs.json`);
/// `.checkpoints/` the trained weights; `<slug>/` and `index.html` the published site. A run writes
/// to `.runs/<slug>.partial` and replaces `.runs/<slug>` only if the chapter exits cleanly; the site
/// is woven into `.staging/` and moved into place only after every page is written.
public final class SiteBuilder {
    public let root: String
    public let site: String
    public let catalog: Catalog
    public let executables: String
    public var options: ChapterOptions
    /// What this build changed, collected as chapters run and pages are woven (`reportChanges`).
    public lazy var changes = ChangeRecorder(site: site)
    /// Where progress and chapter output go (standard error by default).
    public var log: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    public init(root: String, site: String, catalog: Catalog, executables: String, options: ChapterOptions) throws {
        self.root = root
        self.site = site
        self.catalog = catalog
        self.executables = executables
        self.options = options
        self.options.checkpoints = (site as NSString).appendingPathComponent(".checkpoints")
        snapshot = try SourceSnapshot.take(root: root, folders: Array(Set(catalog.chapters.map(\.directory))))
    }

    /// The sources as this build compiles them, taken when the builder is made — before the
    /// chapter programs are compiled — and again after compiling until the two agree
    /// (`SiteOptions.compileIfNeeded`). Every key and every page's code come from it, never from
    /// the files as they are when a program runs, so a source edited during a build makes the
    /// next build run that chapter again.
    public var snapshot: SourceSnapshot {
        didSet { analysisCache = nil }
    }
    private var analysisCache: DependencyAnalysis?
    var analysis: DependencyAnalysis {
        if let analysisCache { return analysisCache }
        let analysis = DependencyAnalysis(snapshot: snapshot)
        analysisCache = analysis
        return analysis
    }

    /// Whether `latent`'s own sources (the weaver, the run format, the command line) changed since
    /// it was compiled: a stylesheet or template edit then compiles (and restarts) `latent`, though
    /// no chapter needs to run. Known exactly after a build that compiled (it records the key of
    /// what it compiled); before that (after `make site`, which compiles first), as `make` decides,
    /// by whether a source is newer than the `latent` beside the chapter programs. A project
    /// without `latent`'s sources (a test's) never needs it.
    public var latentSourcesChanged: Bool {
        let sources = analysis.programDependencies(chapterFolder: "Sources/latent")
        guard sources.keys.contains(where: { $0.hasPrefix("Sources/latent/") }) else { return false }
        if let compiled = try? String(contentsOfFile: latentBuildRecord, encoding: .utf8) {
            return compiled != DependencyAnalysis.key(of: sources)
        }
        let manager = FileManager.default
        let latent = (executables as NSString).appendingPathComponent("latent")
        guard let built = (try? manager.attributesOfItem(atPath: latent))?[.modificationDate] as? Date else { return false }
        return sources.keys.filter { $0.hasPrefix("Sources/") || $0 == "Package.swift" }.contains { path in
            let modified = (try? manager.attributesOfItem(atPath: (root as NSString).appendingPathComponent(path)))?[.modificationDate] as? Date
            return (modified ?? .distantPast) > built
        }
    }

    /// Where the key of the sources `latent` was last compiled from is kept: a comment-only edit
    /// compiles to the same binary, which `swift build` does not relink, so its date cannot say.
    var latentBuildRecord: String { (site as NSString).appendingPathComponent(".snapshots/latent-compiled-from") }

    /// Notes that `latent` was compiled from this build's snapshot.
    public func recordLatentCompiled() throws {
        let key = DependencyAnalysis.key(of: analysis.programDependencies(chapterFolder: "Sources/latent"))
        try FileManager.default.createDirectory(atPath: (latentBuildRecord as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try writeAtomically(Data(key.utf8), to: latentBuildRecord)
    }

    /// Where the digest of the sources the programs were last compiled from is kept (written after
    /// `swift build` and the snapshot agreed).
    var programsBuildRecord: String { (site as NSString).appendingPathComponent(".snapshots/programs-compiled-from") }

    /// What the programs are compiled from: the snapshot and the compiler.
    private var compiledFrom: String { "\(snapshot.digest) \(toolchain)" }

    /// Notes that every program was compiled from this build's snapshot.
    public func recordProgramsCompiled() throws {
        try FileManager.default.createDirectory(atPath: (programsBuildRecord as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try writeAtomically(Data(compiledFrom.utf8), to: programsBuildRecord)
    }

    /// Whether compiling would change nothing: the sources are exactly those the programs were last
    /// compiled from, and no program (nor `latent`) is missing or was replaced since. Then a
    /// command skips `swift build`, whose check alone takes seconds, as `make` skips a target that
    /// is up to date; any edit, or a program built by hand since, compiles as before.
    public var programsMatchSnapshot: Bool {
        let manager = FileManager.default
        guard let compiled = try? String(contentsOfFile: programsBuildRecord, encoding: .utf8), compiled == compiledFrom,
              let recorded = (try? manager.attributesOfItem(atPath: programsBuildRecord))?[.modificationDate] as? Date else { return false }
        return (catalog.chapters.map(\.executable) + ["latent"]).allSatisfy { name in
            let path = (executables as NSString).appendingPathComponent(name)
            guard let built = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date else { return false }
            return built <= recorded
        }
    }

    /// The checkpoint store the chapters train into.
    public var store: CheckpointStore { CheckpointStore(folder: options.checkpoints) }

    var runs: String { (site as NSString).appendingPathComponent(".runs") }
    func runFolder(_ slug: String) -> String { (runs as NSString).appendingPathComponent(slug) }

    /// Removes what an interrupted build left behind; the published site is not touched.
    public func recover() {
        let manager = FileManager.default
        for folder in [runs, site] {
            for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            where name.hasSuffix(".partial") || name.hasPrefix(".trash-") || name == ".staging" {
                try? manager.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
            }
        }
    }

    // MARK: What changed

    public enum Status: Equatable, Sendable {
        case neverRun
        case upToDate
        /// Only the prose changed: the page can be rewoven from the last run, nothing recompiled.
        case proseChanged
        case stale(reasons: [String])
        /// The run is current but the published page folder lacks or altered these files: a
        /// reweave puts them back.
        case pageIncomplete(files: [String])
    }

    /// What a run would do with one model: restore or train it, and why.
    public struct PlannedTraining: Equatable, Sendable {
        public let model: String
        public let retrains: Bool
        public let reasons: [String]
    }

    private var dataFingerprintCache: String?

    func dataFingerprint() throws -> String {
        if let dataFingerprintCache { return dataFingerprintCache }
        let folder = options.dataDirectory ?? options.dataset.defaultDirectory
        let fingerprint = try options.dataset.fingerprint(in: folder.hasPrefix("/") ? folder : (root as NSString).appendingPathComponent(folder))
        dataFingerprintCache = fingerprint
        return fingerprint
    }

    /// Everything a chapter's program depends on, by component: each file of the modules its
    /// imports reach and of its folder (`DependencyAnalysis.programDependencies`), the page scripts
    /// its live figures copy, the build settings, toolchain, data, options, and the results of the
    /// earlier chapters its last run (`lastRun`, else the one on disk) read. The weaver is not among them: a stylesheet edit runs no
    /// chapter program.
    public func inputs(of entry: Catalog.Entry, lastRun: RunRecord? = nil) throws -> [String: String] {
        var inputs = analysis.programDependencies(chapterFolder: entry.directory)
        for file in snapshot.files(under: "Sources/PageScripts") { inputs[file] = snapshot.files[file] }
        inputs["data"] = try dataFingerprint()
        inputs["options"] = "seed \(options.seed), threads \(options.threads), dataset \(options.dataset.name), epochs \(options.epochs.map(String.init) ?? "as written")"
        inputs["toolchain"] = toolchain
        let lastRun = lastRun ?? (try? RunRecord.read(from: "\(runFolder(entry.slug))/run.json"))
        for other in (lastRun?.resultsRead ?? [:]).keys {
            inputs["results of \(other)"] = (try? RunRecord.read(from: "\(runFolder(other))/run.json"))?.metricsDigest ?? "none"
        }
        return inputs
    }

    public func status(of entry: Catalog.Entry) throws -> Status {
        let run = runFolder(entry.slug)
        guard let data = FileManager.default.contents(atPath: "\(run)/inputs.json"),
              let recorded = try? JSONDecoder().decode([String: String].self, from: data),
              let record = try? RunRecord.read(from: "\(run)/run.json") else { return .neverRun }
        // Outputs are checked, not assumed: a file of the last run that is gone or altered is made again.
        let damaged = RunOutputs.damaged(record.outputs ?? [:], in: run)
        if !damaged.isEmpty { return .stale(reasons: damaged.map { "its output \($0) is missing or altered" }) }
        let current = try inputs(of: entry)
        let changed = DependencyAnalysis.changes(from: recorded, to: current)
        if changed.isEmpty {
            let published = RunOutputs.damaged(record.outputs ?? [:], in: (site as NSString).appendingPathComponent(entry.slug))
            return published.isEmpty ? .upToDate : .pageIncomplete(files: published)
        }
        return onlyProseChanged(entry, recorded: recorded, current: current) ? .proseChanged : .stale(reasons: changed)
    }

    /// What running the chapter now would do with each model its last run trained or restored:
    /// restore it (the key is unchanged, or a checkpoint with the new key is kept) or train it, and
    /// why — the components of its key that changed.
    public func plannedTrainings(of entry: Catalog.Entry) throws -> [PlannedTraining] {
        guard let record = try? RunRecord.read(from: "\(runFolder(entry.slug))/run.json") else { return [] }
        let source = "\(entry.directory)/main.swift"
        let trainingsNow = analysis.trainings(inChapter: source)
        let kept = store.entries()
        return try record.trainings.map { training in
            guard let recorded = training.dependencies else { return PlannedTraining(model: training.name, retrains: true, reasons: ["its checkpoint predates exact keys"]) }
            var predicted = recorded
            for key in recorded.keys where key.hasPrefix("Sources/") || key == "code" || key == "build settings" { predicted[key] = nil }
            let code: [String: String]
            if let shared = training.sharedFile {
                code = analysis.sharedTrainingDependencies(file: shared)
            } else if let line = trainingsNow.first(where: { $0.model == training.name })?.line {
                code = analysis.trainingDependencies(chapterFile: source, line: line)
            } else {
                return PlannedTraining(model: training.name, retrains: false, reasons: ["no longer trained by the chapter"])
            }
            predicted.merge(code) { $1 }
            predicted["data"] = try dataFingerprint()
            predicted["seed"] = "\(options.seed)"
            predicted["threads"] = "\(options.threads)"
            predicted["toolchain"] = toolchain
            let reasons = DependencyAnalysis.changes(from: recorded, to: predicted)
            if reasons.isEmpty { return PlannedTraining(model: training.name, retrains: false, reasons: []) }
            if kept.contains(where: { $0.dependencies == predicted }) {
                return PlannedTraining(model: training.name, retrains: false, reasons: reasons.map { "\($0) (a checkpoint for this version is kept)" })
            }
            return PlannedTraining(model: training.name, retrains: true, reasons: reasons)
        }
    }

    // MARK: Running

    /// Runs one chapter; on success its run replaces the previous one.
    public func run(_ entry: Catalog.Entry, figuresOnly: Bool = false, retrain: Bool = false) throws {
        var chapterOptions = options
        chapterOptions.output = runFolder(entry.slug) + ".partial"
        chapterOptions.figuresOnly = figuresOnly
        chapterOptions.retrain = retrain
        chapterOptions.sources = try snapshot.write(into: (site as NSString).appendingPathComponent(".snapshots"))
        chapterOptions.sourceFile = "\(entry.directory)/main.swift"
        try? FileManager.default.removeItem(atPath: chapterOptions.output)
        let executable = (executables as NSString).appendingPathComponent(entry.executable)
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw NotebookError.buildFailed("\(executable): chapter program not found; build it with `swift build -c release`")
        }
        log("== \(entry.slug): running \(entry.executable)\(figuresOnly ? " (figures only)" : "")")
        let (status, tail) = try runProcess(executable, arguments: chapterOptions.arguments)
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: chapterOptions.output)
            throw NotebookError.chapterFailed(slug: entry.slug, status: status, lastLines: tail)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Taken after the run: which earlier results it read is known only now (the sources are
        // the snapshot's, whatever happened to the files meanwhile).
        let inputs = try inputs(of: entry, lastRun: try RunRecord.read(from: "\(chapterOptions.output)/run.json"))
        try writeAtomically(try encoder.encode(inputs), to: "\(chapterOptions.output)/inputs.json")
        noteRunReplacing(entry, with: chapterOptions.output)  // the change report compares the two runs
        try replace(runFolder(entry.slug), with: chapterOptions.output)
    }

    /// Runs `executable` from the project root, passing its output through to the log and keeping
    /// the last lines for an error message.
    func runProcess(_ executable: String, arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        var environment = ProcessInfo.processInfo.environment
        environment["LATENT_TOOLCHAIN"] = toolchain
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        SiteBuilder.runningChapter = process
        defer { SiteBuilder.runningChapter = nil }
        var lines: [String] = []
        var pending = Data()
        let handle = pipe.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                log("   " + line)
                lines.append(line)
                if lines.count > 12 { lines.removeFirst() }
            }
        }
        process.waitUntilExit()
        return (process.terminationStatus, lines.joined(separator: "\n"))
    }

    private lazy var toolchain: String = SourceFingerprint.toolchainVersion()

    /// The chapter program running now. It runs in a process group of its own (Foundation starts
    /// children that way), so Ctrl-C does not reach it: `stopChapterOnInterrupt` ends it instead.
    nonisolated(unsafe) static var runningChapter: Process?

    /// On Ctrl-C or SIGTERM, ends the running chapter program before this process exits, so an
    /// interrupted build leaves nothing training in the background (its unfinished run folder is
    /// cleaned up by the next build, and the site is untouched).
    public static func stopChapterOnInterrupt() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                // SIGKILL, not SIGTERM: the chapter inherits a signal mask that blocks SIGTERM (it is
                // started from a concurrency thread). Its writes are atomic; the next build clears
                // its unfinished run folder.
                if let chapter = runningChapter, chapter.isRunning { kill(chapter.processIdentifier, SIGKILL) }
                FileHandle.standardError.write(Data("\ninterrupted; the previous site is untouched\n".utf8))
                exit(128 + signalNumber)
            }
            source.resume()
            interruptSources.append(source)
        }
    }

    nonisolated(unsafe) private static var interruptSources: [DispatchSourceSignal] = []

    /// Puts `new` where `target` is (a folder), removing the old one afterwards.
    func replace(_ target: String, with new: String) throws {
        let manager = FileManager.default
        let parent = (target as NSString).deletingLastPathComponent
        let trash = (parent as NSString).appendingPathComponent(".trash-\((target as NSString).lastPathComponent)")
        try? manager.removeItem(atPath: trash)
        do {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            if manager.fileExists(atPath: target) { try manager.moveItem(atPath: target, toPath: trash) }
            try manager.moveItem(atPath: new, toPath: target)
        } catch {
            throw NotebookError.cannotWrite(path: target, reason: error.localizedDescription)
        }
        try? manager.removeItem(atPath: trash)
    }

    // MARK: Weaving

    /// Weaves every chapter that has a run into pages, plus the index and stylesheet, into a
    /// staging folder, then moves them into the site. Nothing is replaced if any page fails.
    public func weave() throws {
        let manager = FileManager.default
        let staging = (site as NSString).appendingPathComponent(".staging")
        try? manager.removeItem(atPath: staging)
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let woven = catalog.chapters.filter {
            manager.fileExists(atPath: "\(runFolder($0.slug))/run.json") && manager.fileExists(atPath: "\(runFolder($0.slug))/\(RunSources.chapterFile)")
        }
        var entries: [IndexPage.Entry] = []
        var shownEarlier: [String: ChapterPage.Link] = [:]  // files a page showed whole: later pages link there
        let mathCache = MathCache(folder: site)  // formulas typeset by earlier builds
        let bibliography = try Bibliography.read(root: root)
        // Every chapter's labels first, so a page can refer to a later chapter's figure.
        var chapterLabels: [String: PageLabels] = [:]
        for (index, entry) in woven.enumerated() {
            let run = runFolder(entry.slug)
            let source = ChapterSource(text: try String(contentsOfFile: "\(run)/\(RunSources.chapterFile)", encoding: .utf8))
            let record = try RunRecord.read(from: "\(run)/run.json")
            let page = ChapterPage(slug: entry.slug, number: index + 1, source: source, record: record, previous: nil, next: nil,
                                   sourcePath: "\(entry.directory)/main.swift")
            chapterLabels[entry.slug] = try page.labels()
        }
        for (index, entry) in woven.enumerated() {
            // Woven from the sources the run executed, not from the files as they are now.
            let run = runFolder(entry.slug)
            let source = ChapterSource(text: try String(contentsOfFile: "\(run)/\(RunSources.chapterFile)", encoding: .utf8))
            let record = try RunRecord.read(from: "\(run)/run.json")
            let link = { (other: Catalog.Entry) -> ChapterPage.Link in
                let title = (try? String(contentsOfFile: "\(self.runFolder(other.slug))/\(RunSources.chapterFile)", encoding: .utf8))
                    .flatMap { ChapterSource(text: $0).title } ?? other.slug
                return ChapterPage.Link(slug: other.slug, title: title)
            }
            var included: [String: String] = [:]
            for path in source.cells.flatMap(\.shownFiles) {
                included[path] = try? String(contentsOfFile: RunSources.includedPath(path, in: run), encoding: .utf8)
            }
            var scripts: [String: String] = [:]
            for file in Set((record.liveFigures ?? []).flatMap({ [$0.script, RunSources.pageDataFile] + ($0.uses ?? []) })) {
                scripts[file] = try? String(contentsOfFile: "\(run)/\(file)", encoding: .utf8)
            }
            var page = ChapterPage(
                slug: entry.slug, number: index + 1, source: source, record: record,
                previous: index > 0 ? link(woven[index - 1]) : nil, next: index + 1 < woven.count ? link(woven[index + 1]) : nil,
                includedFiles: included, sourcePath: "\(entry.directory)/main.swift", pageScripts: scripts, shownEarlier: shownEarlier,
                mathCache: mathCache
            )
            page.chapterLabels = chapterLabels
            page.bibliography = bibliography
            for path in page.filesShownWhole { shownEarlier[path] = ChapterPage.Link(slug: entry.slug, title: page.title) }
            let folder = (staging as NSString).appendingPathComponent(entry.slug)
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try writeAtomically(Data(try page.html().utf8), to: "\(folder)/index.html")
            for file in try manager.contentsOfDirectory(atPath: run) where file != "inputs.json" {
                try manager.copyItem(atPath: "\(run)/\(file)", toPath: "\(folder)/\(file)")
            }
            let trained = record.trainings.map { "\($0.name): \($0.epochs.count) epochs in \(String(format: "%.0f", $0.trainingSeconds)) s" }
                .joined(separator: ", ")
            entries.append(.init(
                slug: entry.slug, number: index + 1, title: page.title, summary: source.summary ?? "",
                thumbnail: entry.thumbnail.flatMap { name in record.figures.first { $0.name == name }?.png } ?? record.figures.first?.png,
                runSummary: "seed \(record.seed) · \(trained.isEmpty ? "no training" : trained)",
                sections: try page.sections()
            ))
        }
        let datasetTitle = options.dataset.title
        try writeAtomically(Data(IndexPage(entries: entries, datasetTitle: datasetTitle).html().utf8), to: "\(staging)/index.html")
        try writeAtomically(Data(Stylesheet.site.utf8), to: "\(staging)/style.css")
        try writeAtomically(Data(OnThisPage.script.utf8), to: "\(staging)/\(OnThisPage.scriptFile)")
        try MathAssets.install(into: site)  // the KaTeX stylesheet and fonts every page links
        try mathCache.save()
        notePagesWoven(woven, staging: staging)  // the change report compares each page with the published one
        // Every page is written: move them into the site.
        for entry in woven { try replace((site as NSString).appendingPathComponent(entry.slug), with: "\(staging)/\(entry.slug)") }
        for file in ["style.css", OnThisPage.scriptFile, "index.html"] where rename("\(staging)/\(file)", "\(site)/\(file)") != 0 {
            throw NotebookError.cannotWrite(path: "\(site)/\(file)", reason: String(cString: strerror(errno)))
        }
        try? manager.removeItem(atPath: staging)
    }
}
