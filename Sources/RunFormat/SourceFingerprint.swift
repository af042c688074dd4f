import Integrity
import Foundation

/// Where the project is and what compiled it: the root above a source file, paths relative to it,
/// and the toolchain's version (part of every key). What a key hashes is `SourceSnapshot` and
/// `DependencyAnalysis`.
public enum SourceFingerprint {
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

    /// `swift --version`'s first line (a chapter started by `latent` is handed it as `--toolchain`).
    public static func toolchainVersion() -> String { toolchain }

    /// Asked once per process: a chapter run by hand keys several trainings and evaluations, and
    /// each `swift --version` takes a tenth of a second or more.
    private static let toolchain: String = {
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
    }()
}
