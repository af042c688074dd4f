import Foundation
import Learning
import Models
import WordsAndPatchesKit
@testable import Notebook
import RunFormat
import TestSupport

/// The fixtures PageScriptTests writes for the page scripts' tests: for each kind of live figure,
/// a model of the chapter's size with random weights (all a comparison of two forward passes
/// needs), what Swift computes with it (`<name>.json`, read by Tests/PageScripts/*.test.js), and the
/// figure's data beside a fixture page (`<name>-data.js`, as a chapter run writes it). Each method
/// returns the figure's entry for the page's run record.
struct PageScriptFixtures {
    /// Where the `.json` fixtures go, and the page's folder, where the data scripts go.
    let folder: String, site: String
    var generator = SeededGenerator(seed: 7)
    /// A VQ-VAE shared by the figures that decode or encode tokens.
    let vqvae: VQVAE

    init(folder: String, site: String) {
        self.folder = folder
        self.site = site
        vqvae = VQVAE(using: &generator)
    }

    private func json(_ value: some Encodable, as name: String) throws {
        try JSONEncoder().encode(value).write(to: URL(fileURLWithPath: "\(folder)/\(name).json"))
    }

    /// Writes `data` as the page loads it, `<name>-data.js`, and returns the figure's entry.
    /// The scripts it uses are those the script names in its `// uses:` line, as a chapter run reads them.
    private func figure(_ name: String, script: String, line: Int, fallback: String? = nil,
                        _ data: PageData) throws -> RunRecord.LiveFigure {
        try data.script(name: name).write(toFile: "\(site)/\(name)-data.js", atomically: true, encoding: .utf8)
        let uses = PageScriptUses.read(from: try String(contentsOfFile: "\(ProjectRoot.path)/Sources/PageScripts/\(script)", encoding: .utf8))
        return .init(name: name, caption: "A fixture \(name).", line: line, script: script, uses: uses.isEmpty ? nil : uses,
                     data: "\(name)-data.js", dataSHA256: "", weightsSHA256: PageData.digest(of: data.weights), fallback: fallback)
    }

    /// The classes 0…9 and their names, as the chapters ship them.
    private static let classNames = (0..<10).map(String.init)

    /// Chapter 2's latent explorer: a 2-D VAE's decoder and its images of a few codes.
    mutating func latentExplorer(line: Int) throws -> RunRecord.LiveFigure {
        struct Fixture: Encodable { let arrays: [String: PageData.Entry], codes: [[Float]], images: [[Float]] }
        let model = VariationalAutoencoder(latent: 2, using: &generator)
        let codes: [[Float]] = [[0, 0], [1.5, -0.5], [-2.25, 2], [0.125, 3], [-3, -3]]
        let images = withoutGradients { rows(of: model.decode(Tensor(shape: [codes.count, 2], scalars: codes.flatMap { $0 }))) }
        var data = PageData()
        data.layer("decoder", model.decoder)
        try json(Fixture(arrays: data.entries, codes: codes, images: images), as: "latent-explorer")
        // 300 test codes on a grid, labelled in turn.
        data.rows("codes", (0..<300).map { (n: Int) -> [Float] in [Float(n % 20) / 3 - 3, Float(n / 20) / 2.5 - 3] })
        data.bytes("labels", (0..<300).map { $0 % 10 })
        data.strings("classNames", Self.classNames)
        return try figure("latent-explorer", script: "latent-explorer.js", line: line, data)
    }

    /// A training film of 3 epochs × 2 images whose grey-levels change with the epoch, with its
    /// static strip (`strip`, a 1×1 PNG here) as the fallback drawn inside it.
    func trainingFilm(line: Int) throws -> (film: RunRecord.LiveFigure, strip: RunRecord.FigureOutput) {
        var film = PageData()
        let frames = (1...3).map { (epoch: Int) -> Data in Data((0..<2 * 784).map { (pixel: Int) -> UInt8 in UInt8((pixel * 7 + epoch * 60) % 256) }) }
        film.bytes("frames", frames.reduce(Data(), +), shape: [3, 2, 784])
        film.strings("rows", ["the first image", "the second image"])
        let pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg=="
        try Data(base64Encoded: pixel)?.write(to: URL(fileURLWithPath: "\(site)/film.png"))
        let strip = RunRecord.FigureOutput(name: "film", caption: "A fixture strip.", line: line, png: "film.png", svg: "film.svg", width: 80, height: 40)
        return (try figure("film-film", script: "training-film.js", line: line, fallback: "film", film), strip)
    }

    /// Chapter 3's token editor: the VQ-VAE's decoder and its images of a few token grids.
    func tokenEditor(line: Int) throws -> RunRecord.LiveFigure {
        struct Fixture: Encodable { let arrays: [String: PageData.Entry], tokens: [[Int]], images: [[Float]] }
        let grids = (0..<4).map { (n: Int) -> [Int] in (0..<49).map { (cell: Int) -> Int in (cell * 5 + n * 17) % 64 } }
        var data = PageData()
        data.tensor("quantizer.codebook", vqvae.quantizer.codebook)
        data.layer("decoder", vqvae.decoder)
        try json(Fixture(arrays: data.entries, tokens: grids, images: rows(of: vqvae.decode(tokens: grids.flatMap { $0 }))), as: "token-editor")
        data.bytes("tokens", grids.prefix(2).flatMap { $0 }, shape: [2, 49])
        data.bytes("labels", [7, 2])
        data.bytes("blank", [0])
        data.strings("classNames", Self.classNames)
        return try figure("token-editor", script: "token-editor.js", line: line, data)
    }

