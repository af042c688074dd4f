//: # Generating an image one patch at a time
//:
//: Train a small language model on the VQ-VAE's tokens: it writes an image token by token, patch by patch, and the VQ-VAE decoder turns the tokens into pixels.
//:
//: The previous chapter turned every image into 49 tokens, read row by row like the words of a
//: sentence, and found that tokens drawn independently of each other decode to scraps
//: (@vq-vae/fig:random-tokens): what makes a digit is which token follows which. A language model learns $p(t_i \mid t_1, \dots, t_{i-1})$, the next token given the ones
//: before it, and writes text by sampling one token at a time. Nothing about that needs the tokens to be
//: words. Here a small transformer learns
//:
//: $$p(t_1, \dots, t_{49} \mid c) = \prod_{i=1}^{49} p(t_i \mid c, t_1, \dots, t_{i-1})$$ {#eq:chain}
//:
//: for images of class $c$, and we generate new images the way a language model writes. Such a model
//: of the codes is the VQ-VAE's *prior*: its authors trained a PixelCNN [@oord2016], which predicts
//: an image position by position in the same way, over their codes [@oord2017; @razavi2019]; we use a
//: transformer [@vaswani2017], the model of language models. This is how image tokens can share a
//: model with text.
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
chapter.note("\(train.count) training sequences and \(test.count) test sequences of \(vqvae.tokensPerImage) tokens "
             + "from a vocabulary of \(vqvae.codebookSize).")
//: ## The model
//:
//: The model is a *decoder-only* transformer [@vaswani2017], the kind GPT is: one stack of identical
//: blocks reads the sequence so far and, at every position, predicts the token at the next one. (A
//: translation model also has an *encoder* for the sentence it translates; with nothing to translate
//: from, only the decoder remains.) Ours is small: token and position embeddings of width 64, two
//: blocks, and a final layer that gives a score for each of the 64 possible next tokens. The loss is
//: the cross-entropy of the true next token — the language-modelling loss — averaged over all 49
//: positions.
//:
//: ### Attention: how positions share what they know
//:
//: Positions exchange information in one place only, *self-attention*. Each position turns its vector
//: $x_i$ into three by three learned linear maps: a *query* $q_i$ (what it looks for), a *key* $k_i$
//: (what it offers to other positions' queries) and a *value* $v_i$ (what it passes on when it is
//: chosen). With these as the rows of matrices $Q$, $K$ and $V$, attention is
//:
//: $$\operatorname{Attention}(Q, K, V) = \operatorname{softmax}\Big(\frac{QK^\top}{\sqrt{d}} + M\Big)\, V$$ {#eq:attention}
//:
//: with the mask
//:
//: $$M_{ij} = \begin{cases} 0 & j \le i \\ -\infty & j > i \end{cases}$$
//:
//: In @eq:attention:
//:
//: - $QK^\top$ holds every dot product $q_i \cdot k_j$: how well position $j$'s key matches position $i$'s query.
//: - $d$ is the length of a query or key; dividing by $\sqrt{d}$ keeps the dot products from growing
//:   with it, which would push the softmax to put all its weight on one position.
//: - $M$ is the *causal mask*: $-\infty$ wherever $j > i$ becomes a weight of exactly 0, so a position
//:   sees itself and the positions before it, never the tokens it is about to predict.
//: - The softmax, along each row, turns the scores into weights $a_{ij} \ge 0$ that sum to 1 over $j \le i$.
//: - Multiplying by $V$ gives position $i$ the weighted average $\sum_j a_{ij} v_j$ of the values it attends to.
//:
//: A block runs several such *heads* side by side, each with its own three maps on a slice of the
//: width, and mixes their outputs with one more linear map. *Layer norm* rescales each position's
//: vector to mean 0 and variance 1 (then applies a learned gain and bias), so the numbers stay in the
//: same range from block to block and training stays stable.
//:
//: One block, in plain ops: a layer norm, then attention, added back to the block's input; a layer
//: norm, then an MLP (two linear maps with a GELU, a smooth ReLU, between), added back again. Here is the block written
//: exactly so, `x + attention(layerNorm(x))` and `x + mlp(layerNorm(x))`:
//: @include Sources/Models/ReadableTransformerBlock.swift #TransformerBlock
//:
//: The prior puts a class token before the image's tokens and predicts each token from the ones before it:
//: @include Sources/Models/PatchPrior.swift
//: @fold The transformer it runs: embeddings, the blocks (each half one operation of the engine, tested against the block above), the output layer
//: @include Sources/Models/TransformerBlock.swift
//: @include Sources/Models/TokenTransformer.swift
//: @end
var initialWeights = chapter.random("prior weights")
let prior = PatchPrior(vocabulary: vqvae.codebookSize, classes: chapter.dataset.classNames.count,
                       using: &initialWeights)
