import Foundation
@testable import RunFormat
import XCTest

/// The flags `latent` hands a chapter program: what it writes, the program reads back.
final class ChapterOptionsTests: XCTestCase {
    func testArgumentsParseBackToTheSameOptionsToolchainIncluded() throws {
        var options = ChapterOptions(output: "out/x", checkpoints: "ck")
        options.seed = 3
        options.threads = 1
        options.epochs = 2
        options.retrain = true
        options.sources = "snap.json"
        options.sourceFile = "chapters/01-x/main.swift"
        options.toolchain = "Swift version 9.9 (test)"
        let parsed = try ChapterOptions.parse(options.arguments, slug: "x")
        XCTAssertEqual(parsed, options)
        XCTAssertEqual(parsed.resolvedToolchain, "Swift version 9.9 (test)")
    }

    func testAFlagWithoutItsValueIsAUsageErrorNamingTheFlag() {
        XCTAssertThrowsError(try ChapterOptions.parse(["--toolchain"], slug: "x")) { error in
            XCTAssertTrue("\(error)".contains("--toolchain needs a value"), "\(error)")
        }
    }
}
