import Foundation
import Notebook
@testable import RunFormat
@testable import Weaver
import XCTest

/// Chapters are read as articles: their code may not reach for raw memory, string-matched run
/// records, Foundation or the image sizes as bare numbers, and every training loop shows its step.
final class ChapterStyleTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Each chapter's source, by folder name.
    func chapters() throws -> [(name: String, source: ChapterSource)] {
        let folder = Self.root + "/chapters"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.first?.isNumber == true }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 4, "chapters not found under \(folder)")
        return try names.map { name in
            (name, ChapterSource(text: try String(contentsOfFile: "\(folder)/\(name)/main.swift", encoding: .utf8)))
        }
    }

    func testNoPlumbingInChapterCode() throws {
        // The check sees numbers as the highlighter does: "128" is not "28", prose is not code.
        XCTAssertEqual(SwiftHighlighter.tokens("f(784, 128) // 28").filter { $0.kind == .number }.map(\.text), ["784", "128"])
        for (name, source) in try chapters() {
            let code = source.code()
            for forbidden in ["UnsafeMutablePointer", "UnsafeBufferPointer", ".data[", ".data +", "first(where:", "Foundation.", "String(format:"] {
                XCTAssertFalse(code.contains(forbidden), "\(name) uses \(forbidden)")
            }
            // Image sizes are named (pixelsPerImage, imageSide, tokensPerImage, gridSide), not typed.
            let numbers = SwiftHighlighter.tokens(code).filter { $0.kind == .number }.map(\.text)
            for size in ["784", "28", "49"] {
                XCTAssertFalse(numbers.contains(size), "\(name) writes the literal \(size) in its code")
            }
        }
    }

    func testEveryTrainingLoopShowsItsStep() throws {
        var loops = 0
        for (name, source) in try chapters() {
            let lines = source.text.components(separatedBy: "\n")
            for (index, line) in lines.enumerated() where line.contains("chapter.trainOrRestore(") {
                let end = try XCTUnwrap(source.endOfTrailingClosure(startingAt: index + 1), "\(name): unclosed training closure")
                let body = lines[index..<end].joined(separator: "\n")
                for part in ["model: ", "optimizer: ", "backward()", ".update()", "progress.step(", "progress.epoch("] {
                    XCTAssertTrue(body.contains(part), "\(name), line \(index + 1): the training loop does not show \(part)")
                }
                XCTAssertFalse(body.contains(".enumerated()"), "\(name): progress counts the steps")
                loops += 1
            }
        }
        XCTAssertGreaterThanOrEqual(loops, 4)
    }
}