let optimizer = Adam(parameters: prior.namedParameters, learningRate: 2e-3)
//: @fold How the page draws one block with this model's sizes
chapter.metric("parameters", Double(prior.parameterCount), format: "%.0f")
chapter.figure("block", caption: "One of the prior's \(prior.blocks.count) transformer blocks, top to bottom, with its "
               + "sizes: each half normalises, transforms, and adds its result back to its input (the orange path).") {
    let block = prior.blocks[0]
    return TransformerBlockDiagram(width: block.expand.inputs, heads: prior.heads, hidden: block.expand.outputs,
                                   sequence: PatchPrior.sequenceLength)
}
chapter.metric("model_width", Double(prior.blocks[0].expand.inputs), format: "%.0f")
chapter.metric("heads", Double(prior.heads), format: "%.0f")
chapter.metric("head_width", Double(prior.blocks[0].expand.inputs / prior.heads), format: "%.0f")
//: @end
//: Read @fig:block top to bottom: attention is the only step where positions exchange information (each
//: looks back at the ones before it); every other box works on each position alone. Here the width is
//: {{metric.model_width}}, split into {{metric.heads}} heads whose queries and keys have $d =$
//: {{metric.head_width}} numbers each.
//:
//: ## Training
//:
//: Training is the language model's: for batches of 64 training sequences, the cross-entropy of each
//: true next token, one Adam step. After each epoch we measure the same loss on the test sequences,
//: in bits per token.
//: @fold How the test sequences' bits per token are measured
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
//: @end
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
        progress.epoch(epoch, ["train_bits_per_token": bits(fromNats: total / Double(train.count)),
                               "test_bits_per_token": testBitsPerToken()])
    }
}
//: @fold How the page plots the loss and compares it with a blind guess
let testBits = history.final("test_bits_per_token")
chapter.metric("test_bits_per_token", testBits, format: "%.3f")
chapter.metric("test_bits_per_image", testBits * Double(vqvae.tokensPerImage), format: "%.0f")
let uniformBits = bitsToChoose(among: vqvae.codebookSize)  // a guess that knows nothing: every token equally likely
chapter.metric("uniform_bits_per_token", uniformBits, format: "%.0f")
chapter.metric("uniform_bits_per_image", uniformBits * Double(vqvae.tokensPerImage), format: "%.0f")
chapter.figure("loss", caption: "Next-token cross-entropy in bits per token, on training and test sequences. A uniform "
               + "guess among \(vqvae.codebookSize) tokens would need \(Int(uniformBits)) bits.") {
    LinePlot(series: [.init(name: "train", points: history.series("train_bits_per_token")),
                      .init(name: "test", points: history.series("test_bits_per_token"), dashed: true)],
             xLabel: "epoch", yLabel: "bits per token")
}
chapter.claim("learned_which_follows", testBits < uniformBits / 2,
              evidence: "\(formatted(testBits, "%.3f")) < \(formatted(uniformBits, "%.0f")) / 2 bits per test token")
