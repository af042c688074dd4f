import RunFormat
import Weaver
import TestSupport
import XCTest

/// Chapter 4 shows the transformer block in plain ops with `@include … #TransformerBlock`: the
/// excerpt found is the readable extension, open, with both lines a learner should see.
final class ReadableBlockIncludeTests: XCTestCase {
    func testChapterFourExcerptIsTheReadableBlock() throws {
        let path = "Sources/Models/ReadableTransformerBlock.swift"
        let chapter = try String(contentsOfFile: ProjectRoot.path + "/chapters/04-patch-prior/main.swift", encoding: .utf8)
        XCTAssertTrue(chapter.contains("//: @include \(path) #TransformerBlock"), "chapter 4 no longer shows the readable block")
        let text = try String(contentsOfFile: ProjectRoot.path + "/" + path, encoding: .utf8)
        let excerpt = try XCTUnwrap(SwiftDeclaration.extract("TransformerBlock", from: text))
        XCTAssertTrue(excerpt.text.contains("let x = x + attention(attentionNorm(x)"), excerpt.text)
        XCTAssertTrue(excerpt.text.contains("return x + mlp(mlpNorm(x))"), excerpt.text)
    }
}
