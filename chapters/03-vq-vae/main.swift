//: # Images as tokens: the VQ-VAE
//:
//: Replace the VAE's continuous code by a 7×7 grid of integers, each the index of an entry in a learned codebook: every image becomes 49 tokens, like a short sentence.
//:
//: Language models work on *tokens*: integers from a fixed vocabulary. To generate images the way they
//: generate text, we first need a way to turn an image into tokens and back. The vector-quantised VAE
//: [@oord2017] does exactly that. A convolutional encoder turns the
//: 28×28 image into a 7×7 grid of vectors $z_e$, each summarising a 4×4 patch. Each vector is then
//: replaced by the nearest of $K = 64$ learned *codebook* vectors $e_1, \dots, e_K$:
//:
//: $$k = \operatorname{argmin}_j \lVert z_e - e_j \rVert, \qquad z_q = e_k$$ {#eq:nearest}
//:
//: and the decoder rebuilds the image from the grid of $z_q$. The 49 indices $k$ are the image's tokens.
import ChapterKit
import Datasets
import Figures
import Learning
import Models
import Notebook

let chapter = Chapter(slug: "vq-vae")
let train = chapter.train
let test = chapter.test
//: ## The model
//:
//: Choosing the nearest entry has no gradient. The usual trick is the *straight-through estimator*:
//: the decoder's gradient with respect to $z_q$ is passed unchanged to $z_e$, as if quantisation were
//: the identity. The codebook itself is not trained by gradients: after each step, every entry moves a
//: little towards the mean of the encoder vectors assigned to it (an exponential moving average with
//: decay 0.99, as in [@oord2017; @razavi2019] and the Sonnet notebook [@sonnetvqvae]). A *commitment*
//: loss keeps the encoder's outputs close to the entries they chose:
//:
//: $$\mathcal{L} = \text{BCE}(x, \hat{x}) + \beta \,\lVert z_e - \operatorname{sg}(z_q) \rVert^2, \qquad \beta = 0.25$$ {#eq:vq-loss}
//:
//: where $\operatorname{sg}$ stops the gradient. The loss of @eq:vq-loss and the quantiser of
//: @eq:nearest, as the model computes them:
//: @include Sources/Models/VQVAE.swift #loss
//: @include Sources/Learning/VectorQuantizer.swift #callAsFunction
//: @fold The training loop: each step the loss, Adam on the convolutions, then the codebook's EMA step
//: @include Sources/ChapterKit/SharedVQVAE.swift
//: @end
let trained = chapter.sharedVQVAE()
let model = trained.model
let history = trained.history
//: @fold How the page draws the architecture
chapter.metric("parameters", Double(model.parameterCount), format: "%.0f")
chapter.metric("codebook_entries", Double(model.codebookSize), format: "%.0f")
chapter.metric("codebook_width", Double(model.quantizer.width), format: "%.0f")
chapter.figure("architecture", caption: "The VQ-VAE: two stride-2 convolutions give a 7×7 grid of 32-dimensional "
               + "vectors z_e; each is replaced by its nearest entry of the codebook (shaded by this run's learned "
               + "entries), whose index is the token; two transposed convolutions decode the grid of entries z_q.") {
    let grid = VQVAE.gridSide, features = VQVAE.featureSide, width = model.quantizer.width
    let codebook = model.quantizer.codebook.scalars
    let vectors = "\(grid)×\(grid)×\(width)", tokens = "\(model.tokensPerImage) of \(model.codebookSize)"
    return ArchitectureDiagram(
        stages: [
            .init([.image(name: "x", side: test.imageSide, pixels: test.floats(at: 0))]),
            .init([.grid(name: "features", rows: features, columns: features,
                         note: "\(features)×\(features)×\(model.encoder.conv1.outputs)")]),
            .init([.grid(name: "z_e", rows: grid, columns: grid, note: vectors)], losses: ["commitment"]),
            .init([.grid(name: "tokens", rows: grid, columns: grid, note: tokens),
                   .table(name: "codebook", rows: model.codebookSize, columns: width, values: codebook,
                          note: "\(model.codebookSize) entries × \(width)")]),
            .init([.grid(name: "z_q", rows: grid, columns: grid, note: vectors)]),
            .init([.grid(name: "features", rows: features, columns: features,
                         note: "\(features)×\(features)×\(model.decoder.up1.outputs)")]),
            .init([.image(name: "x̂", side: test.imageSide)], losses: ["BCE(x, x̂)"]),
        ],
        connections: ["conv, ReLU", "conv", "nearest entry", "look up", "conv-T, ReLU", "conv-T, sigmoid"],
        groups: [("encoder", 1..<3), ("quantiser", 3..<5), ("decoder", 5..<7)]
    )
}
//: @end
//: The new part is the quantiser in the middle of @fig:architecture: the codebook,
//: {{metric.codebook_entries}} learned vectors of {{metric.codebook_width}} numbers, is the vocabulary.
//: Each of the 49 vectors of $z_e$ picks its nearest entry; the entry's index is the token, and the
//: entry itself goes on to the decoder.
//: @fold How the page plots the training and reads it
chapter.figure("training", caption: "Per epoch: the reconstruction loss (binary cross-entropy per pixel) and the "
               + "commitment loss, on a logarithmic axis.") {
    LinePlot(series: [.init(name: "reconstruction", points: history.series("reconstruction")),
                      .init(name: "commitment", points: history.series("commitment"))],
             xLabel: "epoch", yLabel: "loss per pixel / per vector", logY: true)
}
chapter.figure("codebook-use", caption: "Per epoch: the codebook's perplexity (how many entries are effectively in "
               + "use) and how many entries were chosen at least once.") {
    LinePlot(series: [.init(name: "perplexity", points: history.series("perplexity")),
                      .init(name: "entries used", points: history.series("codes_used"))],
             xLabel: "epoch", yLabel: "codebook entries")
}
let firstReconstruction = history.series("reconstruction").first?.y ?? .nan
chapter.text("training_reading", "Over \(history.epochs.count) epochs the reconstruction loss falls from "
    + "\(formatted(firstReconstruction, "%.4f")) to \(formatted(history.final("reconstruction"), "%.4f")) per pixel "
    + "and "
    + "the commitment loss ends at \(formatted(history.final("commitment"), "%.4f")); the axis is logarithmic, so "
    + "equal heights are equal ratios")
