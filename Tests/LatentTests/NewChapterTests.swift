import Foundation
@testable import RunFormat
import TestSupport
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
    /// The catalog as `chapters/catalog.json` writes it: `latent new` adds lines after the last
    /// entry and a comma after its `}`, and changes no other byte.
    func testNewAddsLinesToTheCatalogAndThePackageAndRewritesNothing() throws {
        let catalog = """
        {
          "chapters": [
            {
              "slug": "first",
              "directory": "chapters/01-first",
              "executable": "FirstChapter",
              "thumbnail": "loss"
            }
          ]
        }

        """
        try catalog.write(toFile: project + "/chapters/catalog.json", atomically: true, encoding: .utf8)
        let package = try String(contentsOfFile: project + "/Package.swift", encoding: .utf8)
        let result = try CommandRunner.latent(["new", "beta-vae", "--title", "A β-VAE"], in: project)
        XCTAssertEqual(result.status, 0, result.standardError)
        let edited = try String(contentsOfFile: project + "/chapters/catalog.json", encoding: .utf8)
        XCTAssertEqual(edited, catalog.replacingOccurrences(of: "\"loss\"\n    }\n", with: """
        "loss"
            },
            {
              "slug": "beta-vae",
              "directory": "chapters/02-beta-vae",
              "executable": "BetaVaeChapter",
              "thumbnail": "loss"
            }

        """))
        let (removed, added) = lineChanges(from: package, to: try String(contentsOfFile: project + "/Package.swift", encoding: .utf8))
        XCTAssertEqual(removed, [])
        XCTAssertEqual(added, ["        chapter(\"BetaVaeChapter\", \"chapters/02-beta-vae\"),"])
    }

    /// One line, `" : "` spacing or no entries at all: the new entry follows the file's layout.
    func testTheNewEntryFollowsTheCatalogsOwnLayout() throws {
        let entry = Catalog.Entry(slug: "b", directory: "chapters/02-b", executable: "BChapter", thumbnail: nil)
        XCTAssertEqual(try CatalogText.appending(entry, to: #"{"chapters": [{"slug": "a", "directory": "d", "executable": "A"}]}"#, path: "c"),
                       #"{"chapters": [{"slug": "a", "directory": "d", "executable": "A"}, {"slug": "b", "directory": "chapters/02-b", "executable": "BChapter"}]}"#)
        let spaced = "{\n  \"chapters\" : [\n    {\n      \"slug\" : \"a\",\n      \"directory\" : \"d\",\n      \"executable\" : \"A\"\n    }\n  ]\n}\n"
        XCTAssertEqual(try CatalogText.appending(entry, to: spaced, path: "c"), spaced.replacingOccurrences(
            of: "    }\n", with: "    },\n    {\n      \"slug\" : \"b\",\n      \"directory\" : \"chapters/02-b\",\n      \"executable\" : \"BChapter\"\n    }\n"))
        let empty = try CatalogText.appending(entry, to: "{\"chapters\": []}\n", path: "c")
        XCTAssertEqual(try JSONDecoder().decode(Catalog.self, from: Data(empty.utf8)).chapters, [entry])
        // A "chapters" string inside another value is not the array; no array is an error naming the file.
        XCTAssertThrowsError(try CatalogText.appending(entry, to: #"{"title": "chapters", "list": []}"#, path: "chapters/catalog.json")) {
            XCTAssertTrue("\($0)".contains("chapters/catalog.json"), "\($0)")
        }
    }

    /// Lines only in `old` and lines only in `new`, by a longest common subsequence.
    func lineChanges(from old: String, to new: String) -> (removed: [String], added: [String]) {
        let a = old.components(separatedBy: "\n"), b = new.components(separatedBy: "\n")
        var common = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var removed: [String] = [], added: [String] = [], i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] { i += 1; j += 1 } else if j < b.count, i == a.count || common[i][j + 1] >= common[i + 1][j] {
                added.append(b[j]); j += 1
            } else { removed.append(a[i]); i += 1 }
        }
        return (removed, added)
    }
}
