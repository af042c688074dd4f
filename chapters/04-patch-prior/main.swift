//: # Generating an image one patch at a time
//:
//: Train a small language model on the VQ-VAE's tokens: it writes an image token by token, patch by patch, and the VQ-VAE decoder turns the tokens into pixels.
//:
//: The previous chapter turned every image into 49 tokens, read row by row like the words of a
//: sentence. A language model learns $p(t_i \mid t_1, \dots, t_{i-1})$, the next token given the ones
//: before it, and writes text by sampling one token at a time. Nothing about that needs the tokens to be
//: words. Here a small transformer learns
//:
//: $$p(t_1, \dots, t_{49} \mid c) = \prod_{i=1}^{49} p(t_i \mid c, t_1, \dots, t_{i-1})$$
//:
//: for images of class $c$, and we generate new images the way a language model writes. This is how
//: image tokens can share a model with text.
import ChapterKit
import Datasets
import Figures
import Learning
import Models
import Notebook

let chapter = Chapter(slug: "patch-prior")
let train = chapter.train
let test = chapter.test
let vqvae = chapter.sharedVQVAE().model
//: ## From images to token sequences
//:
//: The VQ-VAE of the previous chapter (restored from its checkpoint) encodes every training and test
//: image once (the training images only when the model below trains). Each sequence starts with a
//: class token, so that we can later ask for a particular class.
let testTokens = vqvae.tokens(of: test)
chapter.note("\(train.count) training sequences and \(test.count) test sequences of \(vqvae.tokensPerImage) tokens from a vocabulary of \(vqvae.codebookSize).")
//: ## The model
//:
//: A decoder-only transformer in the style of GPT, kept small: token and position embeddings of width
//: 64, two blocks of four-head causal self-attention and a GELU MLP, and a final layer that gives a score
//: for each of the 64 possible next tokens. The loss is the cross-entropy of the true next token — the
//: language-modelling loss — averaged over all 49 positions.
//:
//: One block, in plain ops: a layer norm, then attention, added back to the block's input; a layer
//: norm, then an MLP, added back again. Here is the block written exactly so,
//: `x + attention(layerNorm(x))` and `x + mlp(layerNorm(x))`; a diagram of it with this model's
//: sizes follows the model's code.
//: @include Sources/Models/ReadableTransformerBlock.swift #TransformerBlock
//:
//: Training does not call that version: each of its two lines is one fused op of the engine, which
//: computes the same numbers in one pass over the rows while they sit in the core's cache (the tests
//: check that both give the same outputs and gradients). That is the block the model is built from:
//: @include Sources/Models/TransformerBlock.swift
//: @include Sources/Models/TokenTransformer.swift
//: @include Sources/Models/PatchPrior.swift
var initialWeights = chapter.random("prior weights")
let prior = PatchPrior(vocabulary: vqvae.codebookSize, classes: chapter.dataset.classNames.count, using: &initialWeights)
let optimizer = Adam(parameters: prior.namedParameters, learningRate: 2e-3)
chapter.metric("parameters", Double(prior.parameterCount), format: "%.0f")
chapter.figure("block", caption: "One of the prior's \(prior.blocks.count) transformer blocks, top to bottom, with its sizes: each half normalises, transforms, and adds its result back to its input (the orange path).") {
    let block = prior.blocks[0]
    return TransformerBlockDiagram(width: block.expand.inputs, heads: prior.heads, hidden: block.expand.outputs,
                                   sequence: PatchPrior.sequenceLength)
}
//: Read it top to bottom: attention is the only step where positions exchange information (each
//: looks back at the ones before it); every other box works on each position alone.

func testBitsPerToken() -> Double {
    withoutGradients {
        var total: Double = 0
        for batch in test.batches(size: 100) {  // a larger batch is no faster and holds more memory
            let (inputs, targets) = prior.sequences(of: test, tokens: testTokens, at: batch)
            total += Double(prior.loss(inputs, targets: targets).item) * Double(batch.count)
        }
        return bits(fromNats: total / Double(test.count))
    }
}

