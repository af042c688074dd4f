@testable import RunFormat
@testable import Weaver
import XCTest

final class SwiftHighlighterTests: XCTestCase {
    func testTokensReproduceTheSourceExactly() {
        let source = #"""
            @main struct App { // comment
                /* outer /* nested */ still comment */
                let s = "a \(b + "c") d", raw = #"x\(y)"#, n = 0x1F + 1.5e-3
                let multi = """
                    line "quoted"
                    """
                #if DEBUG
                func f<T: Equatable>(_ t: T) -> Bool { t == t }
                #endif
            }
            """#
        let tokens = SwiftHighlighter.tokens(source)
        XCTAssertEqual(tokens.map(\.text).joined(), source)
        func kind(of text: String) -> SwiftHighlighter.Kind? { tokens.first { $0.text.contains(text) }?.kind }
        XCTAssertEqual(kind(of: "@main"), .attribute)
        XCTAssertEqual(kind(of: "// comment"), .comment)
        XCTAssertEqual(kind(of: "nested */ still comment */"), .comment)
        XCTAssertEqual(kind(of: "0x1F"), .number)
        XCTAssertEqual(kind(of: "1.5e-3"), .number)
        XCTAssertEqual(kind(of: "line \"quoted\""), .string)
        XCTAssertEqual(kind(of: "#if"), .directive)
        XCTAssertEqual(kind(of: "Equatable"), .type)
        XCTAssertEqual(kind(of: "struct"), .keyword)
        XCTAssertEqual(tokens.first { $0.text.contains("b +") }?.kind, .plain, "interpolated code is code, not string")
        XCTAssertEqual(tokens.first { $0.text.contains("\"c\"") }?.kind, .string, "a string inside an interpolation")
    }

    func testHTMLIsEscaped() {
        XCTAssertEqual(SwiftHighlighter.html("a < b && c"), "a &lt; b &amp;&amp; c")
    }
}
