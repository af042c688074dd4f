import Integrity
import Foundation

/// KaTeX's stylesheet and fonts, shipped with the site so typeset math looks right from `file://`
/// with no network: copied from Debian's `libjs-katex` into `<site>/katex/`, where every page links
/// them by a relative path. Only the WOFF2 fonts are copied: every browser that runs the pages'
/// scripts reads WOFF2, and the stylesheet lists it first.
enum MathAssets {
    static let folder = "katex"
    /// The stylesheet's path relative to the site folder.
    static let stylesheet = "\(folder)/katex.min.css"

    /// Copies the stylesheet and fonts into `site` unless the same bytes are already there.
    static func install(into site: String) throws {
        let source = KaTeX.directory
        let manager = FileManager.default
        let fonts = (source as NSString).appendingPathComponent("fonts")
        guard let fontFiles = try? manager.contentsOfDirectory(atPath: fonts) else {
            throw KaTeX.Unavailable(reason: "\(fonts) not found")
        }
        let files = ["katex.min.css"] + fontFiles.filter { $0.hasSuffix(".woff2") }.sorted().map { "fonts/\($0)" }
        for file in files {
            let from = (source as NSString).appendingPathComponent(file)
            let to = ((site as NSString).appendingPathComponent(folder) as NSString).appendingPathComponent(file)
            guard let data = manager.contents(atPath: from) else { throw KaTeX.Unavailable(reason: "\(from) is unreadable") }
            if manager.contents(atPath: to) == data { continue }
            try manager.createDirectory(atPath: (to as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try writeAtomically(data, to: to)
        }
    }
}