let (entriesUsed, finalPerplexity) = (history.final("codes_used"), history.final("perplexity"))
chapter.metric("entries_used", entriesUsed, format: "%.0f")
chapter.metric("final_perplexity", finalPerplexity, format: "%.1f")
chapter.claim("uneven_use", finalPerplexity < 0.8 * entriesUsed,
              evidence: "perplexity \(formatted(finalPerplexity, "%.1f")) < 0.8 × \(formatted(entriesUsed, "%.0f")) "
                  + "entries used")
//: @end
//: {{text.training_reading}} (@fig:training).
//:
//: In the last epoch of @fig:codebook-use, {{metric.entries_used}} of the 64 entries are chosen at least
//: once, and the perplexity, {{metric.final_perplexity}}, says the tokens are spread as if over that many
//: equally used entries: {{claim.uneven_use: some entries are far commoner than others.}}
//: ## An image, its tokens, and back
//:
//: Here are three test digits, the tokens the encoder picks for them, and what the decoder makes of
//: those 49 integers alone:
let showcase = showcaseIndices(in: test)
typealias Example = (image: [Float], tokens: [Int], reconstruction: [Float])
let examples = [showcase[7], showcase[2], showcase[4]].map { index -> Example in
    let tokens = model.tokens(Tensor(images: test, indices: [index]))
    return (test.floats(at: index), tokens, model.decode(tokens: tokens).scalars)
}
chapter.figure("tokens", caption: "Test images (left), their 7×7 tokens written on the patches they describe (middle), "
               + "and the image decoded from the tokens alone (right).") {
    TokenGrid(examples: examples)
}
//: {{text.tokens_reading}} (@fig:tokens).
//: @fold How the page draws the reconstructions and measures their error
let originals = Tensor(images: test, indices: showcase)
let reconstructions = model.decode(tokens: model.tokens(originals))
chapter.figure("reconstructions", caption: "The showcase test images of the earlier chapters, and their VQ-VAE "
               + "reconstructions from 49 tokens each.") {
    ImageGrid.pairs(originals: rows(of: originals), reconstructions: rows(of: reconstructions),
                    columns: showcase.count / 2)
}
let reconstructionError = ReconstructionError(images: test) { model.decode(tokens: model.tokens($0)) }
let vqvaeMSE = chapter.metric("test_mse_per_image", reconstructionError.meanSquaredErrorPerImage)
chapter.metric("test_bce_per_image", reconstructionError.crossEntropyPerImage, format: "%.1f")
//: @end
//: In @fig:reconstructions the digits come back nearly unchanged, stroke for stroke. Over the whole
//: test set their squared error is {{metric.test_mse_per_image}} per image; @sec:compared compares it
//: with the two earlier models.
//: ## How the codebook is used
//:
//: A codebook is only useful if its entries are used. We count the tokens of the whole test set.
//:
//: @predict The test set has 490,000 tokens and the codebook 64 entries. Are they used about equally?
//: @answer No. The usage has a perplexity of {{metric.test_perplexity}} (as if that many entries were used
//: @answer equally), the number of entries never chosen is {{metric.dead_codes}}, and {{text.usage_reading}}: most of a
//: @answer digit is blank paper.
let testTokens = model.tokens(of: test)
var usage = [Int](repeating: 0, count: model.codebookSize)
for token in testTokens { usage[token] += 1 }
//: @fold How the page draws the usage and reads it
let deadCodes = usage.filter { $0 == 0 }.count
chapter.metric("test_perplexity", VectorQuantizer.perplexity(testTokens, entries: model.codebookSize), format: "%.1f")
chapter.metric("dead_codes", Double(deadCodes), format: "%.0f")
chapter.figure("codebook-usage", caption: "How often each codebook entry is chosen over the 490,000 test tokens (per "
               + "1,000 tokens); entries never chosen are dead.") {
    BarChart(values: usage.map { 1000 * Double($0) / Double(testTokens.count) },
             labels: (0..<model.codebookSize).map(String.init), xLabel: "codebook entry",
             yLabel: "uses per 1,000 tokens")
}
//: @end
//: In @fig:codebook-usage the test set uses an effective {{metric.test_perplexity}} of the 64 entries (the
//: perplexity, $e$ to the entropy of the usage; the {{metric.final_perplexity}} of the last epoch was
//: measured on the training batches), and the number of entries never chosen is {{metric.dead_codes}}. A few
//: entries are used far more than the rest: {{text.usage_reading}}.
//:
//: ## What each token stands for
//:
//: A token replaces a 4×4 patch, but the encoder sees more than the patch when it chooses. For each
//: entry we average, over the first 2,000 test images, the 12×12 pixels around every patch it was
//: chosen for: the patch in the middle, with four pixels of context on each side.
//: @fold How a neighbourhood is averaged
//: @include Sources/Models/CodebookNeighbourhoods.swift
//: @end
let window = 12
let averagedTokens = Array(testTokens.prefix(2000 * model.tokensPerImage))  // the first 2,000 test images
let meanPatches = model.averageNeighbourhoods(tokens: averagedTokens, of: test, window: window)
//: @fold How the page draws the entries and reads them
chapter.figure("codebook-entries", caption: "For each codebook entry (number below), the average 12×12 "
               + "neighbourhood of the test patches it encodes; the patch itself is the middle 4×4. Entries stand for "
               + "blank paper, stroke ends, edges and crossings in different directions.") {
    ImageGrid(images: meanPatches, imageSide: window, columns: 16, cellSize: 44, gutter: 3,
              cellCaptions: (0..<model.codebookSize).map(String.init))
}
let percent = { (value: Double) in formatted(100 * value, "%.0f") + "%" }
// Entries whose average neighbourhood is nearly white: the ways the codebook spells blank paper.
let paperEntries = Set(meanPatches.indices.filter { entry in
    usage[entry] > 0 && meanPatches[entry].reduce(0, +) / Float(meanPatches[entry].count) < 0.05
})
let blankToken = usage.indices.max { usage[$0] < usage[$1] } ?? 0  // the commonest entry: blank paper
let firstTokens = examples[0].tokens
chapter.text("tokens_reading", "The first digit's \(model.tokensPerImage) patches use \(Set(firstTokens).count) "
    + "different tokens, and \(firstTokens.filter(paperEntries.contains).count) of those patches get one of the "
    + "\(paperEntries.count) entries that stand for blank paper (their average neighbourhoods, drawn further down, "
    + "are empty)")
