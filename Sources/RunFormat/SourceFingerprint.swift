import Integrity
import Foundation

/// Content hashes of source folders: what cache keys are made of.
///
/// The modules a chapter's outputs depend on, by what they affect: a checkpoint on the engine, the
/// data reader and the models; figures also on `Figures`, the notebook runtime and the page
/// scripts that live figures ship.
public enum SourceFingerprint {
    public static let trainingModules = ["Sources/Learning", "Sources/CKernels", "Sources/Datasets", "Sources/Integrity", "Sources/Models", "Sources/ChapterKit", "Sources/Captions"]
    public static let drawingModules = ["Sources/Figures", "Sources/CCairo", "Sources/Notebook", "Sources/PageScripts"]

    /// SHA-256 over every file under `folder` (relative paths and contents, in sorted order).
    public static func hash(ofFolder folder: String, root: String) -> String {
        var hasher = SHA256()
        let base = (root as NSString).appendingPathComponent(folder)
        let files = (FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String } ?? []).sorted()
        for relative in files {
            let path = (base as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  let data = FileManager.default.contents(atPath: path) else { continue }
            hasher.update(Array("\(folder)/\(relative)\n".utf8))
            data.withUnsafeBytes { hasher.update(buffer: $0) }
        }
        return hasher.hexDigest()
    }

    /// One hash per folder, keyed by folder.
    public static func hashes(of folders: [String], root: String) -> [String: String] {
        Dictionary(uniqueKeysWithValues: folders.map { ($0, hash(ofFolder: $0, root: root)) })
    }

    /// The project root: the nearest folder above `path` that holds `Package.swift`.
    public static func projectRoot(containing path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }

    /// `path` relative to `root` when it lies inside it, else `path` itself.
    public static func relativePath(_ path: String, to root: String) -> String {
        let base = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// `swift --version`'s first line, or LATENT_TOOLCHAIN when `latent` already asked.
    public static func toolchainVersion() -> String {
        if let known = ProcessInfo.processInfo.environment["LATENT_TOOLCHAIN"], !known.isEmpty { return known }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "unknown" }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: output, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? "unknown"
    }
}
