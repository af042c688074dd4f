import Foundation
@testable import Notebook
@testable import RunFormat
@testable import Weaver
import TestSupport
import XCTest

/// The page scripts against the Swift they stand for (each model's outputs on fixed inputs), and a
/// page woven with every kind of live figure, driven in headless Chromium: both in `node --test`,
/// on the fixtures PageScriptFixtures writes (see Tests/PageScripts).
final class PageScriptTests: XCTestCase {
    private let root = ProjectRoot.path

    func testPageScriptsComputeWhatSwiftComputesAndRunInABrowser() throws {
        let folder = NSTemporaryDirectory() + "latent-page-scripts-\(UUID().uuidString)"
        let site = "\(folder)/site/vae"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)

        // Every kind of live figure, each after one line of the fixture chapter.
        var fixtures = PageScriptFixtures(folder: folder, site: site)
        var record = RunRecord(chapter: "vae", seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        let film = try fixtures.trainingFilm(line: 3)
        record.liveFigures = [try fixtures.latentExplorer(line: 2), film.film, try fixtures.tokenEditor(line: 4),
                              try fixtures.patchWriter(line: 5)] + (try fixtures.wordsAndPatches(lines: (6, 7)))
        // The film's static strip: the live film's fallback, drawn inside it rather than as a figure of its own.
        record.figures = [film.strip]
        try MathAssets.install(into: "\(folder)/site")
        // Every page script beside the page, as the weaver copies them.
        var scripts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: "\(root)/Sources/PageScripts") where name.hasSuffix(".js") {
            scripts[name] = try String(contentsOfFile: "\(root)/Sources/PageScripts/\(name)", encoding: .utf8)
            try scripts[name]!.write(toFile: "\(site)/\(name)", atomically: true, encoding: .utf8)
        }
        let page = ChapterPage(slug: "vae", number: 1,
                               source: ChapterSource(text: "//: # Fixture\nlet planar = 2\nlet film = 3\nlet tokens = 4\nlet writer = 5\nlet sentence = 6\nlet sketch = 7\n"),
                               record: record, previous: nil, next: nil, pageScripts: scripts)
        let html = try page.html()
        try html.write(toFile: "\(site)/index.html", atomically: true, encoding: .utf8)
        try Stylesheet.site.write(toFile: "\(folder)/site/style.css", atomically: true, encoding: .utf8)
        // The page links the site's shared script one folder up, as a chapter's page does.
        try OnThisPage.script.write(toFile: "\(folder)/site/\(OnThisPage.scriptFile)", atomically: true, encoding: .utf8)
        // Scripts once each, helpers before the scripts that use them; the figures' data is not
        // loaded with the page but named by each figure, for page-data.js to load when it nears.
        XCTAssertTrue(html.contains(
            "<script src=\"page-data.js\"></script><script src=\"layers.js\"></script><script src=\"drawing.js\"></script>"
            + "<script src=\"latent-explorer.js\"></script><script src=\"training-film.js\"></script><script src=\"vq-decoder.js\"></script>"
            + "<script src=\"token-editor.js\"></script><script src=\"transformer.js\"></script><script src=\"sampling.js\"></script>"
            + "<script src=\"patch-writer.js\"></script><script src=\"words-and-patches.js\"></script><script src=\"sentence-writer.js\"></script>"
            + "<script src=\"vq-encoder.js\"></script><script src=\"sketch-captioner.js\"></script>"))
        XCTAssertFalse(html.contains("<script src=\"latent-explorer-data.js\">"))
        XCTAssertEqual(html.components(separatedBy: "<figure").count - 1, 6, "six live figures, the strip inside the film")
        XCTAssertTrue(html.contains("<div class=\"live-fallback\"><a href=\"film.svg\"><picture>"), html)
        XCTAssertTrue(html.contains("<p class=\"fallback-caption\">A fixture strip.</p></div>"), "the strip's caption stays with the strip: \(html)")
        XCTAssertTrue(html.contains("<strong>Figure 2. </strong>A fixture film-film.</figcaption>"), "the caption describes the live film: \(html)")
        XCTAssertTrue(html.contains("data-source=\"latent-explorer-data.js\""))

        guard let node = ["/usr/bin/node", "/usr/local/bin/node"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("node is not installed: the page scripts cannot be compared with Swift here")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["--test", "Tests/PageScripts/"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["LATENT_FIXTURES": folder, "LATENT_PAGE": "\(site)/index.html"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertFalse(text.contains("# skip 1") && text.contains("LATENT_FIXTURES"), text)
        print(text.split(separator: "\n").filter { $0.contains("explorer:") || $0.contains("editor:") || $0.contains("writer:") || $0.contains("encoder:")
            || $0.contains("patches:") || $0.hasPrefix("# ") }.joined(separator: "\n"))
    }
}