//: @end
//: @predict Choosing one of 64 tokens blindly takes 6 bits. How many bits per token will the trained model need on test images?
//: @answer {{metric.test_bits_per_token}}, about {{metric.test_bits_per_image}} bits for a whole image.
//:
//: On test images (@fig:loss) the model needs {{metric.test_bits_per_token}} bits per token,
//: {{metric.test_bits_per_image}} bits for a whole image, where a uniform guess would need
//: {{metric.uniform_bits_per_token}} bits per token ({{metric.uniform_bits_per_image}} per image):
//: {{claim.learned_which_follows: it needs less than half the bits of a blind guess, so it has learned a
//: great deal about which patch follows which.}}
//:
//: ## Writing an image
//:
//: To generate, we give the model a class token, sample the first token from its prediction, append
//: it, and repeat 49 times (@eq:chain):
var sampling = chapter.random("prior samples")
let classes = chapter.dataset.classNames
let perClass = 50
let labels = classes.indices.flatMap { [Int](repeating: $0, count: perClass) }
let samples = prior.sample(labels: labels, using: &sampling)
let sampleImages = vqvae.decode(tokens: samples.flatMap { $0 })
//: @fig:patch-by-patch follows one image as it is written: the first sample of class
//: {{text.followed_class}} that the classifier of chapter 1 also recognises as one, so that the image
//: being written is the one we asked for. Patches not yet generated are hatched (the decoder fills them
//: with empty background meanwhile).
//: @fold How the page picks the sample, draws it after each row of patches and finds its inked patches
var tokenCounts = [Int](repeating: 0, count: vqvae.codebookSize)
for token in testTokens { tokenCounts[token] += 1 }
let blank = tokenCounts.indices.max { tokenCounts[$0] < tokenCounts[$1] } ?? 0  // the commonest patch: empty background
let followed = 7  // the class whose samples the strip follows
let classifier = chapter.sharedClassifier()
let percent = { (share: Double) -> String in formatted(100 * share, "%.0f") + "%" }
let probabilities = classifier.probabilities(sampleImages)
let recognised = probabilities.map(predictedClass)
let recognisedAsFollowed = labels.indices.filter { labels[$0] == followed && recognised[$0] == followed }
let shown = recognisedAsFollowed.first ?? followed * perClass  // else the first sample asked to be one
chapter.text("followed_class", classes[followed])
chapter.figure("patch-by-patch", caption: "A sample of class \(classes[followed]) after 1, 7, 14, … 49 generated "
               + "tokens, in raster order; the orange square is the newest patch.") {
    let afterEachRow = [1] + Array(stride(from: VQVAE.gridSide, through: vqvae.tokensPerImage, by: VQVAE.gridSide))
    return PatchStrip(panels: afterEachRow.map { step in
        let written = Array(samples[shown].prefix(step))  // after `step` steps: the first `step` tokens of the result
        let filler = [Int](repeating: blank, count: vqvae.tokensPerImage - step)
        return (vqvae.decode(tokens: written + filler).scalars, step)
    })
}
/// The patches (raster order) of a decoded image that hold ink: a pixel above half.
func inkedPatches(_ image: [Float]) -> [Int] {
    let (side, patch) = (test.imageSide, VQVAE.patchSide)
    return (0..<vqvae.tokensPerImage).filter { index in
        let (top, left) = (index / VQVAE.gridSide * patch, index % VQVAE.gridSide * patch)
        return (top..<top + patch).contains { row in
            (left..<left + patch).contains { column in image[row * side + column] > 0.5 }
        }
    }
}
let inked = inkedPatches(rows(of: sampleImages)[shown])
chapter.text("strip_reading", inked.isEmpty ? "This sample has no patch with ink" :
    "The finished sample has ink in \(inked.count) of its \(vqvae.tokensPerImage) patches. The first of them is at "
    + "position \(inked[0] + 1) of the sequence, so the model writes \(inked[0]) patches of paper before the first "
    + "stroke; the last is at position \((inked.last ?? 0) + 1)")
