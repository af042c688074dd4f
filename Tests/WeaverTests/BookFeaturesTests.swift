@testable import RunFormat
@testable import Weaver
import TestSupport
import XCTest

/// The weaver's book features: heading ids and the "on this page" list, self-checks,
/// cross-references and citations, and the author mistakes each can make.
final class BookFeaturesTests: XCTestCase {
    static let bib = """
        % keys: kingma2014, oord2017
        @article{kingma2014,
          author = {Kingma, Diederik P. and Welling, Max},
          title = {Auto-Encoding Variational {Bayes}},
          journal = "ICLR",
          year = 2014,
          eprint = {1312.6114}, archivePrefix = {arXiv}
        }
        A stray sentence between entries is a comment.
        @inproceedings{oord2017,
          author = {van den Oord, Aaron and Vinyals, Oriol and Kavukcuoglu, Koray},
          title = {Neural Discrete Representation Learning},
          booktitle = {Advances in Neural Information Processing Systems {30}},
          year = {2017},
          doi = {10.5555/3295222.3295378}
        }
        """

    func record(_ slug: String = "t") -> RunRecord {
        var record = RunRecord(chapter: slug, seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        record.figures = [
            .init(name: "samples", caption: "Six samples.", line: 6, png: "samples.png", svg: "samples.svg", width: 300, height: 100),
            .init(name: "grid", caption: "A grid.", line: 7, png: "grid.png", svg: "grid.svg", width: 300, height: 100),
        ]
        record.tables = [.init(title: "How the models compare {#tbl:comparison}", columns: ["a"], rows: [["1"]], line: 8)]
        record.metrics = [.init(name: "loss", value: 3.25, display: "3.25", line: 7)]
        return record
    }

    func page(_ text: String, slug: String = "t", others: [String: PageLabels] = [:]) throws -> ChapterPage {
        var page = ChapterPage(slug: slug, number: 2, source: ChapterSource(text: text), record: record(slug), previous: nil, next: nil,
                               sourcePath: "chapters/02-t/main.swift")
        page.chapterLabels = others
        page.bibliography = Bibliography(bib: try BibTeX(text: Self.bib, path: "chapters/references.bib"))
        return page
    }

    static let chapter = """
        //: # A chapter
        //:
        //: Intro, see @sec:the-model and @fig:grid.
        //: ## The model {#sec:model}
        //: Shown in @fig:samples, compared in @tbl:comparison, bound by @eq:elbo [@kingma2014; @oord2017].
        let a = 1
        let b = 2
        let c = 3
        //: ## The model
        //: $$\\mathcal{L} = a + b$$ {#eq:elbo}
        //: @predict What is the loss?
        //: @answer It is {{metric.loss}}.
        //: ### A detail
        //: The end [@oord2017].
        """

    func testHeadingsGetStableIDsLinksAndAnOnThisPageList() throws {
        let html = try page(Self.chapter).html()
        XCTAssertTrue(html.contains("<h2 id=\"model\">The model<a class=\"heading-anchor\" href=\"#model\""), html)
        XCTAssertTrue(html.contains("<h2 id=\"the-model\">The model<a"), "a second heading of the same text: its slug, as it is free")
        XCTAssertTrue(html.contains("<h3 id=\"a-detail\">"), html)
        XCTAssertFalse(html.contains("{#sec:"), "the label is not shown")
        for list in ["<details class=\"on-this-page folded\">", "<nav class=\"on-this-page side\""] {
            XCTAssertTrue(html.contains(list), list)
        }
        XCTAssertEqual(html.components(separatedBy: "<li class=\"level-2\"><a href=\"#model\">The model</a></li>").count - 1, 2)
        XCTAssertTrue(html.contains("<li class=\"level-3\"><a href=\"#a-detail\">A detail</a></li>"), html)
        XCTAssertTrue(html.contains("<a href=\"#references\">References</a>"), "a page that cites lists its references")
        XCTAssertTrue(html.contains("<script src=\"../on-this-page.js\"></script>"), html)
    }

    func testSlugsAndDuplicateHeadings() throws {
        XCTAssertEqual(Section.slug("Measuring \"looks like a digit\""), "measuring-looks-like-a-digit")
        XCTAssertEqual(Section.slug("Why drawing is quick: a cache of keys and values"), "why-drawing-is-quick-a-cache-of-keys-and-values")
        let sections = try Section.all(in: ChapterSource(text: "//: ## Same\n//: ## Same\n//: ## `Code` *here*"), file: "m.swift")
        XCTAssertEqual(sections.map(\.id), ["same", "same-2", "code-here"])
        XCTAssertEqual(sections.map(\.line), [1, 2, 3])
    }

    func testSelfCheckRevealsTheRunsNumber() throws {
        let html = try page(Self.chapter).html()
        XCTAssertTrue(html.contains("<details class=\"self-check\"><summary><span class=\"self-check-label\">Predict:</span> What is the loss?</summary>"), html)
        XCTAssertTrue(html.contains("<p>It is 3.25.</p></div></details>"), html)
        XCTAssertFalse(html.contains("@answer"), html)
        XCTAssertThrowsError(try page("//: # T\n//: @predict Nothing follows?\n//: Text.").html()) { error in
            XCTAssertEqual((error as? AuthorMistake)?.line, 2, "\(error)")
        }
        XCTAssertThrowsError(try page("//: # T\n//: Text.\n//: @answer 3").html()) { error in
            XCTAssertEqual((error as? AuthorMistake)?.line, 3, "\(error)")
        }
    }

    func testCrossReferencesAreNumberedLinksWithPreviews() throws {
        let html = try page(Self.chapter).html()
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#figure-samples\">Figure 1<span class=\"xref-card\" aria-hidden=\"true\"><picture>"), html)
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#figure-grid\">Figure 2"), html)
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#table-comparison\">Table 1"), html)
        XCTAssertTrue(html.contains("id=\"table-comparison\""), html)
        XCTAssertTrue(html.contains("<caption><strong>Table 1. </strong>How the models compare</caption>"), html)
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#eq-elbo\">Equation 1</a>"), html)
        XCTAssertTrue(html.contains("<div class=\"math-display numbered\" id=\"eq-elbo\">"), html)
        XCTAssertTrue(html.contains("<span class=\"equation-number\">(1)</span>"), html)
        let inParagraph = try page("//: # T\n//: It measures\n//: $$a + b$$ {#eq:sum}\n//: as @eq:sum.\nlet a = 1").html()
        XCTAssertTrue(inParagraph.contains("<span class=\"math-display numbered\" id=\"eq-sum\">"), "a formula inside a paragraph keeps its id")
        XCTAssertTrue(inParagraph.contains("<a class=\"xref\" href=\"#eq-sum\">Equation 1</a>"), inParagraph)
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"#the-model\">“The model”</a>"), html)
        // Every link's target is an id on the page.
        for target in ["figure-samples", "figure-grid", "table-comparison", "eq-elbo", "the-model", "model", "ref-kingma2014", "ref-oord2017"] {
            XCTAssertTrue(html.contains("id=\"\(target)\""), target)
        }
    }

    /// A claim's markers and a cross-reference's are told apart: claim 0 beside reference 0 in one
    /// paragraph keeps its mark and is not woven as the figure's link.
    func testAClaimBesideACrossReferenceKeepsItsMark() throws {
        var withClaim = record()
        withClaim.claims = [.init(name: "fine", held: true, evidence: "1 > 0", line: 4)]
        let text = "//: # T\n//: In @fig:samples, {{claim.fine: the samples look fine.}}\nlet a = 1\nlet b = 2\n"
        let html = try ChapterPage(slug: "t", number: 2, source: ChapterSource(text: text), record: withClaim, previous: nil,
                                   next: nil, sourcePath: "chapters/02-t/main.swift").html()
        XCTAssertTrue(html.contains("<span class=\"claim held\" id=\"claim-fine\">the samples look fine."), html)
        XCTAssertEqual(html.components(separatedBy: "href=\"#figure-samples\">Figure 1").count, 2, "one link to the figure: \(html)")
        for marker in ["\u{E004}", "\u{E005}", "\u{E008}", "\u{E009}", "\u{E00A}", "\u{E00B}"] { XCTAssertFalse(html.contains(marker)) }
    }

    func testReferencesAcrossChapters() throws {
        let vae = try page("//: # VAE\n//: ## Noise\nlet a = 1", slug: "vae").labels()
        let html = try page("//: # T\n//: See @vae/fig:grid and @vae/sec:noise.\nlet x = 1", others: ["vae": vae]).html()
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"../vae/index.html#figure-grid\">chapter 2’s Figure 2"), html)
        XCTAssertTrue(html.contains("src=\"../vae/grid.png\""), html)
        XCTAssertTrue(html.contains("<a class=\"xref\" href=\"../vae/index.html#noise\">chapter 2’s “Noise”</a>"), html)
    }

    func testCitationsLinkToAReferenceListOfTheWorksCited() throws {
        let html = try page(Self.chapter).html()
        XCTAssertTrue(html.contains("(<a class=\"citation\" href=\"#ref-kingma2014\" data-cite=\"kingma2014\">Kingma &amp; Welling, 2014"), html)
        XCTAssertTrue(html.contains(">van den Oord et al., 2017<span class=\"xref-card\""), html)
        XCTAssertTrue(html.contains("<section class=\"references\""), html)
        XCTAssertTrue(html.contains("<li id=\"ref-kingma2014\">Diederik P. Kingma, Max Welling (2014). <cite>Auto-Encoding Variational Bayes</cite>. ICLR. "
            + "<a href=\"https://arxiv.org/abs/1312.6114\">arXiv:1312.6114</a></li>"), html)
        XCTAssertTrue(html.contains("<a href=\"https://doi.org/10.5555/3295222.3295378\">doi:10.5555/3295222.3295378</a>"), html)
        XCTAssertEqual(html.components(separatedBy: "<li id=\"ref-oord2017\">").count, 2, "each work listed once")
        let none = try page("//: # T\n//: No citations; mail a@fig:x.\nlet a = 1").html()
        XCTAssertFalse(none.contains("class=\"references\""), "a page that cites nothing has no reference list")
    }

    func testBibTeXReader() throws {
        let bib = try BibTeX(text: Self.bib, path: "r.bib")
        XCTAssertEqual(bib.entries.map(\.key), ["kingma2014", "oord2017"])
        XCTAssertEqual(bib["oord2017"]?.familyNames, ["van den Oord", "Vinyals", "Kavukcuoglu"])
        XCTAssertEqual(bib["oord2017"]?.fields["booktitle"], "Advances in Neural Information Processing Systems 30")
        XCTAssertEqual(bib["kingma2014"]?.fields["year"], "2014")
        XCTAssertEqual(bib["oord2017"]?.line, 10)
        XCTAssertThrowsError(try BibTeX(text: "@misc{a, title = {x}}\n@book{a, title = \"y\"}", path: "r.bib")) { error in
            XCTAssertEqual((error as? AuthorMistake)?.description.hasPrefix("r.bib:2: error: duplicate key `a`"), true, "\(error)")
        }
        XCTAssertThrowsError(try BibTeX(text: "@misc{b, title = {open", path: "r.bib"))
    }

    /// The project's bibliography reads, lists its keys in its opening comment, and gives every work a
    /// link: a DOI, an arXiv id or (for a repository) a URL.
    func testTheProjectsReferencesAreComplete() throws {
        let root = ProjectRoot.path
        let text = try String(contentsOfFile: "\(root)/\(Bibliography.path)", encoding: .utf8)
        let bib = try BibTeX(text: text, path: Bibliography.path)
        let listed = text.split(separator: "\n").filter { $0.hasPrefix("%   ") }.compactMap { $0.dropFirst(4).split(separator: " ").first.map(String.init) }
        XCTAssertEqual(listed, bib.entries.map(\.key), "the comment block lists every key, in the file's order")
        XCTAssertGreaterThanOrEqual(bib.entries.count, 12)
        for entry in bib.entries {
            XCTAssertFalse(Bibliography.links(entry).isEmpty, "\(entry.key) has no DOI, arXiv id or URL")
            for link in Bibliography.links(entry) {
                XCTAssertTrue(link.url.hasPrefix("https://doi.org/10.") || link.url.hasPrefix("https://arxiv.org/abs/") || link.url.hasPrefix("https://github.com/"), link.url)
            }
            if let eprint = entry.fields["eprint"] {
                XCTAssertNotNil(eprint.range(of: #"^\d{4}\.\d{4,5}$"#, options: .regularExpression), "\(entry.key): \(eprint) is not an arXiv id")
            }
        }
        XCTAssertEqual(bib["chameleon2024"].map(Bibliography.label), "Chameleon Team, 2024", "an organisation in braces is one name")
        XCTAssertEqual(bib["oord2016"].map(Bibliography.label), "van den Oord et al., 2016")
        XCTAssertEqual(bib["hinton2006"].map(Bibliography.label), "Hinton & Salakhutdinov, 2006")
        XCTAssertEqual(bib["pytorchvae"].map(Bibliography.label), "PyTorch contributors", "a repository shows no year")
    }

    // MARK: The four author mistakes: each stops the weave at the chapter's file and line.

    func assertMistake(_ text: String, line: Int, mentions: String, others: [String: PageLabels] = [:],
                       file: StaticString = #filePath, lineNumber: UInt = #line) {
        XCTAssertThrowsError(try page(text, others: others).html(), file: file, line: lineNumber) { error in
            guard let mistake = error as? AuthorMistake else { return XCTFail("not an author mistake: \(error)", file: file, line: lineNumber) }
            XCTAssertEqual(mistake.file, "chapters/02-t/main.swift", file: file, line: lineNumber)
            XCTAssertEqual(mistake.line, line, "\(mistake)", file: file, line: lineNumber)
            XCTAssertTrue(mistake.message.contains(mentions), "\(mistake)", file: file, line: lineNumber)
        }
    }

    func testUnknownFigureNameIsAnAuthorMistake() {
        assertMistake("//: # T\n//: Fine.\n//: See @fig:sample here.\nlet a = 1", line: 3, mentions: "no figure named `sample` (figures: grid, samples)")
        assertMistake("//: # T\n//: See @live:samples.\nlet a = 1", line: 2, mentions: "no live figure named `samples`")
    }

    func testUnknownCitationKeyIsAnAuthorMistake() {
        assertMistake("//: # T\n//: As shown [@kingma2014; @nobody1999].\nlet a = 1", line: 2, mentions: "unknown citation key `@nobody1999`")
    }

    func testDuplicateLabelIsAnAuthorMistake() {
        assertMistake("//: # T\n//: ## A {#sec:x}\n//: ## B {#sec:x}\nlet a = 1", line: 3, mentions: "duplicate label `{#sec:x}`")
        assertMistake("//: # T\n//: $$a$$ {#eq:e}\n//: and\n//: $$b$$ {#eq:e}\nlet a = 1", line: 4, mentions: "duplicate label `{#eq:e}`")
    }

    func testReferenceToASectionOfAChapterThatDoesNotExistIsAnAuthorMistake() throws {
        let vae = try page("//: # VAE\n//: ## Noise\nlet a = 1", slug: "vae").labels()
        assertMistake("//: # T\n//: See @vea/sec:noise.\nlet a = 1", line: 2, mentions: "refers to a chapter that does not exist: no chapter has the slug `vea`",
                      others: ["vae": vae])
        assertMistake("//: # T\n//: See @vae/sec:nois.\nlet a = 1", line: 2, mentions: "chapter 2 (`vae`) has no section named `nois`", others: ["vae": vae])
    }
}