let paperShare = Double(paperEntries.map { usage[$0] }.reduce(0, +)) / Double(testTokens.count)
chapter.text("usage_reading", "entry \(blankToken), the commonest, alone is "
    + "\(percent(Double(usage[blankToken]) / Double(testTokens.count))) of all test tokens where an even share "
    + "would be "
    + "\(formatted(100 / Double(model.codebookSize), "%.1f"))%, and the \(paperEntries.count) blank-paper entries "
    + "together are \(percent(paperShare))")
let centre = (window - VQVAE.patchSide) / 2
let middle = centre..<centre + VQVAE.patchSide
let inkedEntries = meanPatches.enumerated().filter { entry, patch in
    usage[entry] > 0 && middle.contains { row in middle.contains { column in patch[row * window + column] > 0.5 } }
}.count
chapter.text("paper_entries", paperEntries.count == 1 ? "one entry is nearly white"
                                                       : "\(paperEntries.count) entries are nearly white")
chapter.text("entries_reading", "Of the \(model.codebookSize - deadCodes) entries in use, \(inkedEntries) have a pixel "
    + "darker than half ink in their middle 4×4 on average: those carry strokes, the rest paper or the faint edge "
    + "of a stroke")
chapter.text("blank_token", "\(blankToken)")
//: @end
//: {{text.entries_reading}} (@fig:codebook-entries); {{text.paper_entries}}: blank paper.
//:
//: What a token *is* shows best by changing one. In @live:token-editor, a test digit is its 49 tokens: pick
//: a cell, pick any of the 64 entries — each drawn as what it makes on blank paper, with its number — and the
//: VQ-VAE's decoder, running in your browser with the weights this run used, redraws the digit from the
//: edited tokens. **Try:** show the token numbers, then put the blank-paper entry {{text.blank_token}} in
//: a cell a stroke crosses and watch the stroke break, or a stroke's entry on empty paper. From the
//: keyboard: arrow keys pick a cell, Enter goes to the entries, arrow keys there change the cell's
//: token, and Escape goes back to the image.
//: @fold What the page ships to the browser: the codebook, the decoder's weights and six test digits' tokens
let editorDigits = Array(showcase.prefix(6))
chapter.liveFigure("token-editor", caption: "The VQ-VAE's decoder, running in your browser on a test digit's 7×7 "
                   + "tokens: choose a cell, then a codebook entry, and the digit is redrawn from the edited tokens.",
                   script: "Sources/PageScripts/token-editor.js") { page in
    page.tensor("quantizer.codebook", model.quantizer.codebook)
    page.layer("decoder", model.decoder)
    page.bytes("tokens", model.tokens(Tensor(images: test, indices: editorDigits)),
               shape: [editorDigits.count, model.tokensPerImage])
    page.bytes("labels", test.labels(of: editorDigits))
    page.bytes("blank", [blankToken])
    page.strings("classNames", chapter.dataset.classNames)
}
//: @end
//: ## Compared with the earlier chapters {#sec:compared}
//:
//: @predict Chapters 1 and 2 squeeze an image into 20 real numbers; here it becomes 49 integers below 64. Which reconstructs the test images better?
//: @answer The VQ-VAE: {{metric.test_mse_per_image}} squared error per image, against
//: @answer {{metric.autoencoder_mse}} for the auto-encoder and {{metric.vae_mse}} for the VAE (@tbl:reconstruction).
let autoencoder = chapter.results(of: "autoencoder").metric("test_mse_per_image")
let vae = chapter.results(of: "vae").metric("test_mse_per_image")
let tokenBits = Double(model.tokensPerImage) * bitsToChoose(among: model.codebookSize)
let earlierCodeBits = Double(20 * 8 * MemoryLayout<Float>.size)  // chapters 1 and 2: 20 numbers, 32-bit floats
chapter.claim("better_reconstruction", vqvaeMSE.value < min(autoencoder.value, vae.value),
              evidence: "\(vqvaeMSE.display) < \(autoencoder.display) and \(vae.display) squared error per image")
