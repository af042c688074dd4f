@testable import RunFormat
@testable import Weaver
import XCTest

/// Checked claims on the page: `{{claim.NAME: sentence}}` stated once, shown with a mark that
/// opens its evidence when it held and struck through beside its numbers when it did not; a claim
/// stated but never checked, checked but never stated, or stated twice is an author mistake.
final class ClaimTests: XCTestCase {
    let held = RunRecord.Claim(name: "vae_worse", held: true, evidence: "6.74 > 5.73 squared error per image", line: 9)
    let failed = RunRecord.Claim(name: "noise_digits", held: false, evidence: "41% < 90% of decoded noise classified confidently", line: 12)

    func renderer(_ text: String = "", claims: [RunRecord.Claim]? = nil) -> ProseRenderer {
        ProseRenderer(chapter: "t", values: ["metric.vae": "6.74", "metric.ae": "5.73"], sourcePath: "chapters/t/main.swift", sourceText: text,
                      claims: claims ?? [held, failed])
    }

    func testAHeldClaimReadsAsProseWithAMarkThatOpensItsEvidence() throws {
        let html = try renderer().html("Here {{claim.vae_worse: the VAE reconstructs *worse*,\n{{metric.vae}} against {{metric.ae}}.}} Then more.")
        XCTAssertTrue(html.hasPrefix("<p>Here <span class=\"claim held\" id=\"claim-vae-worse\">the VAE reconstructs <em>worse</em>, 6.74 against 5.73."),
                      html)
        XCTAssertTrue(html.contains("<button type=\"button\" class=\"claim-mark\" popovertarget=\"claim-vae-worse-check\" "
                                    + "aria-label=\"Checked in this run: show what was measured\""), html)
        XCTAssertTrue(html.contains("<span class=\"claim-check\" id=\"claim-vae-worse-check\" popover><strong>Checked in this run:</strong> "
                                    + "6.74 &gt; 5.73 squared error per image.</span> Then more.</p>"), html)
        XCTAssertEqual(html.components(separatedBy: "<p>").count, 2, "one paragraph: \(html)")
        XCTAssertFalse(html.contains("<s>"), html)
        for marker in ["\u{E004}", "\u{E005}", "\u{E008}", "\u{E009}", "\u{E00A}", "\u{E00B}"] { XCTAssertFalse(html.contains(marker), html) }
    }

    func testAFailedClaimIsStruckThroughBesideItsNumbers() throws {
        let html = try renderer().html("{{claim.noise_digits: Noise now decodes to digits.}}")
        XCTAssertEqual(html, "<p><span class=\"claim failed\" id=\"claim-noise-digits\"><s>Noise now decodes to digits.</s> "
                       + "<span class=\"claim-failed-note\"><strong>This did not hold in this run:</strong> "
                       + "41% &lt; 90% of decoded noise classified confidently.</span></span></p>")
    }

    func testClaimMistakesNameTheirLines() {
        let text = "//: # T\n//: Fine.\n//: {{claim.vea_worse: A typo.}}\n//: {{claim.vae_worse: Once.}}\n//: {{claim.vae_worse: Twice.}}\n"
        XCTAssertThrowsError(try renderer(text).html("Fine.\n{{claim.vea_worse: A typo.}}", lines: 2...3)) { error in
            XCTAssertTrue("\(error)".hasPrefix("chapters/t/main.swift:3: error: claim 'vea_worse' is stated but this run never checked it"), "\(error)")
            XCTAssertTrue("\(error)".contains("(checked: noise_digits, vae_worse)"), "\(error)")
        }
        XCTAssertThrowsError(try renderer(text).html(cells: [("{{claim.vae_worse: Once.}}", 4...4), ("{{claim.vae_worse: Twice.}}", 5...5)])) { error in
            XCTAssertEqual("\(error)", "chapters/t/main.swift:5: error: claim 'vae_worse' is stated again (first at line 4): state it once")
        }
        XCTAssertThrowsError(try renderer(text).html("{{claim.vae_worse}}", lines: 4...4)) { error in
            XCTAssertTrue("\(error)".contains("a claim needs a name and its sentence"), "\(error)")
        }
        XCTAssertThrowsError(try renderer(text).html("{{claim.vae_worse: never closed", lines: 4...4)) { error in
            XCTAssertTrue("\(error)".contains("is not closed by `}}`"), "\(error)")
        }
    }

    func testAClaimCheckedButNeverStatedIsAMistakeAtItsCheck() throws {
        var record = RunRecord(chapter: "t", seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        record.claims = [held, failed]
        let text = "//: # T\n//: {{claim.vae_worse: The VAE reconstructs worse.}}\nlet a = 1\n"
        func page(_ text: String) throws -> String {
            try ChapterPage(slug: "t", number: 1, source: ChapterSource(text: text), record: record, previous: nil, next: nil,
                            sourcePath: "chapters/t/main.swift").html()
        }
        XCTAssertThrowsError(try page(text)) { error in
            XCTAssertEqual("\(error)", "chapters/t/main.swift:12: error: claim 'noise_digits' is checked but the prose never states it: "
                           + "write {{claim.noise_digits: The sentence.}}")
        }
        let html = try page(text + "//: {{claim.noise_digits: Noise now decodes to digits.}}\n")
        XCTAssertTrue(html.contains("<dt>Claims</dt><dd>2 claims checked in this run, 1 held, 1 did not (struck through below)</dd>"), html)
        record.claims = [held]
        XCTAssertTrue(try page(text).contains("<dd>1 claim checked in this run, it held</dd>"))
    }
}
