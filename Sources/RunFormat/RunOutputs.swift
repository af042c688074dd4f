import Foundation
import Integrity

/// The files a run wrote, with their hashes.
public enum RunOutputs {
    /// Every file under `folder` but `run.json` and `inputs.json` (relative path → SHA-256).
    public static func manifest(of folder: String) throws -> [String: String] {
        var manifest: [String: String] = [:]
        let manager = FileManager.default
        for relative in (manager.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []) where ![SiteLayout.recordFile, SiteLayout.inputsFile].contains(relative) {
            let path = (folder as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            guard let data = manager.contents(atPath: path) else { throw NotebookError.missingFile(path: path) }
            manifest[relative] = SHA256.hexDigest(of: data)
        }
        return manifest
    }

    /// The files of `manifest` that are missing from `folder` or differ from their recorded hash.
    public static func damaged(_ manifest: [String: String], in folder: String) -> [String] {
        manifest.keys.sorted().filter { relative in
            guard let data = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent(relative)) else { return true }
            return SHA256.hexDigest(of: data) != manifest[relative]
        }
    }
}
