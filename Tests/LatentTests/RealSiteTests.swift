import Foundation
import Integrity
import Learning
import Notebook
@testable import RunFormat
@testable import Weaver
import Captions
import TestSupport
import XCTest

/// Checks on the real chapters: their sources tokenize exactly, and — when `make site` has built the
/// site — their pages show only verbatim code and link only to files that exist.
final class RealSiteTests: XCTestCase {
    let root = ProjectRoot.path

    func chapterSources() throws -> [(slug: String, path: String, text: String)] {
        let catalog = try Catalog.read(from: root + "/chapters/catalog.json")
        return try catalog.chapters.map { entry in
            let path = "\(root)/\(entry.directory)/main.swift"
            return (entry.slug, path, try String(contentsOfFile: path, encoding: .utf8))
        }
    }

    func testChapterSourcesTokenizeExactlyAndHaveATitleAndSummary() throws {
        for chapter in try chapterSources() {
            XCTAssertEqual(SwiftHighlighter.tokens(chapter.text).map(\.text).joined(), chapter.text, chapter.slug)
            let source = ChapterSource(text: chapter.text)
            XCTAssertNotNil(source.title, chapter.slug)
            XCTAssertNotNil(source.summary, chapter.slug)
            for case let .include(path, _, _) in source.cells {
                XCTAssertTrue(FileManager.default.fileExists(atPath: "\(root)/\(path)"), "\(chapter.slug) includes missing \(path)")
            }
        }
    }

    func testBuiltPagesShowVerbatimCodeAndResolvingLinks() throws {
        let site = root + "/output"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: site + "/index.html"), "no site in output/: run `make site` to include this test")
        for chapter in try chapterSources() {
            let folder = "\(site)/\(chapter.slug)"
            guard let page = try? String(contentsOfFile: "\(folder)/index.html", encoding: .utf8) else { continue }
            // The page is woven from the sources its run executed, kept beside it …
            let ran = try String(contentsOfFile: "\(folder)/\(RunSources.chapterFile)", encoding: .utf8)
            let record = try RunRecord.read(from: "\(folder)/run.json")
            XCTAssertEqual(Integrity.SHA256.hexDigest(of: ran), record.sourceSHA256, "\(chapter.slug): kept source is the one that ran")
            // … which is the chapter file itself whenever the run is current.
            if record.sourceSHA256 == Integrity.SHA256.hexDigest(of: chapter.text) { XCTAssertEqual(ran, chapter.text) }
            // … the files it shows (included or compared), and the page scripts its live figures run.
            var included = ChapterSource(text: ran).cells.flatMap(\.shownFiles).compactMap { path in
                try? String(contentsOfFile: RunSources.includedPath(path, in: folder), encoding: .utf8)
            }
            for file in (record.liveFigures ?? []).flatMap({ [$0.script, PageData.helperFile] + ($0.uses ?? []) }) {
                included.append(try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8))
            }
            for block in page.components(separatedBy: "<code>").dropFirst().map({ $0.components(separatedBy: "</code>")[0] }) where block.contains("\n") {
                let text = block.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&amp;", with: "&")
                // A comparison marks each line (−, + or two spaces): each line must be a line of a shown file.
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
                if lines.allSatisfy({ $0.hasPrefix("− ") || $0.hasPrefix("+ ") || $0.hasPrefix("  ") }) {
                    for line in lines.map({ String($0.dropFirst(2)) }) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                        XCTAssertTrue(included.contains { $0.contains(line) }, "\(chapter.slug): compared line not in the files shown:\n\(line)")
                    }
                    continue
                }
                XCTAssertTrue(ran.contains(text) || included.contains { $0.contains(text) }, "\(chapter.slug): code not in the sources that ran:\n\(text.prefix(200))")
            }
            let links = try NSRegularExpression(pattern: #"(?:src|href|srcset)="([^"]+)""#)
            for match in links.matches(in: page, range: NSRange(page.startIndex..., in: page)) {
                // A srcset candidate is a URL and a descriptor ("loss-dark.png 2x"), and a link into another
                // page (a file an earlier chapter showed) names the page before its `#`.
                let target = String(page[Range(match.range(at: 1), in: page)!].split(separator: " ").first ?? "").components(separatedBy: "#")[0]
                guard !target.hasPrefix("http"), !target.isEmpty else { continue }
                let path = ("\(folder)/\(target)" as NSString).standardizingPath
                XCTAssertTrue(FileManager.default.fileExists(atPath: path), "\(chapter.slug) links to missing \(target)")
            }
        }
    }

    /// Chapter 6's exported images and prompts (its second draw): the files its run recorded, one entry per image,
    /// 20 consecutive images per prompt, and every prompt of the page's prompt grid among them.
    func testExportedGenerationsMatchTheRun() throws {
        let folder = root + "/output/steering-and-speed"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: folder + "/run.json"), "chapter 6 has not run: `make site` includes this test")
        let record = try RunRecord.read(from: folder + "/run.json")
        XCTAssertEqual(try GeneratedExport.fingerprint(in: folder), record.texts["generated_sha256"], "the published files are the ones the run wrote")
        let export = try GeneratedExport.read(from: folder)
        XCTAssertEqual(export.side, 28)
        XCTAssertEqual(export.images.count, export.entries.count)
        XCTAssertEqual(Double(export.entries.count), record.metrics.first { $0.name == "generated" }?.value)
        let prompts = export.entries.map(\.prompt)
        for start in stride(from: 0, to: prompts.count, by: 20) { XCTAssertEqual(Set(prompts[start..<start + 20]).count, 1, "prompt block at \(start)") }
        for entry in export.entries.prefix(40) {
            XCTAssertTrue(entry.prompt.contains(entry.attributes["weight"] ?? "?") && entry.prompt.contains(entry.attributes["slant"] ?? "?"),
                          entry.prompt)
        }
        // The grid's rows are prompts of the export (their first 8 images are what the grid shows).
        for prompt in ["a thin two leaning left", "a bold two leaning left", "a bold two leaning right", "a bold seven leaning right"] {
            XCTAssertTrue(prompts.contains(prompt), prompt)
        }
    }
}
