import Foundation
@testable import RunFormat
import XCTest

/// `latent new` in a scratch project: the folder, the catalog entry and the target, and usage
/// errors for a taken or malformed name with nothing written.
final class NewChapterTests: XCTestCase {
    var project: String!

    override func setUpWithError() throws {
        project = NSTemporaryDirectory() + "latent-new-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: project + "/chapters/01-first", withIntermediateDirectories: true)
        try "//: # First\n".write(toFile: project + "/chapters/01-first/main.swift", atomically: true, encoding: .utf8)
        try #"{"chapters": [{"slug": "first", "directory": "chapters/01-first", "executable": "FirstChapter"}]}"#
            .write(toFile: project + "/chapters/catalog.json", atomically: true, encoding: .utf8)
        try "let package = Package(\n    targets: [\n        chapter(\"FirstChapter\", \"chapters/01-first\"),\n        .testTarget(name: \"T\"),\n    ]\n)\n"
            .write(toFile: project + "/Package.swift", atomically: true, encoding: .utf8)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: project) }

    func testNewMakesARunnableChapterThatTheCatalogKnows() throws {
        let result = try CommandRunner.latent(["new", "beta-vae", "--title", "A β-VAE"], in: project)
        XCTAssertEqual(result.status, 0, result.standardError)
        let article = try String(contentsOfFile: project + "/chapters/02-beta-vae/main.swift", encoding: .utf8)
        XCTAssertTrue(article.hasPrefix("//: # A β-VAE\n"))
        XCTAssertTrue(article.contains("Chapter(slug: \"beta-vae\")"))
        XCTAssertTrue(article.contains("chapter.trainOrRestore("))
        XCTAssertTrue(article.contains("chapter.figure("))
        XCTAssertTrue(article.contains("{{metric.test_loss}}"))
        let catalog = try Catalog.read(from: project + "/chapters/catalog.json")
        XCTAssertEqual(catalog.chapters.map(\.slug), ["first", "beta-vae"])
        XCTAssertEqual(try catalog.entry("beta-vae").executable, "BetaVaeChapter")
        let package = try String(contentsOfFile: project + "/Package.swift", encoding: .utf8)
        XCTAssertTrue(package.contains("        chapter(\"FirstChapter\", \"chapters/01-first\"),\n        chapter(\"BetaVaeChapter\", \"chapters/02-beta-vae\"),\n"), package)
        let list = try CommandRunner.latent(["list", "--output", "site"], in: project)
        XCTAssertTrue(list.standardOutput.contains("beta-vae") && list.standardOutput.contains("never run"), list.standardOutput + list.standardError)
    }

    func testATakenOrMalformedNameIsAUsageErrorThatWritesNothing() throws {
        let catalog = try String(contentsOfFile: project + "/chapters/catalog.json", encoding: .utf8)
        for (slug, message) in [("first", "a chapter called 'first' exists already"), ("Beta VAE", "is not a chapter name"), ("2nd", "is not a chapter name")] {
            let result = try CommandRunner.latent(["new", slug, "--title", "X"], in: project)
            XCTAssertEqual(result.status, 64, slug)
            XCTAssertTrue(result.standardError.contains(message), result.standardError)
        }
        XCTAssertEqual(try String(contentsOfFile: project + "/chapters/catalog.json", encoding: .utf8), catalog)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: project + "/chapters").sorted(), ["01-first", "catalog.json"])
    }
}