    /// Chapter 4's patch writer: a prior and its logits on a whole and a short sequence.
    mutating func patchWriter(line: Int) throws -> RunRecord.LiveFigure {
        struct Fixture: Encodable {
            let arrays: [String: PageData.Entry], heads: Int, sequences: [[Int]], logits: [[Float]]
            /// The next token's probabilities after each of `written` in an image of class `label`,
            /// as the patch writer lists them.
            let label: Int, written: [[Int]], probabilities: [[Double]]
        }
        let prior = PatchPrior(vocabulary: 64, classes: 10, using: &generator)
        let sequences = [[64 + 3] + (0..<48).map { ($0 * 11) % 64 }, [64 + 7, 5, 5, 9]]
        let logits = sequences.map { sequence in withoutGradients { prior.logits(sequence, length: sequence.count).scalars } }
        let written: [[Int]] = [[], [5], [5, 5, 9], (0..<48).map { ($0 * 11) % 64 }]
        let probabilities = written.map { prior.nextTokenProbabilities(label: 3, written: $0) }
        var data = PageData()
        data.layer("transformer", prior.transformer)
        try json(Fixture(arrays: data.entries, heads: prior.heads, sequences: sequences, logits: logits,
                         label: 3, written: written, probabilities: probabilities), as: "patch-writer")
        data.tensor("quantizer.codebook", vqvae.quantizer.codebook)
        data.layer("decoder", vqvae.decoder)
        data.bytes("heads", [prior.heads])
        data.bytes("blank", [0])
        data.strings("classNames", Self.classNames)
        // Each entry's picture: 12 × 12 grey-levels, a different level per entry.
        data.rows("entryPictures", (0..<64).map { (entry: Int) -> [Float] in [Float](repeating: Float(entry) / 63, count: 144) })
        return try figure("patch-writer", script: "patch-writer.js",
                          line: line, data)
    }

    /// Chapter 5's two figures: a model of words and patches with its logits on a caption-first and
    /// an image-first sequence (words-and-patches.json), and the VQ-VAE encoder's vectors and tokens
    /// for a few drawn images (vq-encoder.json).
    mutating func wordsAndPatches(lines: (writer: Int, captioner: Int)) throws -> [RunRecord.LiveFigure] {
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
        try json(ModelFixture(arrays: shipped.entries, strings: shipped.strings, sequences: sequences, logits: logits), as: "words-and-patches")

        // Swift's guidance on fixed logits: the mix and the plausibility bound, for the browser's to match.
        struct GuidanceFixture: Encodable {
            let conditional: [Float], unconditional: [Float], allowed: [Int], scale: Float, plausibility: Float
            let mixed: [Float?]  // −∞ (a token the bound removes) as null: JSON has no infinity
        }
        let conditional: [Float] = [2.0, -1.5, 0.25, 1.75, -3.0, 0.5], unconditional: [Float] = [1.0, 0.5, -0.25, 2.5, -1.0, 0.0]
        let allowed = [0, 1, 2, 3, 4]
        let guidance = Guidance(unconditionalPrompt: [beginImage], scale: 2, plausibility: 0.1)
        let mixed = guidance.mix(conditional: conditional, unconditional: unconditional, allowed: Set(allowed))
        try json(GuidanceFixture(conditional: conditional, unconditional: unconditional, allowed: allowed, scale: 2, plausibility: 0.1,
                                 mixed: mixed.map { $0.isFinite ? $0 : nil }), as: "guidance")

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
        try json(EncoderFixture(
            arrays: encoder.entries, images: images, vectors: (0..<images.count).map { Array(vectors.scalars[$0 * perImage..<($0 + 1) * perImage]) },
            tokens: (0..<images.count).map { Array(tokens[$0 * 49..<($0 + 1) * 49]) }
        ), as: "vq-encoder")

        var writer = shipped, captioner = shipped
        writer.bytes("unconditionalPrompt", [beginImage])
        writer.floats("guidance", [2], shape: [1])
        writer.floats("plausibility", [0.1], shape: [1])
        // The phrasings the writer's grammar allows, and an opening caption and seed with the tokens
        // Swift writes for them with the page's random numbers (the browser must write the same).
        writer.strings("templates", ["a W C S", "C , S , W"])
        writer.strings("classWords", ["seven", "two"])
        writer.strings("weightPhrases", ["thin", "bold"])
        writer.strings("slantPhrases", ["upright", "leaning right"])
        writer.strings("examples", ["a bold seven upright"])
        writer.floats("guidanceRange", [1, 3], shape: [2])
        writer.bytes("openingSeed", [3])
        let opening = [beginCaption, wordTokens[0], wordTokens[1], wordTokens[3], wordTokens[7], endCaption, beginImage]
        writer.bytes("openingTokens", pageWrittenImages(model: model, prompt: opening, unconditionalPrompt: [beginImage],
                                                        imageCodes: Array(0..<codes), steps: 49, seeds: [3], scale: 2, plausibility: 0.1)[0])
        captioner.layer("encoder", vqvae.encoder)
        return [try figure("sentence-writer", script: "sentence-writer.js", line: lines.writer, writer),
                try figure("sketch-captioner", script: "sketch-captioner.js", line: lines.captioner, captioner)]
    }
}
