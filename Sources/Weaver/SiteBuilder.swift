import ChangeReport
import RunFormat
import Integrity
import Datasets
import Foundation

/// Runs chapters and weaves the site, keeping the last good site until a new one is complete
/// (the folders are `SiteLayout`'s): a run replaces a chapter's last run only if the chapter exits
/// cleanly, and the site is woven into a staging folder and moved into place only after every
/// page is written.
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
        self.options.checkpoints = SiteLayout(site: site).checkpoints
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
    var latentBuildRecord: String { layout.latentCompiledFrom }

    /// Notes that `latent` was compiled from this build's snapshot.
    public func recordLatentCompiled() throws {
        let key = DependencyAnalysis.key(of: analysis.programDependencies(chapterFolder: "Sources/latent"))
        try FileManager.default.createDirectory(atPath: (latentBuildRecord as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try writeAtomically(Data(key.utf8), to: latentBuildRecord)
    }

    /// Where the digest of the sources the programs were last compiled from is kept (written after
    /// `swift build` and the snapshot agreed).
    var programsBuildRecord: String { layout.programsCompiledFrom }

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

    /// Where this site's runs, pages, checkpoints and snapshots are.
    public var layout: SiteLayout { SiteLayout(site: site) }
    var runs: String { layout.runs }
    func runFolder(_ slug: String) -> String { layout.run(slug) }

    /// Removes what an interrupted build left behind; the published site is not touched.
    public func recover() {
        let manager = FileManager.default
        for folder in [runs, site] {
            for name in (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            where SiteLayout.isLeftover(name) {
                try? manager.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
            }
        }
    }

    /// Chapters the site still holds but the catalog no longer lists: a run folder under `.runs/`,
    /// or a published folder with a run record in it, whose name is no catalog slug. Their pages
    /// link nowhere and nothing links to them, so the next build removes them.
    public var removedChapters: [String] {
        let manager = FileManager.default
        let slugs = Set(catalog.chapters.map(\.slug))
        let runNames = ((try? manager.contentsOfDirectory(atPath: runs)) ?? []).filter { name in
            SiteLayout.isChapterFolderName(name) && manager.fileExists(atPath: SiteLayout.record(in: runFolder(name)))
        }
        let published = ((try? manager.contentsOfDirectory(atPath: site)) ?? []).filter { name in
            SiteLayout.isChapterFolderName(name) && manager.fileExists(atPath: SiteLayout.record(in: layout.page(name)))
        }
        return Set(runNames + published).subtracting(slugs).sorted()
    }

    /// Deletes the run and the published pages of every chapter the catalog no longer lists
    /// (`removedChapters`); returns their slugs. Checkpoints stay: the store keeps a bounded
    /// number per model, and putting the chapter back restores instead of training.
    @discardableResult
    public func removeRemovedChapters() throws -> [String] {
        let removed = removedChapters
        for slug in removed {
            for folder in [runFolder(slug), layout.page(slug)] where FileManager.default.fileExists(atPath: folder) {
                do { try FileManager.default.removeItem(atPath: folder) } catch {
                    throw NotebookError.cannotWrite(path: folder, reason: error.localizedDescription)
                }
            }
            log("== \(slug): removed from the catalog; its pages and run are deleted")
        }
        return removed
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

    /// The compiler's version, asked once per build: part of every key and of what programs are compiled from.
    lazy var toolchain: String = SourceFingerprint.toolchainVersion()

    private var dataFingerprintCache: String?

    func dataFingerprint() throws -> String {
        if let dataFingerprintCache { return dataFingerprintCache }
        let fingerprint = try options.dataset.fingerprint(in: options.dataFolder(root: root))
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
        let lastRun = lastRun ?? (try? RunRecord.read(from: SiteLayout.record(in: runFolder(entry.slug))))
        for other in (lastRun?.resultsRead ?? [:]).keys {
            inputs[KeyRecipe.resultsComponent(other)] = (try? RunRecord.read(from: SiteLayout.record(in: runFolder(other))))?.metricsDigest ?? "none"
        }
        return inputs
    }

    public func status(of entry: Catalog.Entry) throws -> Status {
        let run = runFolder(entry.slug)
        guard let data = FileManager.default.contents(atPath: SiteLayout.inputs(in: run)),
              let recorded = try? JSONDecoder().decode([String: String].self, from: data),
              let record = try? RunRecord.read(from: SiteLayout.record(in: run)) else { return .neverRun }
        // Outputs are checked, not assumed: a file of the last run that is gone or altered is made again.
        let damaged = RunOutputs.damaged(record.outputs ?? [:], in: run)
        if !damaged.isEmpty { return .stale(reasons: damaged.map { "its output \($0) is missing or altered" }) }
        let current = try inputs(of: entry)
        let changed = DependencyAnalysis.changes(from: recorded, to: current)
        if changed.isEmpty {
            let published = RunOutputs.damaged(record.outputs ?? [:], in: layout.page(entry.slug))
            return published.isEmpty ? .upToDate : .pageIncomplete(files: published)
        }
        return onlyProseChanged(entry, recorded: recorded, current: current) ? .proseChanged : .stale(reasons: changed)
    }
}
