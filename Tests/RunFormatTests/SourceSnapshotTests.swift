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

    /// A flag changes every key; a new target that names an existing settings list changes none.
    func testBuildSettingsAreTheFlagLinesNotTheTargetsThatNameThem() {
        let manifest = """
            // swift-tools-version:6.0
            let fast: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"])]
                    .target(name: "A", swiftSettings: fast),
                    .target(name: "C", cSettings: [.unsafeFlags(["-O3"])], linkerSettings: [.linkedLibrary("m")]),
            """
        func settings(_ text: String) -> String {
            SourceSnapshot(files: ["Package.swift": "x"], texts: ["Package.swift": text]).buildSettings
        }
        let withNewTarget = manifest + "\n        .target(name: \"B\", swiftSettings: fast),"
        XCTAssertEqual(settings(withNewTarget), settings(manifest))
        XCTAssertNotEqual(settings(manifest.replacingOccurrences(of: "-Ounchecked", with: "-O")), settings(manifest))
        XCTAssertNotEqual(settings(manifest.replacingOccurrences(of: "-O3", with: "-O2")), settings(manifest))
        XCTAssertNotEqual(settings(manifest.replacingOccurrences(of: "\"m\"", with: "\"z\"")), settings(manifest))
    }
}
