import Foundation
import Notebook
@testable import RunFormat
@testable import Weaver
import TestSupport
import XCTest

/// Chapters are read as articles: their code may not reach for raw memory, string-matched run
/// records, Foundation or the image sizes as bare numbers, and every training loop shows its step.
final class ChapterStyleTests: XCTestCase {
    static let root = ProjectRoot.path

    /// Each chapter's source, by folder name.
    func chapters() throws -> [(name: String, source: ChapterSource)] {
        let folder = Self.root + "/chapters"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.first?.isNumber == true }.sorted()
        XCTAssertGreaterThanOrEqual(names.count, 4, "chapters not found under \(folder)")
        return try names.map { name in
            (name, ChapterSource(text: try String(contentsOfFile: "\(folder)/\(name)/main.swift", encoding: .utf8)))
        }
    }

    /// Image sizes that must be named (pixelsPerImage, imageSide, featureSide, tokensPerImage,
    /// gridSide), not typed: 28×28 = 784 pixels, 14×14 features, 7×7 = 49 tokens.
    static let imageSizes: Set<String> = ["784", "28", "14", "49"]

    /// Where `code` breaks a rule that sees tokens as the highlighter does (so "128" is not "28", and
    /// prose, strings and comments are not code): a bare image size, or a lookup by `.first { … }` or
    /// `.first(…)` (what `first(where:` was banned for, written another way). Each fault names its
    /// line; a chapter's prose (`//:` and `/*: … */`) is comments to the highlighter, so the whole file
    /// can be given and the lines are the file's.
    static func tokenFaults(in code: String) -> [String] {
        var faults: [String] = [], line = 1
        for token in SwiftHighlighter.tokens(code) {
            switch token.kind {
            case .number where imageSizes.contains(token.text):
                faults.append("line \(line): the literal \(token.text)")
            case .plain:
                for match in token.text.matches(of: #/\.first\s*[({]/#) {
                    let offset = token.text[..<match.range.lowerBound].filter { $0 == "\n" }.count
                    faults.append("line \(line + offset): \(match.output.filter { !$0.isWhitespace }) (a lookup by predicate)")
                }
            default:
                break
            }
            line += token.text.filter { $0 == "\n" }.count
        }
        return faults
    }

    /// The longest code line a chapter may have: a page shows code unwrapped, and a reader reads it.
    static let longestLine = 120

    /// Where `source` force-unwraps (`x!`, `f()!`, `try!`, `as!`): release builds are
    /// `-Ounchecked`, where a failed `!` is undefined behaviour, not a crash with a message. Read
    /// from the highlighter's tokens, so a `!` in a string or comment, `!=` and a prefix `!` (not)
    /// are not faults; interpolated code inside a string is code.
    static func forceUnwraps(in source: String) -> [String] {
        var faults: [String] = [], line = 1
        var previous: Character = " "  // the character before, in code ("\"" after a string, " " after a comment)
        for token in SwiftHighlighter.unmergedTokens(source) {
            switch token.kind {
            case .comment, .string:
                previous = token.kind == .string ? "\"" : " "
            default:
                let characters = Array(token.text)
                for (index, character) in characters.enumerated() {
                    let before = index > 0 ? characters[index - 1] : previous
                    if character == "!", before.isLetter || before.isNumber || before == "_" || before == ")" || before == "]" || before == ">"
                        || before == "?" || before == "`" {
                        let after = index + 1 < characters.count ? characters[index + 1] : " "
                        if after != "=" { faults.append("line \(line): a force-unwrap (`!` after \(before))") }
                    }
                    if character == "\n" { line += 1 }
                }
                previous = characters.last ?? previous
                continue
            }
            line += token.text.filter { $0 == "\n" }.count
        }
        return faults
    }

    /// The code lines of `source` longer than `longestLine` characters; prose (`//:` lines and
    /// `/*: … */` blocks) is Markdown that the page wraps, so it may run longer.
    static func longLines(in source: String) -> [String] {
        var code = Set<Int>(), line = 1  // lines with something besides prose on them
        for token in SwiftHighlighter.unmergedTokens(source) {
            let isProse = token.kind == .comment && (token.text.hasPrefix("//:") || token.text.hasPrefix("/*:"))
            for (offset, piece) in token.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !isProse && !piece.allSatisfy(\.isWhitespace) {
                code.insert(line + offset)
            }
            line += token.text.filter { $0 == "\n" }.count
        }
        return source.components(separatedBy: "\n").enumerated().compactMap { index, text in
            guard text.count > longestLine, code.contains(index + 1) else { return nil }
            return "line \(index + 1): \(text.count) characters (at most \(longestLine))"
        }
    }

    func testTheForceUnwrapRuleSeesOnlyCode() {
        XCTAssertEqual(Self.forceUnwraps(in: "let a = b!\nlet c = f()!.x\nlet d = xs[0]!\nlet e = try! g()\nlet h = y as! Int"),
                       ["line 1: a force-unwrap (`!` after b)", "line 2: a force-unwrap (`!` after ))", "line 3: a force-unwrap (`!` after ])",
                        "line 4: a force-unwrap (`!` after y)", "line 5: a force-unwrap (`!` after s)"])
        // Not force-unwraps: not-equal, a prefix not, a `!` in a string, a comment or prose.
        XCTAssertEqual(Self.forceUnwraps(in: "if a != b, !done { print(\"Hi!\") } // wow!\n//: Trained!\n/* x! */ let s = \"x!=y\""), [])
        // Interpolated code is code.
        XCTAssertEqual(Self.forceUnwraps(in: "let s = \"\\(value!) and \\(a != b)\""), ["line 1: a force-unwrap (`!` after e)"])
    }

    func testTheLineRuleCountsCodeAndLetsProseRun() {
        let long = String(repeating: "x", count: 121)
        XCTAssertEqual(Self.longLines(in: "let a = 1\nlet \(long) = 2\n//: \(long)\n/*:\n\(long)\n*/\n// \(long)"),
                       ["line 2: 129 characters (at most 120)", "line 7: 124 characters (at most 120)"])
        XCTAssertEqual(Self.longLines(in: String(repeating: "é", count: 120)), [], "characters, not bytes")
    }

    /// Chapter code a style test can trust: no force-unwrap, no code line over 120 characters.
    func testChapterCodeHasNoForceUnwrapAndNoLongLine() throws {
        for (name, source) in try chapters() {
            for fault in Self.forceUnwraps(in: source.text) + Self.longLines(in: source.text) {
                XCTFail("chapters/\(name)/main.swift, \(fault)")
            }
        }
    }

    func testTheTokenRulesSeeCodeAsTheHighlighterDoes() {
        XCTAssertEqual(SwiftHighlighter.tokens("f(784, 128) // 28").filter { $0.kind == .number }.map(\.text), ["784", "128"])
        XCTAssertEqual(Self.tokenFaults(in: "let side = 14 // 28\nlet s = \"49 tokens\"\nf(784, 0.14, 128)"),
                       ["line 1: the literal 14", "line 3: the literal 784"])
        XCTAssertEqual(Self.tokenFaults(in: "let a = xs.first { $0 > 1 }\nlet b = xs\n    .first (where: p)\nlet c = xs.first ?? 0"),
                       ["line 1: .first{ (a lookup by predicate)", "line 3: .first( (a lookup by predicate)"])
        XCTAssertEqual(Self.tokenFaults(in: "let i = xs.firstIndex(of: 1) // .first { }\nlet t = \"x.first(\""), [])
    }

    func testNoPlumbingInChapterCode() throws {
        for (name, source) in try chapters() {
            let code = source.code()
            for forbidden in ["UnsafeMutablePointer", "UnsafeBufferPointer", ".data[", ".data +", "first(where:", "Foundation.", "String(format:"] {
                XCTAssertFalse(code.contains(forbidden), "\(name) uses \(forbidden)")
            }
            for fault in Self.tokenFaults(in: source.text) {
                XCTFail("chapters/\(name)/main.swift, \(fault)")
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
