import Datasets
import Foundation
import TestSupport
import XCTest

/// A temporary project holding a copy of the demo chapter (`makeDemoProject`), its site and the
/// tiny IDX files the test writes itself. `latent` runs in the project, whose sources are the
/// chapter and the page scripts only: reading them for keys takes milliseconds, where the whole
/// repository's would take seconds per command.
struct SiteFixture {
    let folder: String
    var project: String { folder + "/project" }
    var site: String { project + "/site" }
    var data: String { folder + "/data" }

    init() throws {
        folder = NSTemporaryDirectory() + "latent-site-\(UUID().uuidString)"
        // Boxes of varying size around the centre, one per image.
        try SyntheticIDX.writeSplits(into: data, train: 64, test: 16) { image, row, column in
            abs(row - 14) < 3 + image % 5 && abs(column - 14) < 2 + image % 7 ? 255 : 0
        }
    }

    /// Makes `folder` a project of its own holding a copy of the demo chapter in `chapter/`, with
    /// a catalog and the page scripts its live figures copy; the program run is the compiled demo.
    func makeDemoProject(at folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder + "/chapter", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/Sources", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ProjectRoot.path + "/Tests/Fixtures/demo-chapter/main.swift", toPath: folder + "/chapter/main.swift")
        try FileManager.default.copyItem(atPath: ProjectRoot.path + "/Sources/PageScripts", toPath: folder + "/Sources/PageScripts")
        try FileManager.default.createDirectory(atPath: folder + "/chapters", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ProjectRoot.path + "/chapters/references.bib", toPath: folder + "/chapters/references.bib")
        try #"{"chapters": [{"slug": "demo", "directory": "chapter", "executable": "DemoChapter"}]}"#
            .write(toFile: folder + "/catalog.json", atomically: true, encoding: .utf8)
    }

    /// Every src, href and srcset URL of `html` (what a page links).
    static func links(in html: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"(?:src|href|srcset)="([^"]+)""#)
        // A srcset candidate is a URL and a descriptor ("loss-dark.png 2x"): the URL is the link.
        return pattern.matches(in: html, range: NSRange(html.startIndex..., in: html)).map {
            String(html[Range($0.range(at: 1), in: html)!].split(separator: " ").first ?? "")
        }
    }

    /// Makes the project and its site the ones a first `latent build` writes (trained, computed,
    /// drawn), copied from a project built once for the whole test run (`BuiltDemoProject`).
    func startFromBuiltSite() throws {
        try BuiltDemoProject.copy(into: project)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// Arguments pointing `latent` (run in `project`) at its catalog, this fixture's data and site,
    /// and the compiled demo program.
    var siteArguments: [String] { Self.arguments(data: data) + ["--no-compile"] }

    /// The flags that point `latent` at a demo project's catalog, site and data, and the compiled demo.
    static func arguments(data: String) -> [String] {
        ["--catalog", "catalog.json", "--output", "site", "--data-directory", data,
         "--executables", CommandRunner.executable.deletingLastPathComponent().path]
    }

    /// `latent <verb>` in the demo project (made first with `makeDemoProject(at: project)`).
    func latent(_ verb: [String], extra: [String] = []) throws -> CommandRunner.Result {
        try CommandRunner.latent(verb + siteArguments + extra, in: project)
    }

    func read(_ relative: String) throws -> String { try String(contentsOfFile: "\(site)/\(relative)", encoding: .utf8) }
    func bytes(_ relative: String) -> Data? { FileManager.default.contents(atPath: "\(site)/\(relative)") }
}
