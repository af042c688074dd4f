import Foundation
import Integrity
import RunFormat

extension SiteBuilder {
    /// The chapter's source file as it is now.
    func currentSource(of entry: Catalog.Entry) throws -> String {
        let path = (root as NSString).appendingPathComponent("\(entry.directory)/main.swift")
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw NotebookError.missingFile(path: path) }
        return text
    }

    /// Whether the only input that changed is the chapter's prose: its code, prose stripped, is the
    /// code its last run executed, and nothing else it depends on changed.
    func onlyProseChanged(_ entry: Catalog.Entry, changed: [String]) -> Bool {
        guard changed == ["chapter source"],
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
        var record = try RunRecord.read(from: "\(run)/run.json").movingOutputs(mapping)
        record.sourceSHA256 = SHA256.hexDigest(of: now)
        let partial = run + ".partial"
        let manager = FileManager.default
        try? manager.removeItem(atPath: partial)
        do { try manager.copyItem(atPath: run, toPath: partial) } catch {
            throw NotebookError.cannotWrite(path: partial, reason: error.localizedDescription)
        }
        try writeAtomically(Data(now.utf8), to: "\(partial)/\(RunSources.chapterFile)")
        try record.write(to: "\(partial)/run.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try encoder.encode(try inputs(of: entry)), to: "\(partial)/inputs.json")
        try replace(run, with: partial)
    }
}
