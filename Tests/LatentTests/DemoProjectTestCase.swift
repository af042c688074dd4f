import Foundation
import TestSupport
import XCTest

/// Tests that edit a chapter: a project of their own holding a copy of the demo chapter (see
/// `SiteFixture.makeDemoProject`), in which `latent` runs the compiled demo program.
class DemoProjectTestCase: XCTestCase {
    var fixture: SiteFixture!
    var project: String { fixture.project }
    var chapterFile: String { project + "/chapter/main.swift" }
    /// Flags every `latent` call of the test gets besides the project's own.
    var extraArguments: [String] { [] }

    override func setUpWithError() throws {
        fixture = try SiteFixture()
        try fixture.makeDemoProject(at: project)
    }

    override func tearDown() { fixture.remove() }

    /// `latent <verb>` in the project. The project has no Package.swift, so a build that tried to
    /// compile would fail: what does not pass `--no-compile` shows that it compiles nothing.
    func latent(_ verb: [String]) throws -> CommandRunner.Result {
        try CommandRunner.latent(verb + SiteFixture.arguments(data: fixture.data) + extraArguments, in: project)
    }

    /// Makes the project's site the one a first `latent build` writes (trained, computed, drawn),
    /// copied from a project built once for the whole test run.
    func startFromBuiltSite() throws { try fixture.startFromBuiltSite() }

    /// Rewrites the chapter with `change`.
    func edit(_ change: (String) -> String) throws {
        try change(try String(contentsOfFile: chapterFile, encoding: .utf8)).write(toFile: chapterFile, atomically: true, encoding: .utf8)
    }

    /// Replaces `old`, which must be in the chapter, with `new`.
    func edit(_ old: String, _ new: String) throws {
        try edit { text in
            XCTAssertTrue(text.contains(old), old)
            return text.replacingOccurrences(of: old, with: new)
        }
    }
}
