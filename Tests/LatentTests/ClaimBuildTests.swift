import Foundation
@testable import RunFormat
import XCTest

/// The demo chapter's claim ("training lowers the loss") through a whole build: recorded in
/// run.json, marked on the page; made false (one epoch has no later loss to be lower), struck
/// through, named by the build at the chapter's file and line, and fatal under `--strict`.
final class ClaimBuildTests: DemoProjectTestCase {
    var claimLine: Int {
        get throws {
            try XCTUnwrap(try String(contentsOfFile: chapterFile, encoding: .utf8).components(separatedBy: "\n")
                .firstIndex { $0.hasPrefix("chapter.claim(\"loss_fell\"") }) + 1
        }
    }

    func testAHeldClaimPassesStrictAndIsMarkedOnThePage() throws {
        let build = try latent(["build", "--no-compile", "--strict"])
        XCTAssertEqual(build.status, 0, build.standardError)
        let record = try RunRecord.read(from: project + "/site/demo/run.json")
        XCTAssertEqual(record.claims?.map(\.name), ["loss_fell"])
        XCTAssertEqual(record.claims?.first?.held, true)
        XCTAssertEqual(record.claims?.first?.line, try claimLine)
        let page = try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8)
        XCTAssertTrue(page.contains("<span class=\"claim held\" id=\"claim-loss-fell\">Training lowers the loss"), page)
        XCTAssertTrue(page.contains("1 claim checked in this run, it held"))
        XCTAssertTrue(page.contains("<details class=\"fold\"><summary><span class=\"fold-summary\">How the page draws the film and the loss curve"))
        XCTAssertFalse(build.standardError.contains("did not hold"), build.standardError)
    }

    func testAFailedClaimIsStruckThroughAndStrictStopsAtItsLine() throws {
        let line = try claimLine
        let plain = try latent(["build", "--no-compile", "--epochs", "1"])
        XCTAssertEqual(plain.status, 0, "without --strict a failed claim is reported, not fatal: \(plain.standardError)")
        XCTAssertTrue(plain.standardError.contains("chapter/main.swift:\(line): warning: claim 'loss_fell' did not hold"), plain.standardError)
        let page = try String(contentsOfFile: project + "/site/demo/index.html", encoding: .utf8)
        XCTAssertTrue(page.contains("<span class=\"claim failed\" id=\"claim-loss-fell\"><s>Training lowers the loss"), page)
        XCTAssertTrue(page.contains("1 claim checked in this run, 0 held, 1 did not"), page)

        let strict = try latent(["build", "--no-compile", "--epochs", "1", "--strict"])
        XCTAssertNotEqual(strict.status, 0, strict.standardError)
        XCTAssertTrue(strict.standardError.contains("chapter/main.swift:\(line): error: claim 'loss_fell' did not hold: "), strict.standardError)
    }

    func testAClaimStatedButNeverCheckedStopsTheBuildAtItsLine() throws {
        XCTAssertEqual(try latent(["build", "--no-compile"]).status, 0)
        try edit("//: Training reports each epoch's loss.\n", "//: Training reports each epoch's loss. {{claim.los_fell: A typo.}}\n")
        let line = try XCTUnwrap(try String(contentsOfFile: chapterFile, encoding: .utf8).components(separatedBy: "\n")
            .firstIndex { $0.contains("los_fell") }) + 1
        let build = try latent(["build"])
        XCTAssertNotEqual(build.status, 0)
        XCTAssertTrue(build.standardError.contains("chapter/main.swift:\(line): error: claim 'los_fell' is stated but this run never checked it"),
                      build.standardError)
    }
}