//: @end
//: {{text.strip_reading}}.
//: @fold How the page shows the first eight samples of each class
chapter.figure("samples", caption: "The first eight of the \(perClass) images generated per class (one class per row), "
               + "each written token by token and decoded by the VQ-VAE.") {
    let images = rows(of: sampleImages)
    let firstEight = labels.indices.filter { $0 % perClass < 8 }
    return ImageGrid(images: firstEight.map { images[$0] }, columns: 8, cellSize: 44, gutter: 3, rowLabels: classes)
}
//: @end
//: @predict Chapter 1's classifier judges all {{metric.samples}} samples. How often will it see the class that was asked for?
//: @answer {{metric.class_agreement}} of the time (@sec:measured).
//:
//: Each row of @fig:samples was asked for one class, and most samples read as that digit; a few are
//: malformed or look like another class, which @sec:measured counts.
//:
//: Write one yourself. The prior and the VQ-VAE's decoder in @live:patch-writer are this run's, running in
//: your browser. Beside the image, the model lists the five tokens it finds likeliest for the next position,
//: each drawn as what the entry stands for (as in @vq-vae/fig:codebook-entries), with its probability;
//: the token is then drawn from the whole distribution, so a less likely one is sometimes chosen.
//: **Try:** focus the image and press → to write one token at a time, and watch how sure the model is.
//: The first position is the top-left corner, blank paper in nearly every digit, so there it is all but
//: certain.
//: {{claim.sure_on_border: On the image's border, mostly blank paper, it is far surer which entry comes
//: than inside, where a stroke may go several ways: over {{metric.certainty_samples}} of the samples above,
//: ten of each class, its favourite gets {{metric.border_certainty}} of the probability on border patches
//: on average and {{metric.inner_certainty}} inside.}}
//: ← takes a token back, Enter writes the rest. The same class and seed always write the same image
//: (the browser draws its own random numbers, so its images are not the ones of @fig:samples).
//: @fold How sure the model is of each next patch, on the border and inside, over ten samples of each class
let everyFifth = Array(stride(from: 0, to: labels.count, by: 5))  // ten samples of each class
let certainty = PatchCertainty(prior: prior, labels: everyFifth.map { labels[$0] },
                               samples: everyFifth.map { samples[$0] })
chapter.metric("certainty_samples", Double(everyFifth.count), format: "%.0f")
chapter.metric("border_certainty", 100 * certainty.border, format: "%.0f%%")
chapter.metric("inner_certainty", 100 * certainty.inner, format: "%.0f%%")
chapter.claim("sure_on_border", certainty.border > certainty.inner + 0.2,
              evidence: "the favourite's mean probability \(percent(certainty.border)) on border patches is more "
                  + "than 20 points above \(percent(certainty.inner)) inside")
