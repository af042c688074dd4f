@testable import Notebook
@testable import RunFormat
@testable import Weaver
import XCTest

/// `@include` in proportion: checked paths, one declaration by name, folded files, links to an
/// earlier chapter, and the plumbing every chapter has left off the page.
final class IncludeTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "include-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/Sources/M", withIntermediateDirectories: true)
        try "/// A model.\nstruct M {}\n".write(toFile: root + "/Sources/M/M.swift", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func testIncludePathsMustNameAFileInsideTheProject() {
        XCTAssertNil(ChapterSource.problem(withShownPath: "Sources/M/M.swift", root: root))
        for (path, words) in [("../../../etc/passwd", "leaves the project"), ("/etc/passwd", "not relative"),
                              ("Sources/M/Missing.swift", "no such file"), ("Sources/M", "folder"), ("", "needs a path")] {
            let problem = ChapterSource.problem(withShownPath: path, root: root)
            XCTAssertTrue(problem?.contains(words) == true, "\(path): \(problem ?? "accepted")")
        }
        let source = ChapterSource(text: "//: # T\nlet a = 1\n//: @include Sources/M/M.swift\n//: @include ../../../etc/passwd\n")
        XCTAssertThrowsError(try source.checkShownFiles(root: root, file: "chapters/01-t/main.swift")) { error in
            XCTAssertEqual(error as? AuthorMistake, AuthorMistake(file: "chapters/01-t/main.swift", line: 4,
                                                                   message: "../../../etc/passwd leaves the project (`..` is not allowed)"))
        }
    }

    func testIncludeNamesASymbol() {
        let source = ChapterSource(text: "//: @include Sources/Models/VQVAE.swift #quantize\n//: @include Sources/A.swift\n")
        XCTAssertEqual(source.cells, [.include(path: "Sources/Models/VQVAE.swift", symbol: "quantize", lines: 1...1),
                                      .include(path: "Sources/A.swift", symbol: nil, lines: 2...2)])
        XCTAssertEqual(source.includes, ["Sources/Models/VQVAE.swift", "Sources/A.swift"], "narrowing an include to a symbol is a prose edit")
    }

    func testDeclarationIsCutOutByTokensWithItsDocComment() throws {
        let file = """
            /// A layer.
            public struct Layer {
                let note = "func quantize() { not this }"
                // quantize mentioned in a comment
                /// Nearest entry.
                @inlinable
                public func quantize(_ x: [Int],
                                     into y: Int) -> Int {
                    if x.isEmpty { return "}".count }
                    return y
                }

                let size = 3
            }
            """
        let found = try XCTUnwrap(SwiftDeclaration.extract("quantize", from: file))
        XCTAssertEqual(found.lines, 5...11)
        XCTAssertTrue(found.text.hasPrefix("    /// Nearest entry.\n    @inlinable\n    public func quantize"), found.text)
        XCTAssertTrue(found.text.hasSuffix("        return y\n    }"), found.text)
        XCTAssertTrue(file.contains(found.text), "shown verbatim")
        XCTAssertEqual(SwiftDeclaration.extract("size", from: file)?.lines, 13...13)
        XCTAssertEqual(SwiftDeclaration.extract("Layer", from: file)?.lines, 1...14)
        XCTAssertNil(SwiftDeclaration.extract("missing", from: file))
    }

    func page(_ text: String, files: [String: String], earlier: [String: ChapterPage.Link] = [:], record: RunRecord? = nil) -> ChapterPage {
        let record = record ?? RunRecord(chapter: "t", seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        return ChapterPage(slug: "t", number: 2, source: ChapterSource(text: text), record: record, previous: nil, next: nil,
                           includedFiles: files, sourcePath: "chapters/02-t/main.swift", shownEarlier: earlier)
    }

    func testIncludedFilesAreFoldedExcerptedOrLinked() throws {
        let file = "/// The model. It has parts.\nstruct M {\n    func encode() -> Int { 1 }\n    func decode() -> Int { 2 }\n}\n"
        let folded = try page("//: # T\n//: @include Sources/M.swift\nlet a = 1\n", files: ["Sources/M.swift": file]).html()
        XCTAssertTrue(folded.contains("<details class=\"cell included\" id=\"file-Sources-M-swift\"><summary><code>Sources/M.swift</code> (5 lines): The model.</summary>"), folded)
        let excerpt = try page("//: # T\n//: @include Sources/M.swift #decode\n", files: ["Sources/M.swift": file]).html()
        XCTAssertTrue(excerpt.contains("lines 4–4:"), excerpt)
        XCTAssertTrue(excerpt.contains("<details class=\"whole-file\">"), excerpt)
        let linked = try page("//: # T\n//: @include Sources/M.swift\n", files: ["Sources/M.swift": file],
                              earlier: ["Sources/M.swift": .init(slug: "one", title: "One")]).html()
        XCTAssertTrue(linked.contains("<a href=\"../one/index.html#file-Sources-M-swift\">One</a>"), linked)
        XCTAssertFalse(linked.contains("func encode"), "a file shown earlier is not reprinted")
    }

    func testAFoldedFileIsSummedUpByItsMainDocComment() {
        let file = "/// Per-epoch numbers.\nstruct H {}\n\n/// The VQ-VAE (van den Oord et al. 2017), trained once. Shared with\n/// chapter 4.\nfunc train() {}\n"
        XCTAssertEqual(IncludedFile(path: "A.swift", text: file, anchor: "a").summary, "The VQ-VAE (van den Oord et al. 2017), trained once.")
        XCTAssertNil(IncludedFile(path: "A.swift", text: "struct A {}", anchor: "a").summary)
        let named = "/// A block. Two halves.\n@frozen\npublic struct Block {\n    /// The block applied to a batch of\n    /// sequences, with heads\n    /// of attention.\n    func run() {}\n}\n"
        XCTAssertEqual(IncludedFile(path: "Sources/Models/Block.swift", text: named, anchor: "a").summary, "A block.", "the type the file is named after")
    }

    func testTheRunBoxNamesModelsForAReader() {
        XCTAssertEqual(RunBox.readable("vae-2d"), "VAE with 2-D codes")
        XCTAssertEqual(RunBox.readable("vq-vae"), "VQ-VAE")
        XCTAssertEqual(RunBox.readable("autoencoder"), "Auto-encoder")
        XCTAssertEqual(RunBox.readable("words-and-patches"), "Words and patches")
    }

    func testBadIncludesAreErrorsAtTheirLine() {
        XCTAssertThrowsError(try page("//: # T\nlet a = 1\n//: @include Sources/Missing.swift\n", files: [:]).html()) { error in
            XCTAssertEqual("\(error)", "chapters/02-t/main.swift:3: error: Sources/Missing.swift: no such file in the project")
        }
        XCTAssertThrowsError(try page("//: # T\n//: @include Sources/M.swift #nothing\n", files: ["Sources/M.swift": "struct M {}"]).html()) { error in
            XCTAssertEqual((error as? AuthorMistake)?.line, 2, "\(error)")
        }
        XCTAssertThrowsError(try page("//: # T\n//: @include ../../etc/passwd\n", files: ["../../etc/passwd": "root:x:0:0"]).html()) { error in
            XCTAssertTrue("\(error)".contains("leaves the project"), "\(error)")
        }
    }

    func testImportsAndFinishAreNotShownAndMetricsOnlyWhenAsked() throws {
        var record = RunRecord(chapter: "t", seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        record.metrics = [.init(name: "quiet", value: 1, display: "1.00", line: 4), .init(name: "loud", value: 2, display: "2.00", line: 4, shown: true)]
        let html = try page("//: # T\nimport Learning\nimport Notebook\nlet a = 1\n\nchapter.finish()\n", files: [:], record: record).html()
        XCTAssertFalse(html.contains("import"), html)
        XCTAssertFalse(html.contains("finish"), html)
        XCTAssertTrue(html.contains("data-lines=\"4–4\""), html)
        XCTAssertTrue(html.contains(">loud</span>"), html)
        XCTAssertFalse(html.contains(">quiet</span>"), html)
    }
}
