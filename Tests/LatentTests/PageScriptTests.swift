import Foundation
import Learning
import Models
@testable import Notebook
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
        let editorScript = try copyPageScript("token-editor.js")
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
        try write(writer, as: "patch-writer")

        // Chapter 5's two figures, on a model of words and patches and a VQ-VAE with random weights.
        let wordsModel = try writeWordsAndPatchesFixtures(in: folder, vqvae: vqvae, using: &generator)
        try write(wordsModel.writer, as: "sentence-writer")
        try write(wordsModel.captioner, as: "sketch-captioner")

        // A page as the weaver writes it, with the explorer after its only code cell.
        let pointCodes: [[Float]] = (0..<300).map { (n: Int) -> [Float] in
            let column = Float(n % 20), row = Float(n / 20)
            return [column / 3 - 3, row / 2.5 - 3]
        }
        data.rows("codes", pointCodes)
        data.bytes("labels", (0..<300).map { $0 % 10 })
        data.strings("classNames", (0..<10).map(String.init))
        try write(data, as: "latent-explorer")
        // And a training film of 3 epochs × 2 images whose grey-levels change with the epoch.
        var film = PageData()
        let frames: [Data] = (1...3).map { (epoch: Int) -> Data in
            Data((0..<2 * 784).map { (pixel: Int) -> UInt8 in UInt8((pixel * 7 + epoch * 60) % 256) })
        }
        film.bytes("frames", frames.reduce(Data(), +), shape: [3, 2, 784])
        // Every page script beside the page, as the weaver copies them.
        var scripts: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: "\(root)/Sources/PageScripts") where name.hasSuffix(".js") {
            scripts[name] = try copyPageScript(name)
        }
        try write(film, as: "film-film")

        var record = RunRecord(chapter: "vae", seed: 1, threads: 1, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        let helpers = ["layers.js", "drawing.js"], vq = helpers + ["vq-decoder.js"], words = vq + ["transformer.js", "sampling.js", "words-and-patches.js"]
        record.liveFigures = [
            .init(name: "latent-explorer", caption: "A fixture explorer.", line: 2, script: "latent-explorer.js", uses: helpers,
                  data: "latent-explorer-data.js", dataSHA256: "", weightsSHA256: PageData.digest(of: data.weights)),
            .init(name: "film-film", caption: "A fixture film.", line: 3, script: "training-film.js", data: "film-film-data.js",
                  dataSHA256: "", weightsSHA256: PageData.digest(of: [])),
            .init(name: "token-editor", caption: "A fixture token editor.", line: 4, script: "token-editor.js", uses: vq,
                  data: "token-editor-data.js", dataSHA256: "", weightsSHA256: PageData.digest(of: editor.weights)),
            .init(name: "patch-writer", caption: "A fixture patch writer.", line: 5, script: "patch-writer.js", uses: vq + ["transformer.js", "sampling.js"],
                  data: "patch-writer-data.js", dataSHA256: "", weightsSHA256: PageData.digest(of: writer.weights)),
            .init(name: "sentence-writer", caption: "A fixture sentence writer.", line: 6, script: "sentence-writer.js", uses: words,
                  data: "sentence-writer-data.js", dataSHA256: "", weightsSHA256: PageData.digest(of: wordsModel.writer.weights)),
            .init(name: "sketch-captioner", caption: "A fixture sketch captioner.", line: 7, script: "sketch-captioner.js", uses: words + ["vq-encoder.js"],
                  data: "sketch-captioner-data.js", dataSHA256: "", weightsSHA256: PageData.digest(of: wordsModel.captioner.weights)),
        ]
        let page = ChapterPage(slug: "vae", number: 1,
                               source: ChapterSource(text: "//: # Fixture\nlet planar = 2\nlet film = 3\nlet tokens = 4\nlet writer = 5\nlet sentence = 6\nlet sketch = 7\n"),
                               record: record, previous: nil, next: nil, pageScripts: scripts)
        try page.html().write(toFile: "\(site)/index.html", atomically: true, encoding: .utf8)
        try Stylesheet.css.write(toFile: "\(folder)/site/style.css", atomically: true, encoding: .utf8)
        // Scripts once each, helpers before the scripts that use them; the figures' data is not
        // loaded with the page but named by each figure, for page-data.js to load when it nears.
        XCTAssertTrue(try page.html().contains(
            "<script src=\"page-data.js\"></script><script src=\"layers.js\"></script><script src=\"drawing.js\"></script>"
            + "<script src=\"latent-explorer.js\"></script><script src=\"training-film.js\"></script><script src=\"vq-decoder.js\"></script>"
            + "<script src=\"token-editor.js\"></script><script src=\"transformer.js\"></script><script src=\"sampling.js\"></script>"
            + "<script src=\"patch-writer.js\"></script><script src=\"words-and-patches.js\"></script><script src=\"sentence-writer.js\"></script>"
            + "<script src=\"vq-encoder.js\"></script><script src=\"sketch-captioner.js\"></script>"))
        XCTAssertFalse(try page.html().contains("<script src=\"latent-explorer-data.js\">"))
        XCTAssertTrue(try page.html().contains("data-source=\"latent-explorer-data.js\""))

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
        print(text.split(separator: "\n").filter { $0.contains("explorer:") || $0.contains("editor:") || $0.contains("writer:") || $0.contains("encoder:")
            || $0.contains("patches:") || $0.hasPrefix("# ") }.joined(separator: "\n"))
    }

    /// Chapter 5's fixtures: a model of words and patches of the chapter's size with random weights
    /// and its logits on a caption-first and an image-first sequence (words-and-patches.json), and
    /// the VQ-VAE encoder's vectors and tokens for a few drawn images (vq-encoder.json). Returns the
    /// two figures' page data, for the fixture page.
    private func writeWordsAndPatchesFixtures(in folder: String, vqvae: VQVAE, using generator: inout SeededGenerator)
        throws -> (writer: PageData, captioner: PageData) {
        // Image codes 0..<64, the five markers, then the words.
        let words = ["a", "bold", "thin", "seven", "two", "leaning", "right", "upright", ","]
        let codes = vqvae.codebookSize, markers = Array(codes..<codes + 5), wordTokens = Array(codes + 5..<codes + 5 + words.count)
        let positions = 60
        let model = TokenTransformer(tokens: codes + 5 + words.count, positions: positions, using: &generator)
        let (beginCaption, endCaption, beginImage, endImage) = (markers[0], markers[1], markers[2], markers[3])
        let image = (0..<49).map { ($0 * 13 + 5) % codes }
        let sequences = [[beginCaption, wordTokens[0], wordTokens[1], wordTokens[3], endCaption, beginImage] + image.prefix(40),
                         [beginImage] + image + [endImage, beginCaption, wordTokens[3], wordTokens[8]]]
        let logits = sequences.map { sequence in withoutGradients { model.logits(sequence, length: sequence.count).scalars } }
        var shipped = PageData()
        shipped.layer("transformer", model)
        shipped.bytes("heads", [model.heads])
        shipped.strings("words", words)
        shipped.bytes("wordTokens", wordTokens)
        shipped.bytes("markers", markers)
        shipped.tensor("quantizer.codebook", vqvae.quantizer.codebook)
        shipped.layer("decoder", vqvae.decoder)
        shipped.bytes("tokensPerImage", [vqvae.tokensPerImage])
        shipped.bytes("imageSide", [VQVAE.imageSide])
        shipped.bytes("blank", [0])
        struct ModelFixture: Encodable {
            let arrays: [String: PageData.Entry]
            let strings: [String: [String]]
            let sequences: [[Int]]
            let logits: [[Float]]
        }
        try JSONEncoder().encode(ModelFixture(arrays: shipped.entries, strings: shipped.strings, sequences: sequences, logits: logits))
            .write(to: URL(fileURLWithPath: "\(folder)/words-and-patches.json"))

        // Images like drawn digits: a ring, a bar and a diagonal, grey at their edges.
        let side = VQVAE.imageSide
        let shapes: [(Double, Double) -> Double] = [
            { x, y in abs(((x - 13.5) * (x - 13.5) + (y - 13.5) * (y - 13.5)).squareRoot() - 7) },
            { x, _ in abs(x - 14) },
            { x, y in abs(x - y) / 2.0.squareRoot() },
        ]
        let images = shapes.map { distance in
            (0..<side * side).map { pixel in Float(max(0, min(1, 2 - distance(Double(pixel % side), Double(pixel / side))))) }
        }
        let batch = Tensor(shape: [images.count, side * side], scalars: images.flatMap { $0 })
        let vectors = withoutGradients { vqvae.encode(batch) }
        let perImage = vectors.count / images.count
        struct EncoderFixture: Encodable {
            let arrays: [String: PageData.Entry]
            let images: [[Float]]
            let vectors: [[Float]]
            let tokens: [[Int]]
        }
        var encoder = PageData()
        encoder.tensor("quantizer.codebook", vqvae.quantizer.codebook)
        encoder.layer("encoder", vqvae.encoder)
        let tokens = vqvae.tokens(batch)
        try JSONEncoder().encode(EncoderFixture(
            arrays: encoder.entries, images: images, vectors: (0..<images.count).map { Array(vectors.scalars[$0 * perImage..<($0 + 1) * perImage]) },
            tokens: (0..<images.count).map { Array(tokens[$0 * 49..<($0 + 1) * 49]) }
        )).write(to: URL(fileURLWithPath: "\(folder)/vq-encoder.json"))

        var writer = shipped, captioner = shipped
        writer.bytes("unconditionalPrompt", [beginImage])
        writer.floats("guidance", [2], shape: [1])
        writer.strings("examples", ["a bold seven", "two , leaning right"])
        captioner.layer("encoder", vqvae.encoder)
        return (writer, captioner)
    }
}
