import Foundation
import Integrity

/// Where the last build's change report lives: `<site>/.changes/report.json`, the pictures it shows
/// in `<site>/.changes/figures/` named by their SHA-256 (so an undo that brings a picture back
/// stores nothing new), and its page `<site>/changes.html`. Bounded like the checkpoint store: only
/// the pictures the last report shows are kept.
public struct ChangeStore: Sendable {
    public let site: String

    public init(site: String) { self.site = site }

    public var folder: String { (site as NSString).appendingPathComponent(".changes") }
    public var reportPath: String { (folder as NSString).appendingPathComponent("report.json") }
    public var pagePath: String { (site as NSString).appendingPathComponent("changes.html") }
    var figures: String { (folder as NSString).appendingPathComponent("figures") }

    /// Stores a PNG by its content; returns its path relative to the site folder.
    public func keep(_ png: Data) throws -> String {
        let name = "figures/\(SHA256.hexDigest(of: png)).png"
        let path = (folder as NSString).appendingPathComponent(name)
        if !FileManager.default.fileExists(atPath: path) { try writeAtomically(png, to: path) }
        return ".changes/\(name)"
    }

    /// Writes the report and its page, then removes the pictures the report does not show.
    public func save(_ report: ChangeReport) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try encoder.encode(report), to: reportPath)
        try writeAtomically(Data(ChangesPage(report: report).html().utf8), to: pagePath)
        let shown = Set(report.chapters.flatMap(\.figures).flatMap { [$0.before, $0.after, $0.difference] }.compactMap { $0 })
        for name in (try? FileManager.default.contentsOfDirectory(atPath: figures)) ?? [] where !shown.contains(".changes/figures/\(name)") {
            try? FileManager.default.removeItem(atPath: (figures as NSString).appendingPathComponent(name))
        }
    }

    /// The last build's report (nil before the first build that wrote one).
    public func load() throws -> ChangeReport? {
        guard let data = FileManager.default.contents(atPath: reportPath) else { return nil }
        do { return try JSONDecoder().decode(ChangeReport.self, from: data) } catch {
            throw ChangeReportError.unreadableReport(path: reportPath, reason: "\(error)")
        }
    }
}