let history = chapter.trainOrRestore("prior", model: prior, optimizer: optimizer, epochs: chapter.epochs(6),
                                     settings: "Adam 2e-3, batch 64, cross-entropy") { progress in
    let trainTokens = vqvae.tokens(of: train)
    var batchOrder = chapter.random("prior batches")
    for epoch in 1...progress.epochs {
        var total: Double = 0
        for batch in train.shuffledBatches(size: 64, using: &batchOrder) {
            let (inputs, targets) = prior.sequences(of: train, tokens: trainTokens, at: batch)
            let loss = prior.loss(inputs, targets: targets)
            loss.backward()
            optimizer.update()
            total += try progress.step(loss) * Double(batch.count)
        }
        progress.epoch(epoch, ["train_bits_per_token": bits(fromNats: total / Double(train.count)), "test_bits_per_token": testBitsPerToken()])
    }
}
chapter.metric("test_bits_per_token", history.final("test_bits_per_token"), format: "%.3f")
chapter.metric("test_bits_per_image", history.final("test_bits_per_token") * Double(vqvae.tokensPerImage), format: "%.0f")
let uniformBits = bitsToChoose(among: vqvae.codebookSize)  // a guess that knows nothing: every token equally likely
chapter.metric("uniform_bits_per_token", uniformBits, format: "%.0f")
chapter.metric("uniform_bits_per_image", uniformBits * Double(vqvae.tokensPerImage), format: "%.0f")
chapter.figure("loss", caption: "Next-token cross-entropy in bits per token, on training and test sequences. A uniform guess among \(vqvae.codebookSize) tokens would need \(Int(uniformBits)) bits.") {
    LinePlot(series: [.init(name: "train", points: history.series("train_bits_per_token")),
                      .init(name: "test", points: history.series("test_bits_per_token"), dashed: true)],
             xLabel: "epoch", yLabel: "bits per token")
}
//: On test images the model needs {{metric.test_bits_per_token}} bits per token, {{metric.test_bits_per_image}}
//: bits for a whole image, where a uniform guess would need {{metric.uniform_bits_per_token}} bits per
//: token ({{metric.uniform_bits_per_image}} per image): it has learned a great deal about which patch
//: follows which.
//:
//: ## Writing an image
//:
//: To generate, we give the model a class token, sample the first token from its prediction, append
//: it, and repeat 49 times. The strip below follows one image as it is written; patches not yet
//: generated are hatched (the decoder fills them with empty background meanwhile).
var sampling = chapter.random("prior samples")
var tokenCounts = [Int](repeating: 0, count: vqvae.codebookSize)
for token in testTokens { tokenCounts[token] += 1 }
let blank = tokenCounts.indices.max { tokenCounts[$0] < tokenCounts[$1] }!  // the commonest patch: empty background
let classes = chapter.dataset.classNames
let perClass = 50
let labels = classes.indices.flatMap { [Int](repeating: $0, count: perClass) }
let followed = 7  // the class whose samples the strip follows
let samples = prior.sample(labels: labels, using: &sampling)
let sampleImages = vqvae.decode(tokens: samples.flatMap { $0 })
//: The strip follows the first sample of class {{text.followed_class}} that the classifier of chapter 1
//: also recognises as one, so that the image being written is the one we asked for.
let classifier = chapter.sharedClassifier()
let probabilities = classifier.probabilities(sampleImages)
let recognised = probabilities.map(predictedClass)
let recognisedAsFollowed = labels.indices.filter { labels[$0] == followed && recognised[$0] == followed }
let shown = recognisedAsFollowed.first ?? labels.firstIndex(of: followed)!
chapter.text("followed_class", classes[followed])
chapter.figure("patch-by-patch", caption: "A sample of class \(classes[followed]) after 1, 7, 14, … 49 generated tokens, in raster order; the orange square is the newest patch.") {
    let afterEachRow = [1] + Array(stride(from: VQVAE.gridSide, through: vqvae.tokensPerImage, by: VQVAE.gridSide))
    return PatchStrip(panels: afterEachRow.map { step in
        let written = Array(samples[shown].prefix(step))  // after `step` steps: the first `step` tokens of the result
        return (vqvae.decode(tokens: written + [Int](repeating: blank, count: vqvae.tokensPerImage - step)).scalars, step)
    })
}
/// The patches (raster order) of a decoded image that hold ink: a pixel above half.
func inkedPatches(_ image: [Float]) -> [Int] {
    let (side, patch) = (test.imageSide, VQVAE.patchSide)
    return (0..<vqvae.tokensPerImage).filter { index in
        let (top, left) = (index / VQVAE.gridSide * patch, index % VQVAE.gridSide * patch)
        return (top..<top + patch).contains { row in (left..<left + patch).contains { column in image[row * side + column] > 0.5 } }
    }
}
let inked = inkedPatches(rows(of: sampleImages)[shown])
chapter.text("strip_reading", inked.isEmpty ? "This sample has no patch with ink" :
    "The finished sample has ink in \(inked.count) of its \(vqvae.tokensPerImage) patches; the first of them is token \(inked[0] + 1), so the model writes \(inked[0]) patches of paper before the first stroke, and the last is token \(inked.last! + 1)")