chapter.claim("smaller_code", tokenBits < earlierCodeBits,
              evidence: "\(formatted(tokenBits, "%.0f")) < \(formatted(earlierCodeBits, "%.0f")) bits")
//: @fold How the page tabulates the comparison
chapter.metric("autoencoder_mse", autoencoder.value)
chapter.metric("vae_mse", vae.value)
chapter.metric("token_bits", tokenBits, format: "%.0f")
chapter.metric("float_code_bits", earlierCodeBits, format: "%.0f")
chapter.table(
    "Squared reconstruction error per image on the test set {#tbl:reconstruction}",
    columns: ["model", "what an image becomes", "squared error per image"],
    rows: [
        ["auto-encoder (chapter 1)", "20 real numbers", autoencoder],
        ["variational auto-encoder (chapter 2), from μ", "20 real numbers", vae],
        ["VQ-VAE", "49 tokens of 6 bits = 294 bits", vqvaeMSE],
    ]
)
//: @end
//: With 49 small integers per image, {{claim.better_reconstruction: the VQ-VAE reconstructs the test
//: images better than both earlier models (@tbl:reconstruction).}} {{claim.smaller_code: Its code is also
//: smaller than theirs: 49 tokens of $\log_2 64 = 6$ bits each are {{metric.token_bits}} bits, where 20
//: numbers stored as 32-bit floats are {{metric.float_code_bits}} bits.}} What matters more for what
//: follows is that the code is made of symbols from a vocabulary.
//: ## Tokens drawn at random make no digit {#sec:random-tokens}
//:
//: In chapter 1, random codes decoded to smudges. A vocabulary might seem to fix that: every entry
//: decodes to a piece of real stroke or paper, so perhaps any 49 of them make a digit. Here each image
//: is 49 tokens drawn *independently* of each other, either with the frequency each entry has in the
//: test set (so blank paper is as common as on real digits) or uniformly from all 64 entries; real
//: test digits' tokens are decoded beside them.
//:
//: @predict Every entry decodes to a piece of real stroke or paper. Will 49 of them, each drawn with the frequency it has in real digits, decode to something that looks like a digit?
//: @answer No: @fig:random-tokens shows scraps. Counted over {{metric.drawn_images}} images, they hold
//: @answer {{metric.frequency_token_pieces}} separate pieces of ink on average, where real digits' tokens hold
//: @answer {{metric.real_token_pieces}}.
//: @fold Drawing tokens independently, each with probability proportional to a weight
/// `count` codebook entries drawn independently, each with probability proportional to its weight.
func drawIndependently(_ count: Int, weights: [Int], using generator: inout SeededGenerator) -> [Int] {
    let total = Double(weights.reduce(0, +))
    var cumulative: [Double] = []
    for weight in weights { cumulative.append((cumulative.last ?? 0) + Double(weight) / total) }
    return (0..<count).map { _ in
        let uniform = Double.random(in: 0..<1, using: &generator)
        return cumulative.firstIndex { uniform < $0 } ?? weights.count - 1
    }
}
//: @end
let drawnImages = 1000
var tokenDraws = chapter.random("random tokens")
let tokenCount = drawnImages * model.tokensPerImage
let uniformTokens = (0..<tokenCount).map { _ in Int.random(in: 0..<model.codebookSize, using: &tokenDraws) }
let frequencyTokens = drawIndependently(tokenCount, weights: usage, using: &tokenDraws)
let realTokens = Array(testTokens.prefix(tokenCount))  // the first 1,000 test digits' own tokens
let decodedSets: [Tensor] = [realTokens, frequencyTokens, uniformTokens].map { model.decode(tokens: $0) }
//: @fold How the page draws them and counts their pieces of ink
chapter.figure("random-tokens", caption: "Images decoded from 49 tokens each: a test digit's own tokens (top row), "
               + "tokens drawn independently with the test set's frequencies (middle) and tokens drawn uniformly from "
               + "the 64 entries (bottom).") {
    ImageGrid(images: decodedSets.flatMap { Array(rows(of: $0).prefix(10)) }, columns: 10, cellSize: 44, gutter: 3,
              rowLabels: ["real tokens", "by frequency", "uniform"])
}
let pieces = decodedSets.map { images -> Double in
    let all = rows(of: images)
    return Double(all.map { inkPieces($0, side: test.imageSide) }.reduce(0, +)) / Double(all.count)
}
chapter.metric("real_token_pieces", pieces[0], format: "%.1f")
chapter.metric("frequency_token_pieces", pieces[1], format: "%.1f")
chapter.metric("uniform_token_pieces", pieces[2], format: "%.1f")
chapter.metric("drawn_images", Double(drawnImages), format: "%.0f")
chapter.claim("random_tokens_scatter", min(pieces[1], pieces[2]) > 3 * pieces[0],
              evidence: "\(formatted(pieces[1], "%.1f")) and \(formatted(pieces[2], "%.1f")) pieces of ink > 3 × "
                  + "\(formatted(pieces[0], "%.1f")) for real tokens")
