import Foundation

/// Every file and folder name of a site and its runs, in one place: where a chapter's last run is
/// kept, where a run in progress writes, the published pages, the checkpoints, snapshots and
/// records. The builder, the chapter runtime and the commands ask it instead of joining names
/// themselves, so a name changes here or nowhere.
///
/// Under the site folder (`output/`, or `output/<dataset>/` for another dataset):
/// `.runs/<slug>/` holds each chapter's last successful run (`run.json`, `inputs.json`, figures);
/// a run writes to `.runs/<slug>.partial/` and replaces `.runs/<slug>/` only when the chapter
/// exits cleanly; `.checkpoints/` keeps trained weights and kept results; `.snapshots/` the
/// sources each build compiled; `<slug>/` and `index.html` are the published site, woven into
/// `.staging/` first. A folder being replaced is moved aside as `.trash-<name>` for a moment.
public struct SiteLayout: Sendable, Equatable {
    /// The site folder (absolute, or relative to the project root).
    public let site: String

    public init(site: String) { self.site = site }

    /// A run's record (in a run folder and in a published page folder).
    public static let recordFile = "run.json"
    /// What a run depended on, by component (in a run folder only; never published).
    public static let inputsFile = "inputs.json"
    static let runsName = ".runs"
    static let partialSuffix = ".partial"
    static let trashPrefix = ".trash-"
    static let stagingName = ".staging"

    /// The last successful runs, one folder per chapter.
    public var runs: String { join(site, Self.runsName) }
    /// The checkpoint store (`CheckpointStore`).
    public var checkpoints: String { join(site, ".checkpoints") }
    /// Source snapshots and the records of what the programs were compiled from.
    public var snapshots: String { join(site, ".snapshots") }
    /// The key of the sources `latent` was last compiled from.
    public var latentCompiledFrom: String { join(snapshots, "latent-compiled-from") }
    /// The digest of the sources the chapter programs were last compiled from.
    public var programsCompiledFrom: String { join(snapshots, "programs-compiled-from") }
    /// Where pages are woven before they replace the published ones.
    public var staging: String { join(site, Self.stagingName) }

    /// `slug`'s last successful run.
    public func run(_ slug: String) -> String { join(runs, slug) }
    /// Where a run of `slug` in progress writes.
    public func partialRun(_ slug: String) -> String { Self.partial(of: run(slug)) }
    /// `slug`'s published page folder.
    public func page(_ slug: String) -> String { join(site, slug) }
    /// The run record in `folder` (a run or a page folder).
    public static func record(in folder: String) -> String { join(folder, recordFile) }
    /// The inputs record in a run folder.
    public static func inputs(in folder: String) -> String { join(folder, inputsFile) }

    /// The folder a replacement of `folder` is prepared in beside it (`<folder>.partial`).
    public static func partial(of folder: String) -> String { folder + partialSuffix }
    /// Where `folder` is moved while its replacement takes its place.
    public static func trash(of folder: String) -> String {
        join((folder as NSString).deletingLastPathComponent, trashPrefix + (folder as NSString).lastPathComponent)
    }

    /// Whether `name` (an entry of the site or runs folder) is what an interrupted build left
    /// behind: a partial run, a folder moved aside, the staging folder.
    public static func isLeftover(_ name: String) -> Bool {
        name.hasSuffix(partialSuffix) || name.hasPrefix(trashPrefix) || name == stagingName
    }

    /// Whether `name` (an entry of the site or runs folder) can be a chapter's folder: not hidden,
    /// not a leftover.
    public static func isChapterFolderName(_ name: String) -> Bool { !name.hasPrefix(".") && !isLeftover(name) }

    /// The record of `other`'s last run, seen from a chapter running into `output` (its partial
    /// run folder, or any folder beside the runs): the run folders are siblings.
    public static func record(of other: String, besideRun output: String) -> String {
        record(in: join((output as NSString).deletingLastPathComponent, other))
    }

    private static func join(_ folder: String, _ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
    private func join(_ folder: String, _ name: String) -> String { Self.join(folder, name) }
}
