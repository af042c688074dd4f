import Foundation
import Learning
import Models
@testable import Notebook
@testable import RunFormat
@testable import Weaver
import XCTest

/// The page scripts against the Swift they stand for: a decoder's images on fixed codes, and a
/// page woven with a live figure, driven in headless Chromium (both in `node --test`, on the
/// fixtures written here; see Tests/PageScripts).
final class PageScriptTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A scratch folder: the node tests' JSON fixtures at its top, and a page's folder, site/vae,
    /// with the scripts and live-figure data the weaver would put there.
    private struct Fixtures {
        let root: String
        let folder = NSTemporaryDirectory() + "latent-page-scripts-\(UUID().uuidString)"
        var site: String { "\(folder)/site/vae" }

        init(root: String) throws {
            self.root = root
            try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(atPath: folder) }

        /// Writes `value` as `<name>.json`, a fixture for the node tests.
        func json(_ value: some Encodable, as name: String) throws {
            try JSONEncoder().encode(value).write(to: URL(fileURLWithPath: "\(folder)/\(name).json"))
        }

        /// Copies Sources/PageScripts/`name` into the page's folder, as the weaver does, and returns its text.
        func copyPageScript(_ name: String) throws -> String {
            let text = try String(contentsOfFile: "\(root)/Sources/PageScripts/\(name)", encoding: .utf8)
            try text.write(toFile: "\(site)/\(name)", atomically: true, encoding: .utf8)
            return text
        }

        /// Writes a live figure's data as the page loads it, `<name>-data.js`, and copies its script
        /// and the scripts it uses.
        func liveFigure(_ name: String, script: String, uses: [String]? = nil, data: PageData) throws -> LiveFigureFixture {
            try data.script(name: name).write(toFile: "\(site)/\(name)-data.js", atomically: true, encoding: .utf8)
            var scripts = [script: try copyPageScript(script)]
            for used in uses ?? [] { scripts[used] = try copyPageScript(used) }
            return LiveFigureFixture(name: name, script: script, uses: uses, data: data, scripts: scripts)
        }
    }

    /// One live figure as written into the page's folder: what its run-record entry and the page need.
    private struct LiveFigureFixture {
        let name: String, script: String, uses: [String]?
        let data: PageData
        let scripts: [String: String]

        func entry(caption: String, line: Int) -> RunRecord.LiveFigure {
            .init(name: name, caption: caption, line: line, script: script, uses: uses, data: "\(name)-data.js", dataSHA256: "",
                  weightsSHA256: PageData.digest(of: data.weights))
        }
    }

    private static let classNames = (0..<10).map(String.init)

    /// A 2-D VAE of chapter 2's size (random weights, which is all a comparison of two forward passes
    /// needs): its decoder's images of a few codes for node, and a latent explorer over a grid of codes.
    private func latentExplorer(in fixtures: Fixtures, using generator: inout SeededGenerator) throws -> LiveFigureFixture {
        let model = VariationalAutoencoder(latent: 2, using: &generator)
        let codes: [[Float]] = [[0, 0], [1.5, -0.5], [-2.25, 2], [0.125, 3], [-3, -3]]
        let images = withoutGradients { rows(of: model.decode(Tensor(shape: [codes.count, 2], scalars: codes.flatMap { $0 }))) }
        var data = PageData()
        data.layer("decoder", model.decoder)
        struct Fixture: Encodable {
            let arrays: [String: PageData.Entry]
            let codes: [[Float]]
            let images: [[Float]]
        }
        try fixtures.json(Fixture(arrays: data.entries, codes: codes, images: images), as: "latent-explorer")
        let pointCodes: [[Float]] = (0..<300).map { (n: Int) -> [Float] in
            let column = Float(n % 20), row = Float(n / 20)
            return [column / 3 - 3, row / 2.5 - 3]
        }
        data.rows("codes", pointCodes)
        data.bytes("labels", (0..<300).map { $0 % 10 })
        data.strings("classNames", Self.classNames)
        return try fixtures.liveFigure("latent-explorer", script: "latent-explorer.js", data: data)
    }

    /// A VQ-VAE of chapter 3's size (random weights) and the images of a few token grids, for the token editor.
    private func tokenEditor(_ vqvae: VQVAE, in fixtures: Fixtures) throws -> LiveFigureFixture {
        let grids: [[Int]] = (0..<4).map { (n: Int) -> [Int] in (0..<49).map { (cell: Int) -> Int in (cell * 5 + n * 17) % 64 } }
        let images = rows(of: vqvae.decode(tokens: grids.flatMap { $0 }))
        var data = PageData()
        data.tensor("quantizer.codebook", vqvae.quantizer.codebook)
        data.layer("decoder", vqvae.decoder)
        struct Fixture: Encodable {
            let arrays: [String: PageData.Entry]
            let tokens: [[Int]]
            let images: [[Float]]
        }
        try fixtures.json(Fixture(arrays: data.entries, tokens: grids, images: images), as: "token-editor")
        data.bytes("tokens", grids.prefix(2).flatMap { $0 }, shape: [2, 49])
        data.bytes("labels", [7, 2])
        data.bytes("blank", [0])
        data.strings("classNames", Self.classNames)
        return try fixtures.liveFigure("token-editor", script: "token-editor.js", uses: ["vq-decoder.js"], data: data)
    }

    /// A chapter 4 prior (random weights) and the logits of a few sequences, for the patch writer.
    private func patchWriter(_ prior: PatchPrior, decoder vqvae: VQVAE, in fixtures: Fixtures) throws -> LiveFigureFixture {
        let sequences: [[Int]] = [[64 + 3] + (0..<48).map { ($0 * 11) % 64 }, [64 + 7, 5, 5, 9]]
        let logits: [[Float]] = sequences.map { (sequence: [Int]) -> [Float] in
            withoutGradients { prior.logits(sequence, length: sequence.count).scalars }
        }
        var data = PageData()
        data.layer("transformer", prior.transformer)
        struct Fixture: Encodable {
            let arrays: [String: PageData.Entry]
            let heads: Int
            let sequences: [[Int]]
            let logits: [[Float]]
        }
        try fixtures.json(Fixture(arrays: data.entries, heads: prior.heads, sequences: sequences, logits: logits), as: "patch-writer")
        data.tensor("quantizer.codebook", vqvae.quantizer.codebook)
        data.layer("decoder", vqvae.decoder)
        data.bytes("heads", [prior.heads])
        data.bytes("blank", [0])
        data.strings("classNames", Self.classNames)
        return try fixtures.liveFigure("patch-writer", script: "patch-writer.js", uses: ["vq-decoder.js"], data: data)
    }

    /// A training film of 3 epochs × 2 images whose grey-levels change with the epoch.
    private func trainingFilm(in fixtures: Fixtures) throws -> LiveFigureFixture {
        var data = PageData()
        let frames: [Data] = (1...3).map { (epoch: Int) -> Data in
            Data((0..<2 * 784).map { (pixel: Int) -> UInt8 in UInt8((pixel * 7 + epoch * 60) % 256) })
        }
        data.bytes("frames", frames.reduce(Data(), +), shape: [3, 2, 784])
        return try fixtures.liveFigure("film-film", script: "training-film.js", data: data)
    }

    /// Runs the node tests (Tests/PageScripts) on the fixtures, or skips when node is missing.
    private func runNodeTests(on fixtures: Fixtures) throws {
        guard let node = ["/usr/bin/node", "/usr/local/bin/node"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("node is not installed: the page scripts cannot be compared with Swift here")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["--test", "Tests/PageScripts/"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["LATENT_FIXTURES": fixtures.folder, "LATENT_PAGE": "\(fixtures.site)/index.html"]) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, text)
        XCTAssertFalse(text.contains("# skip 1") && text.contains("LATENT_FIXTURES"), text)
        print(text.split(separator: "\n").filter { $0.contains("explorer:") || $0.contains("editor:") || $0.hasPrefix("# ") }.joined(separator: "\n"))
    }

    func testPageScriptsComputeWhatSwiftComputesAndRunInABrowser() throws {
        let fixtures = try Fixtures(root: root)
        defer { fixtures.remove() }
        var generator = SeededGenerator(seed: 7)
        let explorer = try latentExplorer(in: fixtures, using: &generator)
        let vqvae = VQVAE(using: &generator)
        let editor = try tokenEditor(vqvae, in: fixtures)
        let writer = try patchWriter(PatchPrior(vocabulary: 64, classes: 10, using: &generator), decoder: vqvae, in: fixtures)
        let film = try trainingFilm(in: fixtures)

        // A page as the weaver writes it, each live figure after its code line.
        var record = RunRecord(chapter: "vae", seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        record.liveFigures = [
            explorer.entry(caption: "A fixture explorer.", line: 2), film.entry(caption: "A fixture film.", line: 3),
            editor.entry(caption: "A fixture token editor.", line: 4), writer.entry(caption: "A fixture patch writer.", line: 5),
        ]
        var scripts = [PageData.helperFile: try fixtures.copyPageScript(PageData.helperFile)]
        for figure in [explorer, film, editor, writer] { scripts.merge(figure.scripts) { $1 } }
        let page = ChapterPage(slug: "vae", number: 1, source: ChapterSource(text: "//: # Fixture\nlet planar = 2\nlet film = 3\nlet tokens = 4\nlet writer = 5\n"), record: record,
                               previous: nil, next: nil, pageScripts: scripts)
        try page.html().write(toFile: "\(fixtures.site)/index.html", atomically: true, encoding: .utf8)
        try Stylesheet.css.write(toFile: "\(fixtures.folder)/site/style.css", atomically: true, encoding: .utf8)
        XCTAssertTrue(try page.html().contains(
            "<script src=\"latent-explorer-data.js\"></script><script src=\"film-film-data.js\"></script><script src=\"token-editor-data.js\"></script>"
            + "<script src=\"patch-writer-data.js\"></script>"
            + "<script src=\"page-data.js\"></script><script src=\"latent-explorer.js\"></script><script src=\"training-film.js\"></script>"
            + "<script src=\"vq-decoder.js\"></script><script src=\"token-editor.js\"></script><script src=\"patch-writer.js\"></script>"))
        try runNodeTests(on: fixtures)
    }
}
