import Foundation
@testable import RunFormat
import XCTest

/// The snapshot a build compiles from: what it holds and what it leaves out.
final class SourceSnapshotTests: XCTestCase {
    func testItHoldsSourcesChaptersAndTheManifestButNoScratchFiles() throws {
        let root = NSTemporaryDirectory() + "latent-snapshot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for (path, text) in ["Sources/A/a.swift": "let a = 1", "Sources/A/.a.swift.swp": "swap", "Sources/A/b.c": "int b;",
                             "Sources/PageScripts/s.js": "var s;", "chapters/01-x/main.swift": "//: # X", "chapters/01-x/main.swift~": "old",
                             "Package.swift": "// swift-tools-version:6.0", "README.md": "not a source"] {
            let full = root + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        let snapshot = try SourceSnapshot.take(root: root, folders: ["chapters/01-x"])
        XCTAssertEqual(snapshot.files.keys.sorted(), ["Package.swift", "Sources/A/a.swift", "Sources/A/b.c", "Sources/PageScripts/s.js", "chapters/01-x/main.swift"])
        XCTAssertEqual(snapshot.texts.keys.sorted(), ["Package.swift", "Sources/A/a.swift", "Sources/PageScripts/s.js", "chapters/01-x/main.swift"])
        XCTAssertEqual(snapshot.buildSettings, "// swift-tools-version:6.0")
        let written = try snapshot.write(into: root + "/snapshots")
        XCTAssertEqual(try SourceSnapshot.read(from: written), snapshot)
        XCTAssertEqual((written as NSString).lastPathComponent, snapshot.digest + ".json")
    }
}