//: @include Sources/Models/InkPieces.swift
//: @end
//: {{claim.random_tokens_scatter: @fig:random-tokens shows scraps of stroke scattered over the paper, not
//: digits. Counted over {{metric.drawn_images}} images of each kind, a real digit's decoded tokens hold on
//: average {{metric.real_token_pieces}} separate pieces of ink (groups of touching inked pixels), tokens
//: drawn by frequency {{metric.frequency_token_pieces}} and uniform tokens {{metric.uniform_token_pieces}}.}}
//: @fold How chapter 1's classifier judges them
let classifier = chapter.sharedClassifier()
let sureShares = decodedSets.map { images -> Double in
    let probabilities = classifier.probabilities(images)
    return Double(probabilities.filter { ($0.max() ?? 0) > 0.9 }.count) / Double(probabilities.count)
}
chapter.metric("real_token_sure", 100 * sureShares[0], format: "%.0f%%")
chapter.metric("frequency_token_sure", 100 * sureShares[1], format: "%.0f%%")
chapter.metric("uniform_token_sure", 100 * sureShares[2], format: "%.0f%%")
chapter.claim("classifier_less_sure", max(sureShares[1], sureShares[2]) < sureShares[0],
              evidence: "\(percent(sureShares[1])) and \(percent(sureShares[2])) < \(percent(sureShares[0])) of images "
                  + "classified with more than 90% confidence")
