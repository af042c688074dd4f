import Foundation
import RunFormat
import TestSupport
import XCTest

/// A page script names the scripts it needs in one `// uses:` line of its opening comments; that
/// line is the only place the dependency is written.
final class PageScriptUsesTests: XCTestCase {
    func testTheUsesLineOfTheOpeningCommentsIsRead() {
        let script = "// A figure.\n//\n// uses: layers.js, drawing.js  vq-decoder.js\n\"use strict\";\n// uses: late.js\n"
        XCTAssertEqual(PageScriptUses.read(from: script), ["layers.js", "drawing.js", "vq-decoder.js"])
        XCTAssertEqual(PageScriptUses.read(from: "\"use strict\";\n// uses: late.js\n"), [], "only the opening comments count")
        XCTAssertEqual(PageScriptUses.read(from: "// A helper with no dependencies.\n"), [])
    }

    func testEveryScriptAPageScriptUsesIsBesideIt() throws {
        let folder = "\(ProjectRoot.path)/Sources/PageScripts"
        var declared = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".js") {
            for used in PageScriptUses.read(from: try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8)) {
                declared += 1
                XCTAssertTrue(FileManager.default.fileExists(atPath: "\(folder)/\(used)"), "\(name) uses \(used), which is not in Sources/PageScripts")
            }
        }
        XCTAssertGreaterThan(declared, 0, "the live figures' scripts declare what they use")
    }
}
