import Foundation

/// The project's root folder (holding `Package.swift`), found from this file's own path, so tests
/// read the real chapters, page scripts and data wherever the repository is cloned.
public enum ProjectRoot {
    public static let path = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}