//: @end
//: {{claim.classifier_less_sure: Chapter 1's classifier agrees, though less plainly than our eyes: it is
//: more than 90% sure which digit it sees for {{metric.real_token_sure}} of the real tokens' images, but
//: only for {{metric.frequency_token_sure}} of the frequency-drawn and {{metric.uniform_token_sure}} of the
//: uniform ones.}} (A classifier trained only on digits must name some digit for any image, and is often
//: confident about scraps; counting pieces of ink asks what we actually see.)
//:
//: Each token alone is a plausible patch; what makes a digit is which tokens sit next to which: a
//: stroke that leaves one patch must enter the next. Tokens drawn independently know nothing of their
//: neighbours. What is missing is a model of which token follows which, given the ones before it: a
//: *prior* over token sequences. The next chapter trains one, exactly like a language model that
//: predicts the next word.
//:
//: ## Exercises
//:
//: 1. **Fewer random images.** Change `let drawnImages = 1000` to `100` and run `latent build`. The chapter
//:    reruns but restores the VQ-VAE, so nothing trains. The averages of pieces of ink and the classifier's shares
//:    move a little, since they now rest on a tenth of the images, but with frequency-drawn tokens at
//:    {{metric.frequency_token_pieces}} pieces against {{metric.real_token_pieces}} for real ones, the sentence
//:    that says random tokens decode to scraps should still hold. `latent changes` lists the metrics that moved.
//: 2. **Blank paper even commoner.** In the line that draws `frequencyTokens`, pass `weights: usage.map { $0 * $0 }`
//:    instead of `weights: usage`: each entry's weight is squared, so the common blank-paper entries take
//:    an even larger share of the draws. Watch whether the sentence that says random tokens make scraps,
//:    not digits, is struck through: fewer inked tokens mean fewer pieces, and the claim asks for more than
//:    three times a real digit's count. Look at the middle row of @fig:random-tokens either way.
//: 3. **A looser bar.** In the `uneven_use` claim, change `0.8 * entriesUsed` to `0.5 * entriesUsed`. With a
//:    perplexity of {{metric.final_perplexity}} against {{metric.entries_used}} entries used, the sentence
//:    that says some entries are far commoner than others should now be struck through: a claim is only as
//:    strong as the bar its code sets. `latent changes` names the claim that flipped.
chapter.finish()
