import Datasets
import Foundation
import TestSupport
import XCTest

/// A chapter program given a bad flag says so and exits with EX_USAGE (64), by the error's case.
final class ChapterUsageTests: XCTestCase {
    func testUnknownFlagExitsWithUsageStatus() throws {
        let process = Process()
        process.executableURL = CommandRunner.executable.deletingLastPathComponent().appendingPathComponent("DemoChapter")
        process.arguments = ["--no-such-flag"]
        let error = Pipe()
        process.standardError = error
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 64)
        XCTAssertTrue(message.contains("unknown option '--no-such-flag'"), message)
    }
}
