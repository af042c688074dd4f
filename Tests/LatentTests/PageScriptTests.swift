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

    func testPageScriptsComputeWhatSwiftComputesAndRunInABrowser() throws {
        let folder = NSTemporaryDirectory() + "latent-page-scripts-\(UUID().uuidString)"
        let site = "\(folder)/site/vae"
        /// Copies Sources/PageScripts/`name` into the page's folder, as the weaver does, and returns its text.
        func copyPageScript(_ name: String) throws -> String {
            let text = try String(contentsOfFile: "\(root)/Sources/PageScripts/\(name)", encoding: .utf8)
            try text.write(toFile: "\(site)/\(name)", atomically: true, encoding: .utf8)
            return text
        }
        /// Writes a live figure's data as the page loads it, `<name>-data.js`.
        func write(_ data: PageData, as name: String) throws {
            try data.script(name: name).write(toFile: "\(site)/\(name)-data.js", atomically: true, encoding: .utf8)
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: site, withIntermediateDirectories: true)

        // A 2-D VAE of the chapter's size; its decoder's weights are random, which is all a
        // comparison of two forward passes needs.
        var generator = SeededGenerator(seed: 7)
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
        try JSONEncoder().encode(Fixture(arrays: data.entries, codes: codes, images: images))
            .write(to: URL(fileURLWithPath: "\(folder)/latent-explorer.json"))

        // A VQ-VAE of the chapter's size (random weights) and a few token grids, for the token editor.
        let vqvae = VQVAE(using: &generator)
        let grids: [[Int]] = (0..<4).map { (n: Int) -> [Int] in (0..<49).map { (cell: Int) -> Int in (cell * 5 + n * 17) % 64 } }
        let editorImages = rows(of: vqvae.decode(tokens: grids.flatMap { $0 }))
        var editor = PageData()
        editor.tensor("quantizer.codebook", vqvae.quantizer.codebook)
        editor.layer("decoder", vqvae.decoder)
        struct EditorFixture: Encodable {
            let arrays: [String: PageData.Entry]
            let tokens: [[Int]]
            let images: [[Float]]
        }
        try JSONEncoder().encode(EditorFixture(arrays: editor.entries, tokens: grids, images: editorImages))
            .write(to: URL(fileURLWithPath: "\(folder)/token-editor.json"))
        editor.bytes("tokens", grids.prefix(2).flatMap { $0 }, shape: [2, 49])
        editor.bytes("labels", [7, 2])
        editor.bytes("blank", [0])
        editor.strings("classNames", (0..<10).map(String.init))
        let editorScript = try copyPageScript("token-editor.js"), vqDecoder = try copyPageScript("vq-decoder.js")
        try write(editor, as: "token-editor")

        // A chapter 4 prior (random weights) and the logits of a few sequences, for the patch writer.
        let prior = PatchPrior(vocabulary: 64, classes: 10, using: &generator)
        let sequences: [[Int]] = [[64 + 3] + (0..<48).map { ($0 * 11) % 64 }, [64 + 7, 5, 5, 9]]
        let logits: [[Float]] = sequences.map { (sequence: [Int]) -> [Float] in
            withoutGradients { prior.logits(sequence, length: sequence.count).scalars }
        }
        var writer = PageData()
        writer.layer("transformer", prior.transformer)
        struct WriterFixture: Encodable {
            let arrays: [String: PageData.Entry]
            let heads: Int
            let sequences: [[Int]]
            let logits: [[Float]]
        }
        try JSONEncoder().encode(WriterFixture(arrays: writer.entries, heads: prior.heads, sequences: sequences, logits: logits))
            .write(to: URL(fileURLWithPath: "\(folder)/patch-writer.json"))

        writer.tensor("quantizer.codebook", vqvae.quantizer.codebook)
        writer.layer("decoder", vqvae.decoder)
        writer.bytes("heads", [prior.heads])
        writer.bytes("blank", [0])
        writer.strings("classNames", (0..<10).map(String.init))
        let writerScript = try copyPageScript("patch-writer.js")
        try write(writer, as: "patch-writer")

        // A page as the weaver writes it, with the explorer after its only code cell.
        let pointCodes: [[Float]] = (0..<300).map { (n: Int) -> [Float] in
            let column = Float(n % 20), row = Float(n / 20)
            return [column / 3 - 3, row / 2.5 - 3]
        }
        data.rows("codes", pointCodes)
        data.bytes("labels", (0..<300).map { $0 % 10 })
        data.strings("classNames", (0..<10).map(String.init))
        let script = try copyPageScript("latent-explorer.js")
        try write(data, as: "latent-explorer")
        // And a training film of 3 epochs × 2 images whose grey-levels change with the epoch.
        var film = PageData()
        let frames: [Data] = (1...3).map { (epoch: Int) -> Data in
            Data((0..<2 * 784).map { (pixel: Int) -> UInt8 in UInt8((pixel * 7 + epoch * 60) % 256) })
        }
        film.bytes("frames", frames.reduce(Data(), +), shape: [3, 2, 784])
        let filmScript = try copyPageScript("training-film.js"), helper = try copyPageScript(PageData.helperFile)
        try write(film, as: "film-film")

        var record = RunRecord(chapter: "vae", seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        record.liveFigures = [
            .init(name: "latent-explorer", caption: "A fixture explorer.", line: 2, script: "latent-explorer.js",
                  data: "latent-explorer-data.js", dataSHA256: "", weightsSHA256: PageData.digest(of: data.weights)),
            .init(name: "film-film", caption: "A fixture film.", line: 3, script: "training-film.js", data: "film-film-data.js",
                  dataSHA256: "", weightsSHA256: PageData.digest(of: []), fallback: "film"),
            .init(name: "token-editor", caption: "A fixture token editor.", line: 4, script: "token-editor.js", uses: ["vq-decoder.js"],
                  data: "token-editor-data.js",
                  dataSHA256: "", weightsSHA256: PageData.digest(of: editor.weights)),
            .init(name: "patch-writer", caption: "A fixture patch writer.", line: 5, script: "patch-writer.js", uses: ["vq-decoder.js"],
                  data: "patch-writer-data.js", dataSHA256: "", weightsSHA256: PageData.digest(of: writer.weights)),
        ]
        // The film's static strip: the live film's fallback, drawn inside it rather than as a figure of its own.
        record.figures = [.init(name: "film", caption: "A fixture strip.", line: 3, png: "film.png", svg: "film.svg", width: 80, height: 40)]
        let page = ChapterPage(slug: "vae", number: 1, source: ChapterSource(text: "//: # Fixture\nlet planar = 2\nlet film = 3\nlet tokens = 4\nlet writer = 5\n"), record: record,
                               previous: nil, next: nil,
                               pageScripts: ["latent-explorer.js": script, "training-film.js": filmScript, "token-editor.js": editorScript,
                                             "vq-decoder.js": vqDecoder, "patch-writer.js": writerScript, PageData.helperFile: helper])
        try page.html().write(toFile: "\(site)/index.html", atomically: true, encoding: .utf8)
        try Stylesheet.css.write(toFile: "\(folder)/site/style.css", atomically: true, encoding: .utf8)
        try MathAssets.install(into: "\(folder)/site")
        // A 1×1 PNG for the strip, so the page loads without a missing file.
        try XCTUnwrap(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="))
            .write(to: URL(fileURLWithPath: "\(site)/film.png"))
        XCTAssertTrue(try page.html().contains(
            "<script src=\"latent-explorer-data.js\"></script><script src=\"film-film-data.js\"></script><script src=\"token-editor-data.js\"></script>"
            + "<script src=\"patch-writer-data.js\"></script>"
            + "<script src=\"page-data.js\"></script><script src=\"latent-explorer.js\"></script><script src=\"training-film.js\"></script>"
            + "<script src=\"vq-decoder.js\"></script><script src=\"token-editor.js\"></script><script src=\"patch-writer.js\"></script>"))

        let html = try page.html()
        XCTAssertEqual(html.components(separatedBy: "<figure").count - 1, 4, "four live figures, the strip inside the film")
        XCTAssertTrue(html.contains("<div class=\"live-fallback\"><a href=\"film.svg\"><picture>"), html)
        XCTAssertTrue(html.contains("A fixture strip. A fixture film."), html)

        guard let node = ["/usr/bin/node", "/usr/local/bin/node"].first(where: FileManager.default.isExecutableFile) else {
            throw XCTSkip("node is not installed: the page scripts cannot be compared with Swift here")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["--test", "Tests/PageScripts/"]
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = ProcessInfo.processInfo.environment.merging(
            ["LATENT_FIXTURES": folder, "LATENT_PAGE": "\(site)/index.html"]) { $1 }
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
}
