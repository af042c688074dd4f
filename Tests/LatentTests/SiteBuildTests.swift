import Foundation
import Learning
import Notebook
@testable import RunFormat
@testable import Weaver
import TestSupport
import XCTest

/// `latent build`, `chapter`, `figures`, `list` end to end on the demo chapter.
final class SiteBuildTests: XCTestCase {
    var fixture: SiteFixture!

    override func setUpWithError() throws {
        fixture = try SiteFixture()
        try fixture.makeDemoProject(at: fixture.project)
    }
    override func tearDown() { fixture.remove() }

    func build(_ extra: [String] = [], file: StaticString = #filePath, line: UInt = #line) throws -> CommandRunner.Result {
        let result = try fixture.latent(["build"], extra: extra)
        XCTAssertEqual(result.status, 0, result.standardError, file: file, line: line)
        return result
    }

    func testBuiltPageShowsTheSourceVerbatimAndEveryLinkResolves() throws {
        try fixture.startFromBuiltSite()
        let page = try fixture.read("demo/index.html")
        // What the page may show: the chapter, and the page scripts its film runs (shown under it).
        let scripts = ProjectRoot.path + "/Sources/PageScripts"
        let sources = try [String(contentsOfFile: ProjectRoot.path + "/Tests/Fixtures/demo-chapter/main.swift", encoding: .utf8)]
            + FileManager.default.contentsOfDirectory(atPath: scripts).map { try String(contentsOfFile: "\(scripts)/\($0)", encoding: .utf8) }
        // Every code block, with its highlighting removed and entities decoded, is a verbatim slice.
        let blocks = page.components(separatedBy: "<code>").dropFirst().map { $0.components(separatedBy: "</code>")[0] }
        let codeBlocks = blocks.filter { $0.contains("\n") }
        XCTAssertGreaterThanOrEqual(codeBlocks.count, 3)
        for block in codeBlocks {
            let text = decodeEntities(block.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression))
            XCTAssertTrue(sources.contains { $0.contains(text) }, "not a slice of the source:\n\(text)")
        }
        // Every img src, source srcset and a href inside the site exists.
        for relative in ["index.html", "demo/index.html"] {
            let html = try fixture.read(relative)
            let folder = (relative as NSString).deletingLastPathComponent
            for link in SiteFixture.links(in: html) where !link.hasPrefix("http") {
                // A link into a page names an id that page has (a section, figure, table, equation, reference).
                let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                let target = parts[0].isEmpty ? relative : (folder as NSString).appendingPathComponent(parts[0])
                let path = ((fixture.site as NSString).appendingPathComponent(target) as NSString).standardizingPath
                XCTAssertTrue(FileManager.default.fileExists(atPath: path), "\(relative) links to missing \(link)")
                if parts.count == 2, let page = try? String(contentsOfFile: path, encoding: .utf8) {
                    XCTAssertTrue(page.contains("id=\"\(parts[1])\""), "\(relative) links to \(link), which has no such id")
                }
            }
        }
        // Prose cites the run record; outputs follow the code that made them; KaTeX typeset the
        // math at build time (its stylesheet and fonts ship with the site: the links above resolve).
        let record = try RunRecord.read(from: fixture.site + "/demo/run.json")
        let mse = try XCTUnwrap(record.metrics.first { $0.name == "test_mse" })
        XCTAssertTrue(page.contains("The reconstruction error on the test images is \(mse.display)."))
        XCTAssertTrue(page.contains("<span class=\"katex\"><span class=\"katex-mathml\"><math xmlns"))
        XCTAssertTrue(fixture.bytes("katex/fonts/KaTeX_Main-Regular.woff2") != nil, "the fonts the stylesheet names ship with the site")
        XCTAssertTrue(page.contains("Figure 1.") && page.contains("Figure 2."))
        let lossFigure = try XCTUnwrap(page.range(of: "loss.png")), lossCode = try XCTUnwrap(page.range(of: "history.series"))
        XCTAssertLessThan(lossCode.lowerBound, lossFigure.lowerBound, "the figure comes right after its code")
        XCTAssertEqual(record.trainings.first?.epochs.count, 3)
        XCTAssertTrue(try fixture.read("index.html").contains("A demo chapter"))
    }

    func testFashionVariantIsASecondSiteBesideTheFirst() throws {
        try fixture.startFromBuiltSite()
        let mnistPage = try fixture.read("demo/index.html")
        XCTAssertFalse(mnistPage.contains("This page was built on"), "no variant note on the MNIST site")
        _ = try build(["--dataset", "fashion-mnist"])
        let fashionPage = try fixture.read("fashion-mnist/demo/index.html")
        XCTAssertTrue(fashionPage.contains("This page was built on Fashion-MNIST."), "the variant says what differs")
        XCTAssertEqual(try RunRecord.read(from: fixture.site + "/fashion-mnist/demo/run.json").dataset.name, "fashion-mnist")
        XCTAssertTrue(try fixture.read("fashion-mnist/index.html").contains("Fashion-MNIST"))
        XCTAssertEqual(try fixture.read("demo/index.html"), mnistPage, "building the variant leaves the MNIST site alone")
        let rebuilt = try build()
        XCTAssertTrue(rebuilt.standardError.contains("0 of 1 chapters run"), "the variant's runs do not make MNIST's stale")
        XCTAssertTrue(FileManager.default.fileExists(atPath: fixture.site + "/fashion-mnist/demo/index.html"), "and MNIST's weave keeps the variant")
    }

    func testASourceEditedDuringARunMakesTheNextBuildRunAgain() throws {
        // A project whose chapter folder the test can edit; the program run is the compiled demo.
        let root = fixture.folder + "/edited", chapterFile = root + "/chapter/main.swift"
        try fixture.makeDemoProject(at: root)  // the demo program copies page scripts from the project
        try "//: # Before\nlet epochs = 1\n".write(toFile: chapterFile, atomically: true, encoding: .utf8)
        let catalog = try JSONDecoder().decode(Catalog.self, from: Data(#"{"chapters": [{"slug": "demo", "directory": "chapter", "executable": "DemoChapter"}]}"#.utf8))
        var options = ChapterOptions(output: "", checkpoints: "")
        options.dataDirectory = fixture.data
        func builder() throws -> SiteBuilder {
            try SiteBuilder(root: root, site: fixture.site, catalog: catalog,
                        executables: CommandRunner.executable.deletingLastPathComponent().path, options: options)
        }
        let building = try builder()  // what it will record was read now, as when `latent build` starts compiling
        try "//: # After\nlet epochs = 2\n".write(toFile: chapterFile, atomically: true, encoding: .utf8)
        building.log = { _ in }
        try building.run(catalog.chapters[0])
        // The run kept the text the build snapshotted (what was compiled), not the file as it is now,
        XCTAssertEqual(try String(contentsOfFile: fixture.site + "/.runs/demo/source.swift", encoding: .utf8), "//: # Before\nlet epochs = 1\n")
        // and the next build sees the edit as a change to run.
        XCTAssertEqual(try builder().status(of: catalog.chapters[0]), .stale(reasons: ["chapter/main.swift changed"]))
    }

    /// `latent` skips `swift build` only when the sources are those last compiled and no program is
    /// missing or newer than that record: an edit, a program built by hand or a missing one compiles.
    func testCompilingIsSkippedOnlyWhenTheProgramsWereBuiltFromTheseSources() throws {
        let root = fixture.folder + "/compiled", executables = root + "/bin", chapterFile = root + "/chapter/main.swift"
        try FileManager.default.createDirectory(atPath: root + "/chapter", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: executables, withIntermediateDirectories: true)
        try "let epochs = 1\n".write(toFile: chapterFile, atomically: true, encoding: .utf8)
        for program in ["DemoChapter", "latent"] { try Data("#!".utf8).write(to: URL(fileURLWithPath: "\(executables)/\(program)")) }
        let catalog = try JSONDecoder().decode(Catalog.self, from: Data(#"{"chapters": [{"slug": "demo", "directory": "chapter", "executable": "DemoChapter"}]}"#.utf8))
        func builder() throws -> SiteBuilder {
            try SiteBuilder(root: root, site: root + "/site", catalog: catalog, executables: executables, options: ChapterOptions(output: "", checkpoints: ""))
        }
        XCTAssertFalse(try builder().programsMatchSnapshot, "nothing recorded yet")
        try builder().recordProgramsCompiled()
        XCTAssertTrue(try builder().programsMatchSnapshot)
        try "let epochs = 2\n".write(toFile: chapterFile, atomically: true, encoding: .utf8)
        XCTAssertFalse(try builder().programsMatchSnapshot, "an edit")
        try "let epochs = 1\n".write(toFile: chapterFile, atomically: true, encoding: .utf8)
        XCTAssertTrue(try builder().programsMatchSnapshot, "the edit undone: the same sources")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: executables + "/DemoChapter")
        XCTAssertFalse(try builder().programsMatchSnapshot, "a program built since")
        try FileManager.default.removeItem(atPath: executables + "/DemoChapter")
        XCTAssertFalse(try builder().programsMatchSnapshot, "a program missing")
    }

    func testRebuildWithNothingChangedRunsNoChapter() throws {
        try fixture.startFromBuiltSite()
        let started = Date()
        let second = try build()
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        XCTAssertTrue(second.standardError.contains("0 of 1 chapters run"), second.standardError)
        let list = try fixture.latent(["list"])
        XCTAssertTrue(list.standardOutput.contains("up to date"), list.standardOutput)
        let other = try fixture.latent(["list"], extra: ["--seed", "2"])
        XCTAssertTrue(other.standardOutput.contains("stale: options changed"), other.standardOutput)
    }

    func testChapterRerunReusesTheCheckpointAndRetrainTrains() throws {
        try fixture.startFromBuiltSite()
        XCTAssertEqual(try fixture.latent(["chapter", "demo"]).status, 0)
        XCTAssertEqual(try RunRecord.read(from: fixture.site + "/demo/run.json").trainings.first?.loadedFromCheckpoint, true)
        XCTAssertEqual(try fixture.latent(["chapter", "demo", "--retrain"]).status, 0)
        XCTAssertEqual(try RunRecord.read(from: fixture.site + "/demo/run.json").trainings.first?.loadedFromCheckpoint, false)
        XCTAssertEqual(try fixture.latent(["figures", "demo"]).status, 0)
        let redrawn = try RunRecord.read(from: fixture.site + "/demo/run.json")
        XCTAssertEqual(redrawn.figuresOnly, true)
        XCTAssertEqual(redrawn.trainings.map(\.loadedFromCheckpoint), [true], "figures never train")
    }

    func testSameSeedAndThreadsGiveIdenticalFigures() throws {
        try fixture.startFromBuiltSite()
        let first = try XCTUnwrap(fixture.bytes("demo/reconstructions.png"))
        XCTAssertEqual(try fixture.latent(["chapter", "demo", "--retrain"]).status, 0)
        XCTAssertEqual(fixture.bytes("demo/reconstructions.png"), first, "retrained with the same seed: same pixels")
        XCTAssertEqual(try fixture.latent(["chapter", "demo", "--retrain", "--seed", "5"]).status, 0)
        XCTAssertNotEqual(fixture.bytes("demo/reconstructions.png"), first, "another seed gives another model")
    }

    /// OpenBLAS would pick its kernels by CPU, and each family rounds differently; a chapter program
    /// pins one, so a machine whose OpenBLAS prefers another family (here: told to prefer
    /// Sandybridge's, which has no FMA) trains to the same bits.
    func testAChapterComputesWithTheSameKernelsWhateverOpenBLASWouldPick() throws {
        guard BLAS.canPinFamily else { throw XCTSkip("this CPU cannot run OpenBLAS's \(BLAS.pinnedFamily) kernels") }
        try fixture.startFromBuiltSite()
        let layout = SiteLayout(site: fixture.site)
        let pinned = try RunRecord.read(from: SiteLayout.record(in: layout.run("demo")))
        XCTAssertEqual(pinned.versions["OpenBLAS kernels"], BLAS.pinnedFamily)
        let figure = try XCTUnwrap(fixture.bytes("demo/reconstructions.png"))
        setenv("OPENBLAS_CORETYPE", "Sandybridge", 1)
        defer { unsetenv("OPENBLAS_CORETYPE") }
        XCTAssertEqual(try fixture.latent(["chapter", "demo", "--retrain"]).status, 0)
        let other = try RunRecord.read(from: SiteLayout.record(in: layout.run("demo")))
        XCTAssertEqual(other.versions["OpenBLAS kernels"], BLAS.pinnedFamily)
        XCTAssertEqual(other.trainings.map(\.loadedFromCheckpoint), [false], "it trained again")
        XCTAssertEqual(other.metrics.map(\.value), pinned.metrics.map(\.value))
        XCTAssertEqual(fixture.bytes("demo/reconstructions.png"), figure)
    }

    func testFiguresOnlyWithoutCheckpointSaysHowToTrain() throws {
        let result = try fixture.latent(["figures", "demo"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("latent chapter demo"), result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: fixture.site + "/demo/index.html"), "no page from a failed run")
    }

    func testFiguresFromACorruptCheckpointSayOneConsistentThing() throws {
        try fixture.startFromBuiltSite()
        let key = try XCTUnwrap(RunRecord.read(from: fixture.site + "/demo/run.json").trainings.first?.cacheKey)
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: CheckpointStore(folder: fixture.site + "/.checkpoints").statePath(for: key)))
        let page = try fixture.read("demo/index.html")
        let result = try fixture.latent(["figures", "demo"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("redrawing figures never trains, so retrain with `latent chapter demo --retrain`"),
                      result.standardError)
        XCTAssertFalse(result.standardError.contains("training again"), "it does not promise what it will not do")
        XCTAssertEqual(try fixture.read("demo/index.html"), page, "the previous page stays")
    }

    func testUnknownSlugListsTheValidOnes() throws {
        let result = try fixture.latent(["chapter", "nope"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("unknown chapter 'nope'; chapters: demo"), result.standardError)
    }

    func testFailingChapterLeavesThePreviousSite() throws {
        try fixture.startFromBuiltSite()
        let before = try XCTUnwrap(fixture.bytes("demo/index.html"))
        try FileManager.default.removeItem(atPath: fixture.data + "/t10k-labels-idx1-ubyte")
        let result = try fixture.latent(["chapter", "demo"])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.standardError.contains("t10k-labels-idx1-ubyte"), result.standardError)
        XCTAssertTrue(result.standardError.contains("previous site is untouched"), result.standardError)
        XCTAssertEqual(fixture.bytes("demo/index.html"), before)
    }

    func testKillDuringBuildKeepsTheSiteAndTheNextBuildRecovers() throws {
        try fixture.startFromBuiltSite()
        let before = try XCTUnwrap(fixture.bytes("demo/index.html"))
        let index = try XCTUnwrap(fixture.bytes("index.html"))
        // A long retraining run, killed with SIGKILL while the chapter is writing its outputs.
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = ["chapter", "demo", "--retrain", "--epochs", "400"] + fixture.siteArguments
        process.currentDirectoryURL = URL(fileURLWithPath: fixture.project)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let partial = fixture.site + "/.runs/demo.partial"
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: partial) && Date() < deadline { usleep(20_000) }
        XCTAssertTrue(FileManager.default.fileExists(atPath: partial), "the run started")
        usleep(200_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(fixture.bytes("demo/index.html"), before, "the published page is untouched")
        XCTAssertEqual(fixture.bytes("index.html"), index)
        _ = try build(["--force"])
        XCTAssertFalse(FileManager.default.fileExists(atPath: partial), "leftovers are cleaned up")
        XCTAssertTrue(try fixture.read("demo/index.html").contains("A demo chapter"))
    }

    private func decodeEntities(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
