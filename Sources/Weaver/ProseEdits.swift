import Foundation
import Integrity
import RunFormat

extension SiteBuilder {
    /// The chapter's source file as this build sees it (from the snapshot).
    func currentSource(of entry: Catalog.Entry) throws -> String {
        let path = "\(entry.directory)/main.swift"
        guard let text = snapshot.texts[path] else { throw NotebookError.missingFile(path: (root as NSString).appendingPathComponent(path)) }
        return text
    }

    /// Whether the only input that changed is the chapter's prose: its `main.swift` is the only
    /// changed component, and its code, prose stripped, is the code its last run executed.
    func onlyProseChanged(_ entry: Catalog.Entry, recorded: [String: String], current: [String: String]) -> Bool {
        let file = "\(entry.directory)/main.swift"
        guard Set(recorded.keys) == Set(current.keys), current.filter({ recorded[$0.key] != $0.value }).map(\.key) == [file],
              let ran = try? String(contentsOfFile: "\(runFolder(entry.slug))/\(RunSources.chapterFile)", encoding: .utf8),
              let now = try? currentSource(of: entry) else { return false }
        return ChapterSource(text: ran).codeLineMapping(to: ChapterSource(text: now)) != nil
    }

    /// Takes a prose edit into the chapter's last run without compiling or running anything: the
    /// run's copy of the source becomes the edited file, and each recorded output moves with the
    /// code line that produced it. The run folder is replaced whole, as after a run, so an
    /// interrupted update leaves the previous one. Call `weave()` afterwards.
    public func takeProseEdit(_ entry: Catalog.Entry) throws {
        let run = runFolder(entry.slug)
        let ran = try String(contentsOfFile: "\(run)/\(RunSources.chapterFile)", encoding: .utf8)
        let now = try currentSource(of: entry)
        guard let mapping = ChapterSource(text: ran).codeLineMapping(to: ChapterSource(text: now)) else {
            throw NotebookError.buildFailed("chapter '\(entry.slug)': its code changed, not only its prose; run it with `latent chapter \(entry.slug)`")
        }
        var record = try RunRecord.read(from: SiteLayout.record(in: run)).movingOutputs(mapping)
        record.sourceSHA256 = SHA256.hexDigest(of: now)
        let partial = SiteLayout.partial(of: run)
        let manager = FileManager.default
        try? manager.removeItem(atPath: partial)
        do { try manager.copyItem(atPath: run, toPath: partial) } catch {
            throw NotebookError.cannotWrite(path: partial, reason: error.localizedDescription)
        }
        try writeAtomically(Data(now.utf8), to: "\(partial)/\(RunSources.chapterFile)")
        record.outputs = try RunOutputs.manifest(of: partial)  // the kept source changed
        try record.write(to: SiteLayout.record(in: partial))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try encoder.encode(try inputs(of: entry)), to: SiteLayout.inputs(in: partial))
        try replace(run, with: partial)
    }
}