//: @end
//: @fold What the page ships to the browser: the prior's and the decoder's weights, and a picture of each entry
chapter.liveFigure("patch-writer", caption: "The transformer prior writing an image token by token in your browser, "
                   + "for the class and seed you choose, with the five likeliest next tokens; the orange square is "
                   + "the newest patch.",
                   script: "Sources/PageScripts/patch-writer.js") { page in
    page.layer("transformer", prior.transformer)
    page.tensor("quantizer.codebook", vqvae.quantizer.codebook)
    page.layer("decoder", vqvae.decoder)
    page.bytes("heads", [prior.heads])
    page.bytes("blank", [blank])
    page.strings("classNames", classes)
    // What each entry stands for: the average 12×12 neighbourhood of its patches, as chapter 3 draws them.
    let firstImages = Array(testTokens.prefix(2000 * vqvae.tokensPerImage))
    page.rows("entryPictures", vqvae.averageNeighbourhoods(tokens: firstImages, of: test, window: 12))
}
//: @end
//: ## Where the model looks
//:
//: Attention can be watched. In @fig:attention-patches the first test image goes through the trained
//: prior, and for a few of its patches we show where one head of the last block looks while predicting
//: that patch: each earlier patch is shaded by the weight $a_{ij}$ of @eq:attention that the predicting
//: position gives it, the patch being predicted is outlined, and the later patches, hidden by the causal
//: mask, are hatched. The model reports each block's queries, keys and values as it runs; the weights
//: are their softmax rows:
var lastAttention: Tensor?
let firstTest = prior.sequences(of: test, tokens: testTokens, at: 0..<1)
_ = prior.logits(firstTest.inputs) { block, qkv in if block == prior.blocks.count - 1 { lastAttention = qkv } }
let length = PatchPrior.sequenceLength
guard let lastQueriesKeysValues = lastAttention else {
    fatalError("the prior reported no queries, keys and values for its last block")
}
// Head 1's weights, [i, j]: position i is the class token (0) or patch i; it predicts patch i + 1.
let headWeights = attentionProbabilities(lastQueriesKeysValues, batch: 1, sequence: length, heads: prior.heads)
let weight = { (i: Int, j: Int) -> Double in Double(headWeights[i * length + j]) }
//: @fold How the page picks four inked patches, draws the weights over them and reads them
let firstImage = test.floats(at: 0)
let inkedInFirst = inkedPatches(firstImage)
let queried = (1...4).map { inkedInFirst[min(inkedInFirst.count - 1, $0 * inkedInFirst.count / 5)] }
let attentionQueries = queried.map { patch in
    PatchAttention.Query(patch: patch, weights: (0..<patch).map { weight(patch, $0 + 1) },
                         classWeight: weight(patch, 0))
}
chapter.figure("attention-patches", caption: "Head 1 of the last block on the first test image (a "
               + "\(classes[Int(test.labels[0])])): for each outlined patch, the weight the position predicting it "
               + "gives each earlier patch (percentages of 10% or more printed) and the class token; hatched patches "
               + "are not yet written.") {
    PatchAttention(image: firstImage, queries: attentionQueries)
}
/// Where earlier patch `k` lies as seen from patch `patch`, in words.
func placed(_ k: Int, from patch: Int) -> String {
    let side = VQVAE.gridSide
    if k == patch - 1 && patch % side != 0 { return "the patch just left of it" }
    if k == patch - side { return "the patch straight above it" }
    return "patch \(k + 1) (row \(k / side + 1), column \(k % side + 1))"
}
let strongest = attentionQueries.map { query -> String in
    let best = query.weights.indices.max { query.weights[$0] < query.weights[$1] } ?? 0
    return "predicting patch \(query.patch + 1) it gives \(percent(query.weights[best])) to "
        + "\(placed(best, from: query.patch)) and \(percent(query.classWeight)) to the class token"
}
chapter.text("patch_attention_reading", strongest.joined(separator: "; "))
//: @end
//: Reading the panels of @fig:attention-patches from left to right (the figure prints the weights of 10% and
//: more): {{text.patch_attention_reading}}. A
//: position never sees the patch it predicts; what it knows of the image so far reaches it only through
//: weights like these.
//:
//: The same head over the whole sequence: row $i$ of @fig:attention is the softmax row of position $i$,
//: and the empty upper triangle is the causal mask.
//:
//: @predict Averaged over all positions, will this head favour the position just before, the patch straight above (7 positions back), or the class token?
//: @answer On average it gives the position just before {{metric.attention_previous}} of its weight, the
//: @answer patch straight above {{metric.attention_above}} and the class token {{metric.attention_class}}.
//: @fold How the page draws the 49 × 49 weights and averages them along the diagonals
chapter.figure("attention", caption: "Attention weights of head 1 in the last block for the first test image: row i "
               + "(the position predicting) over columns j ≤ i. Position 0 is the class token; a row of 7 positions "
               + "is one row of patches.") {
    let matrix = (0..<length).map { i in (0..<length).map { j in weight(i, j) } }
    let labels = (0..<length).map { $0 % VQVAE.gridSide == 0 ? "\($0)" : "" }
    return HeatMap(values: matrix, rowLabels: labels, columnLabels: labels, rowTitle: "position i",
                   columnTitle: "attends to position j", showValues: false, cellSize: 9)
}
/// The mean weight positions give the position `back` steps before them (1: the one just before),
/// over the positions that have one.
func meanAttention(back: Int) -> Double {
    let rows = Array(back + 1..<length)
    return rows.map { weight($0, $0 - back) }.reduce(0, +) / Double(rows.count)
}
let onClassToken = (1..<length).map { weight($0, 0) }.reduce(0, +) / Double(length - 1)
let positionsSeen: [Double] = (1..<length).map { (position: Int) -> Double in 1 / Double(position + 1) }
let evenShare: Double = positionsSeen.reduce(0, +) / Double(positionsSeen.count)
chapter.metric("attention_previous", 100 * meanAttention(back: 1), format: "%.0f%%")
chapter.metric("attention_above", 100 * meanAttention(back: VQVAE.gridSide), format: "%.0f%%")
chapter.metric("attention_class", 100 * onClassToken, format: "%.0f%%")
chapter.text("attention_reading", "On average a position puts \(percent(onClassToken)) of this head's attention on the "
    + "class token (column 0), \(percent(meanAttention(back: 1))) on the position just before it (the cells just left "
    + "of the diagonal) and \(percent(meanAttention(back: VQVAE.gridSide))) on the patch straight above it, "
    + "\(VQVAE.gridSide) positions back; spread evenly over the positions it may see, each would get "
    + "\(percent(evenShare)) on average")
