import Integrity
import Foundation

/// Formulas KaTeX has already typeset, kept in the site folder between builds, so reweaving after a
/// prose edit starts Node only for formulas that are new (usually none). Entries are only good for
/// the KaTeX they came from: the file records a hash of `katex.js` and is ignored when it changes.
public final class MathCache {
    let path: String
    let katexHash: String
    private var entries: [String: String]
    private var changed = false

    struct Stored: Codable {
        var katex: String
        var formulas: [String: String]
    }

    /// The cache file in `folder` (`.katex-cache.json`), empty when missing, unreadable or stale.
    public init(folder: String) {
        path = (folder as NSString).appendingPathComponent(".katex-cache.json")
        let katex = FileManager.default.contents(atPath: (KaTeX.directory as NSString).appendingPathComponent("katex.js")) ?? Data()
        katexHash = SHA256.hexDigest(of: katex)
        let stored = FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(Stored.self, from: $0) }
        entries = stored?.katex == katexHash ? stored?.formulas ?? [:] : [:]
    }

    static func key(_ formula: KaTeX.Formula) -> String { (formula.display ? "display " : "inline ") + formula.tex }

    /// Like `KaTeX.typeset`, asking KaTeX only about formulas not in the cache.
    public func typeset(_ formulas: [KaTeX.Formula]) throws -> [Result<String, KaTeX.MathError>] {
        let missing = formulas.filter { entries[MathCache.key($0)] == nil }
        var fresh: [String: Result<String, KaTeX.MathError>] = [:]
        for (formula, result) in zip(missing, try KaTeX.typeset(missing)) {
            fresh[MathCache.key(formula)] = result
            if case let .success(html) = result {
                entries[MathCache.key(formula)] = html
                changed = true
            }
        }
        return formulas.map { formula in
            let key = MathCache.key(formula)
            return fresh[key] ?? entries[key].map { .success($0) } ?? .failure(KaTeX.MathError(message: "not typeset"))
        }
    }

    /// Writes the cache if it learned new formulas. Formulas no page uses any more stay: a few
    /// kilobytes each, and an edit that brings one back is then free.
    public func save() throws {
        guard changed else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try writeAtomically(try encoder.encode(Stored(katex: katexHash, formulas: entries)), to: path)
        changed = false
    }
}
