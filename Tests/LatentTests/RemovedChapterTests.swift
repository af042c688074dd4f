import Foundation
import XCTest

/// A chapter taken out of the catalog: `latent list` says its pages are still published, and the
/// next build deletes them and its run, so the site holds no page that nothing links to.
final class RemovedChapterTests: DemoProjectTestCase {
    func testTheNextBuildDeletesARemovedChaptersPagesAndListSaysSoFirst() throws {
        let built = try latent(["build", "--no-compile"])
        XCTAssertEqual(built.status, 0, built.standardError)
        XCTAssertTrue(FileManager.default.fileExists(atPath: project + "/site/demo/index.html"))
        try #"{"chapters": []}"#.write(toFile: project + "/catalog.json", atomically: true, encoding: .utf8)

        let list = try latent(["list"])
        XCTAssertEqual(list.status, 0, list.standardError)
        XCTAssertTrue(list.standardOutput.contains("demo  removed from the catalog: its published pages and its run are deleted by the next `latent build`"),
                      list.standardOutput)
        let dryRun = try latent(["build", "--no-compile", "--dry-run"])
        XCTAssertTrue(dryRun.standardOutput.contains("== demo: removed from the catalog"), dryRun.standardOutput)
        XCTAssertTrue(FileManager.default.fileExists(atPath: project + "/site/demo/index.html"), "a dry run deletes nothing")

        let rebuilt = try latent(["build", "--no-compile"])
        XCTAssertEqual(rebuilt.status, 0, rebuilt.standardError)
        XCTAssertTrue(rebuilt.standardError.contains("== demo: removed from the catalog"), rebuilt.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: project + "/site/demo"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: project + "/site/.runs/demo"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: project + "/site/index.html"))
        XCTAssertFalse(try String(contentsOfFile: project + "/site/index.html", encoding: .utf8).contains("demo/"))
        XCTAssertEqual(try latent(["list"]).standardOutput, "")
    }
}