//: {{text.strip_reading}}.
chapter.figure("samples", caption: "The first eight of the \(perClass) images generated per class (one class per row), each written token by token and decoded by the VQ-VAE.") {
    let images = rows(of: sampleImages)
    let firstEight = labels.indices.filter { $0 % perClass < 8 }
    return ImageGrid(images: firstEight.map { images[$0] }, columns: 8, cellSize: 44, gutter: 3, rowLabels: classes)
}
//: Each row was asked for one class. Measured below over all {{metric.samples}} samples, the
//: classifier sees the class asked for {{metric.class_agreement}} of the time.
//: Write one yourself. The prior and the VQ-VAE's decoder below are this run's, running in your
//: browser: pick a class and a seed and press generate, and the tokens appear one at a time, each drawn
//: from the model's prediction given the class and the tokens before it. The same seed writes the same
//: image; the browser draws its own random numbers, so its images are not the ones above.
chapter.liveFigure("patch-writer", caption: "The transformer prior writing an image token by token in your browser, for the class and seed you choose; the orange square is the newest patch.",
                   script: "Sources/PageScripts/patch-writer.js",
                   uses: ["layers.js", "vq-decoder.js", "transformer.js", "sampling.js", "drawing.js"].map { "Sources/PageScripts/\($0)" }) { page in
    page.layer("transformer", prior.transformer)
    page.tensor("quantizer.codebook", vqvae.quantizer.codebook)
    page.layer("decoder", vqvae.decoder)
    page.bytes("heads", [prior.heads])
    page.bytes("blank", [blank])
    page.strings("classNames", classes)
}
//: ## Where the model looks
//:
//: Each attention head decides, for every position, how much to draw on each earlier position. Here is
//: one head of the last block for a test image: row $i$ shows where position $i$ looks.
var lastAttention: Tensor?
let firstTest = prior.sequences(of: test, tokens: testTokens, at: 0..<1)
_ = prior.logits(firstTest.inputs) { block, qkv in if block == prior.blocks.count - 1 { lastAttention = qkv } }
chapter.figure("attention", caption: "Attention weights of head 1 in the last block for the first test image: row i (the position being predicted from) over columns j ≤ i. Position 0 is the class token; a row of 7 tokens is one row of patches.") {
    let length = PatchPrior.sequenceLength
    let weights = attentionProbabilities(lastAttention!, batch: 1, sequence: length, heads: prior.heads)  // head 1 comes first
    let matrix = (0..<length).map { i in (0..<length).map { j in Double(weights[i * length + j]) } }
    let labels = (0..<length).map { $0 % VQVAE.gridSide == 0 ? "\($0)" : "" }
    return HeatMap(values: matrix, rowLabels: labels, columnLabels: labels, rowTitle: "position i", columnTitle: "attends to position j",
                   showValues: false, cellSize: 9)
}
/// The mean attention that positions put on the position `back` steps before them (0: themselves),
/// or on the class token when `back` is nil, over the positions that have such a position.
func meanAttention(back: Int?) -> Double {
    let length = PatchPrior.sequenceLength
    let weights = attentionProbabilities(lastAttention!, batch: 1, sequence: length, heads: prior.heads)
    let rows = (1..<length).filter { back == nil || $0 - back! >= 1 }
    return rows.map { i in Double(weights[i * length + (back.map { i - $0 } ?? 0)]) }.reduce(0, +) / Double(rows.count)
}
let percent = { (share: Double) -> String in formatted(100 * share, "%.0f") + "%" }
let positionsSeen: [Double] = (1..<PatchPrior.sequenceLength).map { (position: Int) -> Double in 1 / Double(position + 1) }
let evenShare: Double = positionsSeen.reduce(0, +) / Double(positionsSeen.count)
let onClassToken: String = percent(meanAttention(back: nil)), onPrevious: String = percent(meanAttention(back: 1))
let onAbove: String = percent(meanAttention(back: VQVAE.gridSide))
chapter.text("attention_reading", "On average a position puts \(onClassToken) of this head's attention on the class token (column 0), \(onPrevious) on the token just before it (the cells just left of the diagonal) and \(onAbove) on the patch straight above it, \(VQVAE.gridSide) tokens back; spread evenly over the positions it may see, each would get \(percent(evenShare)) on average")
//: {{text.attention_reading}}. Each row is a probability distribution over the positions it may see,
//: so the dark cells are where a position draws most of what it knows.
//: ## Measured: samples against the VAE's
//:
//: The same classifier as before judges all {{metric.samples}} generated images: how confident it is, how evenly the
//: classes are spread, and — since we asked for a class each time — how often it sees the class we asked for.
let quality = SampleQuality(probabilities: probabilities)
chapter.metric("samples", Double(labels.count), format: "%.0f")
let agreement = Double(zip(recognised, labels).filter { $0 == $1 }.count) / Double(labels.count)
let confidence = chapter.metric("sample_confidence", quality.meanConfidence, format: "%.3f")
let entropy = chapter.metric("sample_entropy", quality.classEntropy, format: "%.2f")
let classAgreement = chapter.metric("class_agreement", 100 * agreement, format: "%.1f%%")
let vae = chapter.results(of: "vae")
let vaeConfidence = vae.metric("noise_confidence")
chapter.table(
    "Generated images judged by the classifier",
    columns: ["generator", "mean top-class confidence", "entropy of predicted classes (bits)", "asked-for class recognised"],
    rows: [
        ["VAE, codes from N(0, I) (chapter 2)", vaeConfidence, vae.metric("noise_entropy"), "—"],
        ["patch-by-patch transformer + VQ-VAE decoder", confidence, entropy, classAgreement],
    ]
)
chapter.text("verdict", confidence.value > vaeConfidence.value
    ? "The patch-by-patch samples convince the classifier more than the VAE's (confidence \(confidence.display) against \(vaeConfidence.display))"
    : "The patch-by-patch samples do not convince the classifier more than the VAE's (confidence \(confidence.display) against \(vaeConfidence.display))")
//: {{text.verdict}}, and they are the class we asked for {{metric.class_agreement}} of the time.
//:
//: ## What we built
//:
//: Across four chapters: an auto-encoder that compresses but cannot generate; a VAE whose latent space
//: can be sampled; a VQ-VAE that turns images into a vocabulary of tokens; and a language model over
//: those tokens that writes images patch by patch. The last step is the bridge: once images are
//: sequences of tokens, the same next-token training can serve text and images together.
chapter.finish()
