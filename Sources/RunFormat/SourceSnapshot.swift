import Foundation
import Integrity

/// The project's sources as one build compiles them: every file under `Sources/`, the chapter
/// folders and `Package.swift`, by path relative to the project root, with its SHA-256, and the
/// text of every Swift file.
///
/// `latent` takes it *before* compiling and hands it to each chapter program (`--sources`), so a
/// checkpoint's key and the page's code listing come from the text that was compiled, never from a
/// file as it is when the program happens to read it: an edit saved during a build is seen by the
/// next build as a change. (`latent` takes a second snapshot after compiling and compiles again if
/// the two differ, so the compiled program and the snapshot agree.)
public struct SourceSnapshot: Codable, Sendable, Equatable {
    /// SHA-256 of each file's bytes, by relative path.
    public var files: [String: String]
    /// The text of each Swift file and page script, by relative path.
    public var texts: [String: String]

    public init(files: [String: String], texts: [String: String]) {
        self.files = files
        self.texts = texts
    }

    /// Reads the sources under `root`: `Sources/`, `Package.swift` and `folders` (the chapters').
    public static func take(root: String, folders: [String]) throws -> SourceSnapshot {
        var snapshot = SourceSnapshot(files: [:], texts: [:])
        let manager = FileManager.default
        for folder in Set(["Sources"] + folders) {
            let base = (root as NSString).appendingPathComponent(folder)
            for relative in (manager.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []) where !isScratch(relative) {
                try snapshot.add("\(folder)/\(relative)", root: root)
            }
        }
        if manager.fileExists(atPath: (root as NSString).appendingPathComponent("Package.swift")) {
            try snapshot.add("Package.swift", root: root)
        }
        return snapshot
    }

    /// Hidden files and editors' backups (`.main.swift.swp`, `.DS_Store`, `main.swift~`) are not
    /// sources: an editor opening a chapter must not make it stale.
    static func isScratch(_ relative: String) -> Bool {
        relative.split(separator: "/").contains { $0.hasPrefix(".") } || relative.hasSuffix("~")
    }

    private mutating func add(_ path: String, root: String) throws {
        let full = (root as NSString).appendingPathComponent(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { return }
        guard let data = FileManager.default.contents(atPath: full) else { throw NotebookError.missingFile(path: full) }
        files[path] = SHA256.hexDigest(of: data)
        if path.hasSuffix(".swift") || path.hasSuffix(".js") { texts[path] = String(decoding: data, as: UTF8.self) }
    }

    /// One hash of the whole snapshot: its file name in the snapshot folder.
    public var digest: String {
        SHA256.hexDigest(of: files.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)\n" }.joined())
    }

    /// The files under `folder` (a path prefix such as `Sources/Learning`), sorted.
    public func files(under folder: String) -> [String] {
        files.keys.filter { $0.hasPrefix(folder + "/") }.sorted()
    }

    /// One hash of the files under `folder`.
    public func hash(ofFolder folder: String) -> String {
        SHA256.hexDigest(of: files(under: folder).map { "\($0) \(files[$0] ?? "")\n" }.joined())
    }

    /// Writes the snapshot into `folder` as `<digest>.json` (once: the name is its content) and
    /// returns its path. Keeps the newest `keeping` snapshots there.
    public func write(into folder: String, keeping: Int = 8) throws -> String {
        let path = (folder as NSString).appendingPathComponent("\(digest).json")
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            do { try manager.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
                throw NotebookError.cannotWrite(path: folder, reason: error.localizedDescription)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try writeAtomically(try encoder.encode(self), to: path)
        } else {
            try? manager.setAttributes([.modificationDate: Date()], ofItemAtPath: path)
        }
        let kept = ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }
            .map { (folder as NSString).appendingPathComponent($0) }
            .sorted { modified($0) > modified($1) }
        for old in kept.dropFirst(keeping) where old != path { try? manager.removeItem(atPath: old) }
        return path
    }

    private func modified(_ path: String) -> Date {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
    }

    public static func read(from path: String) throws -> SourceSnapshot {
        guard let data = FileManager.default.contents(atPath: path) else { throw NotebookError.missingFile(path: path) }
        do { return try JSONDecoder().decode(SourceSnapshot.self, from: data) } catch {
            throw NotebookError.buildFailed("\(path): not a source snapshot (\(error))")
        }
    }

    /// The lines of `Package.swift` that set how code is compiled (flags, defines, linked
    /// libraries, language modes): a change there can change every number. A line that only names
    /// a settings list (`swiftSettings: library` on a new target) sets no flag, so adding a target
    /// changes no key.
    public var buildSettings: String {
        guard let manifest = texts["Package.swift"] else { return "" }
        let markers = ["Flags(", "define(", "linkedLibrary", "swiftLanguageMode", "swift-tools-version"]
        return manifest.split(separator: "\n").filter { line in markers.contains { line.contains($0) } }.joined(separator: "\n")
    }
}