//: @end
//: {{text.attention_reading}}. Each row is a probability distribution over the positions it may see,
//: so the strongest-coloured cells are where a position draws most of what it knows.
//: ## Measured: samples against the VAE's {#sec:measured}
//:
//: The same classifier as before judges all {{metric.samples}} generated images: how confident it is,
//: how evenly the classes are spread, and — since we asked for a class each time — how often it sees
//: the class we asked for.
let quality = SampleQuality(probabilities: probabilities)
let agreement = Double(zip(recognised, labels).filter { $0 == $1 }.count) / Double(labels.count)
let vae = chapter.results(of: "vae")
let vaeConfidence = vae.metric("noise_confidence")
chapter.claim("more_convincing", quality.meanConfidence > vaeConfidence.value,
              evidence: "\(formatted(quality.meanConfidence, "%.3f")) > \(vaeConfidence.display) mean top-class "
                  + "confidence")
//: @fold How the page tabulates the judgement
chapter.metric("samples", Double(labels.count), format: "%.0f")
let confidence = chapter.metric("sample_confidence", quality.meanConfidence, format: "%.3f")
let entropy = chapter.metric("sample_entropy", quality.classEntropy, format: "%.2f")
let classAgreement = chapter.metric("class_agreement", 100 * agreement, format: "%.1f%%")
chapter.metric("vae_confidence", vaeConfidence.value, format: "%.3f")
chapter.table(
    "Generated images judged by the classifier {#tbl:judged}",
    columns: ["generator", "mean top-class confidence", "entropy of predicted classes (bits)",
              "asked-for class recognised"],
    rows: [
        ["VAE, codes from N(0, I) (chapter 2)", vaeConfidence, vae.metric("noise_entropy"), "—"],
        ["patch-by-patch transformer + VQ-VAE decoder", confidence, entropy, classAgreement],
    ]
)
//: @end
//: In @tbl:judged, {{claim.more_convincing: the patch-by-patch samples convince the classifier more than the
//: VAE's (mean confidence {{metric.sample_confidence}} against {{metric.vae_confidence}})}}, and they are the
//: class we asked for {{metric.class_agreement}} of the time.
//:
//: The two rows are not alike, though. The transformer is told which class to draw; the VAE decodes
//: noise with no class at all. Being told the class makes a convincing digit easier to write, so the
//: table shows that the patch-by-patch samples look like the digit asked for, not that this generator
//: beats the VAE on equal terms: that would need the VAE to be given the class too, or the prior not.
//:
//: ## What we built
//:
//: Across four chapters: an auto-encoder that compresses but cannot generate; a VAE whose latent space
//: can be sampled; a VQ-VAE that turns images into a vocabulary of tokens; and a language model over
//: those tokens that writes images patch by patch. The last step is the bridge: once images are
//: sequences of tokens, the same next-token training can serve text and images together.
//:
//: ## Exercises
//:
//: 1. **Another digit written.** Change `let followed = 7` to `3` and run `latent build`. Nothing trains:
//:    the prior is restored and draws the same samples. Only @fig:patch-by-patch and the sentence under it
//:    follow a three now; every checked claim holds as before, and `latent changes` lists only that figure
//:    and the paragraphs that name the class.
//: 2. **Fewer samples.** Change `let perClass = 50` to `10`. The classifier now judges 100 samples, and
//:    the border-and-inside count rests on two samples of each class instead of ten. Watch whether the
//:    sentence that says the model is far surer on the border than inside, and the one that says the
//:    samples convince the classifier more than the VAE's, still hold; `latent changes` lists the numbers
//:    that moved with the smaller count.
//: 3. **One epoch of training.** In the `trainOrRestore("prior", …)` line, change `chapter.epochs(6)` to
//:    `chapter.epochs(1)`: the prior retrains, which takes a while on a laptop. Watch @fig:loss and
//:    whether the sentence that says the model needs less than half the bits of a blind guess still holds
//:    (a blind guess costs {{metric.uniform_bits_per_token}} bits per token). Chapter 5 compares its
//:    drawings with this chapter's class agreement, so `latent changes` may list that chapter too.
chapter.finish()
