//: # Words and patches in one model
//:
//: Put a caption's words and an image's patch tokens in one vocabulary and train one next-token model on both orders: the same weights write an image from a sentence and a sentence about an image.
//:
//: Chapter 4 wrote images token by token, but its only "word" was a class token. The point of
//: turning an image into tokens was always this chapter: once an image is a sequence of symbols, it
//: can sit in the same sequence as a sentence, and one language model can learn both. That is the
//: idea behind DALL·E and Chameleon; here it is at a size that trains on two cores in minutes.
//:
//: From the model's point of view nothing new happens. A caption is just more tokens. A training
//: sequence either starts with a caption and continues with an image, or starts with an image and
//: continues with a caption; the model learns to predict the next token, as every language model
//: does. Which way it writes is set by the first marker it is given.
import Captions
import ChapterKit
import Datasets
import Figures
import Learning
import Models
import Notebook

let chapter = Chapter(slug: "words-and-patches")
let train = chapter.train
let test = chapter.test
let vqvae = chapter.sharedVQVAE().model
//: We set ourselves aims before anything trains, in percent: the class must be right nearly always
//: (as the classifier of chapter 1, trained for nothing else, is), and the weight and slant — three
//: levels each, so chance is 33% — three times out of four.
let classAim = 95.0, attributeAim = 75.0
//: ## Captions that can be checked
//:
//: Real captions would need people to write them, and a generated caption could only be judged by
//: people again. So every caption here is computed from the image itself, from things a reader can
//: see: the class, how heavy the strokes are (the image's total ink) and which way the image leans
//: (the shear of its ink: how far its horizontal position moves per pixel upwards, from the ink's
//: second moments).
//: Each attribute has three words, split at the terciles of the training images *of the same class*,
//: so each word is equally common and "a bold one" is as ordinary as "a bold eight".
//: @include Sources/Captions/Attributes.swift
let scale = AttributeScale(images: train)
let captioner = Captioner(dataset: chapter.dataset)
func describe(_ images: LabelledImages, _ index: Int) -> Description {
    scale.describe(images.floats(at: index), side: images.imageSide, label: Int(images.labels[index]))
}
let testDescriptions = (0..<test.count).map { describe(test, $0) }
chapter.note("The first test image, in each of the \(Captioner.templates.count) phrasings: "
    + Captioner.templates.indices.map { "“\(captionText(captioner.words(for: testDescriptions[0], template: $0)))”" }.joined(separator: ", ") + ".")
//: The same facts are said in several phrasings, so the model has to learn what the words mean rather
//: than which slot holds what.
//: @include Sources/Captions/Caption.swift
//:
//: ## One vocabulary, one sequence
//:
//: The vocabulary is the VQ-VAE's 64 codes (token $k$ is code $k$), five markers, and the caption
//: words. A sequence is padded to one length so that a batch is a rectangle; padding is never a
//: target.
//: @include Sources/Captions/SequenceLayout.swift
let vocabulary = Vocabulary(imageCodes: vqvae.codebookSize, words: captioner.words)
let layout = SequenceLayout(vocabulary: vocabulary, tokensPerImage: vqvae.tokensPerImage, longestCaption: captioner.longestCaption)
chapter.metric("vocabulary", Double(vocabulary.count), format: "%.0f")
chapter.metric("words", Double(vocabulary.words.count), format: "%.0f")
chapter.metric("sequence_length", Double(layout.length), format: "%.0f")

func imageTokens(_ tokens: [Int], _ index: Int) -> ArraySlice<Int> {
    tokens[index * vqvae.tokensPerImage..<(index + 1) * vqvae.tokensPerImage]
}
let testTokens = vqvae.tokens(of: test.prefix(2000))  // the test images this chapter measures on
func captionTokens(_ description: Description, template: Int) -> [Int] {
    do { return try vocabulary.tokens(for: captioner.words(for: description, template: template)) } catch { chapter.fail(error) }
}
chapter.figure("sequence-layout", caption: "The first test image as the two kinds of training sequence. Blue tokens are image codes (each a 4×4 patch), orange ones words; the first marker says which way the sequence goes.") {
    let caption = captionTokens(testDescriptions[0], template: 0)
    return TokenSequence(sequences: SequenceLayout.Direction.allCases.map { direction in
        let sequence = layout.sequence(caption: caption, image: imageTokens(testTokens, 0), direction: direction)
        let tokens = sequence.filter { $0 != vocabulary.token(.padding) }.map { token -> (text: String, kind: TokenSequence.Kind) in
            switch layout.part(of: token) {
            case .imageCode: return ("\(token)", .imageCode)
            case .word: return token == vocabulary.token(.endCaption) ? (vocabulary.text(of: token), .marker) : (vocabulary.text(of: token), .word)
            case .marker, .padding: return (vocabulary.text(of: token), .marker)
            }
        }
        return (direction == .captionToImage ? "caption → image" : "image → caption", tokens)
    })
}
//: The vocabulary has {{metric.vocabulary}} tokens ({{metric.words}} of them words), and every
//: sequence is {{metric.sequence_length}} tokens long.
//:
//: ## The model
//:
//: The very model type of chapter 4's prior, block for block. There it read a class token and wrote
//: image codes; here it reads and writes every token of the shared vocabulary, so its embedding
//: table and its output layer cover words and codes alike, and there is no class token. Generating
//: only ever picks from the tokens it is allowed: image codes inside an image, words inside a caption.
//: @include Sources/Models/TokenTransformer.swift
var initialWeights = chapter.random("words-and-patches weights")
let model = TokenTransformer(tokens: vocabulary.count, positions: layout.inputLength, using: &initialWeights)
let optimizer = Adam(parameters: model.namedParameters, learningRate: 2e-3)
chapter.metric("parameters", Double(model.parameterCount), format: "%.0f")
//: Each epoch shows the model every training image once, in a direction and a phrasing drawn at
//: random, so over the epochs it sees each image both ways and in several words. Image-first
//: sequences are drawn a little more often ({{metric.image_first_share}} of them), because writing
//: a caption is where the model must *recognise* the digit, and it learns that from very few
//: targets: a caption is a tenth of an image-first sequence's targets, and the class word one word
//: in a sequence of {{metric.sequence_length}} tokens. Drawing an image gets help from guidance below; captions get theirs from the loss. In an
//: image-first sequence each target of the caption (its words and its end marker) counts
//: $w$ = {{metric.caption_weight}} times, every other target once, and the loss is the weighted mean
//:
//: $$\mathcal{L} = \frac{\sum_t w_t \,\bigl(-\log p(x_t \mid x_{<t})\bigr)}{\sum_t w_t},$$
//:
//: so recognising the digit gets a larger share of the gradient and the image tokens a smaller one.
//: @include Sources/Learning/Ops/WeightedCrossEntropy.swift
//:
//: The learning rate starts at chapter 4's $2 \cdot 10^{-3}$ and falls in equal steps each epoch,
//: so the last epochs make smaller, finer corrections.
let imageFirstShare = 0.6
chapter.metric("image_first_share", 100 * imageFirstShare, format: "%.0f%%")
let captionWeight: Float = 4
chapter.metric("caption_weight", Double(captionWeight), format: "%.0f")
func examples(_ images: LabelledImages, _ tokens: [Int], _ descriptions: [Description], _ indices: some Sequence<Int>,
              using choices: inout SeededGenerator) -> (inputs: [Int], targets: [Int], weights: [Float]) {
    var inputs: [Int] = [], targets: [Int] = [], weights: [Float] = []
    for index in indices {
        let direction: SequenceLayout.Direction = Double(choices.uniform()) < imageFirstShare ? .imageToCaption : .captionToImage
        let template = min(Int(choices.uniform() * Float(Captioner.templates.count)), Captioner.templates.count - 1)
        let sequence = layout.sequence(caption: captionTokens(descriptions[index], template: template), image: imageTokens(tokens, index), direction: direction)
        let example = layout.inputsAndTargets(sequence)
        inputs += example.inputs
        targets += example.targets
        weights += example.targets.map { direction == .imageToCaption && layout.part(of: $0) == .word ? captionWeight : 1 }
    }
    return (inputs, targets, weights)
}
//: We measure the two modalities apart: bits per image token when the caption came first, and bits
//: per caption token (its words and its end) when the image came first, on test images in the first
//: phrasing. The same numbers with the other modality *absent* (image first, or caption first) say
//: how much one modality tells the model about the other.
func testBits(images count: Int) -> (imageGivenCaption: Double, captionGivenImage: Double, imageAlone: Double, captionAlone: Double) {
    var sums = [[SequenceLayout.Part: (nats: Double, tokens: Int)]](repeating: [:], count: 2)
    for direction in SequenceLayout.Direction.allCases {
        for start in stride(from: 0, to: count, by: 100) {
            var inputs: [Int] = [], targets: [Int] = []
            for index in start..<min(start + 100, count) {
                let sequence = layout.sequence(caption: captionTokens(testDescriptions[index], template: 0), image: imageTokens(testTokens, index), direction: direction)
                let example = layout.inputsAndTargets(sequence)
                inputs += example.inputs
                targets += example.targets
            }
            for (target, nats) in zip(targets, model.crossEntropies(inputs, targets: targets, length: layout.inputLength)) {
                guard let nats else { continue }
                let part = layout.part(of: target)
                let sum = sums[direction.rawValue][part] ?? (0, 0)
                sums[direction.rawValue][part] = (sum.nats + nats, sum.tokens + 1)
            }
        }
    }
    func bitsPerToken(_ direction: SequenceLayout.Direction, _ part: SequenceLayout.Part) -> Double {
        let sum = sums[direction.rawValue][part]!
        return bits(fromNats: sum.nats / Double(sum.tokens))
    }
    return (bitsPerToken(.captionToImage, .imageCode), bitsPerToken(.imageToCaption, .word),
            bitsPerToken(.imageToCaption, .imageCode), bitsPerToken(.captionToImage, .word))
}
//: Training is the loop of every chapter, with two changes: each batch mixes both directions and all
//: phrasings (drawn from a generator of their own), and the learning rate falls linearly to zero over
//: the epochs. After each epoch the test bits above are measured on the first 2,000 test images.
let history = chapter.trainOrRestore("words-and-patches", model: model, optimizer: optimizer, epochs: chapter.epochs(7),
                                     settings: "Adam 2e-3 falling linearly, batch 64, 60% image first, 4 phrasings") { progress in
    let trainTokens = vqvae.tokens(of: train)
    let trainDescriptions = (0..<train.count).map { describe(train, $0) }
    var batchOrder = chapter.random("words-and-patches batches")
    var choices = chapter.random("directions and phrasings")
    for epoch in 1...progress.epochs {
        optimizer.learningRate = 2e-3 * Float(progress.epochs + 1 - epoch) / Float(progress.epochs)
        var total: Double = 0
        for batch in train.shuffledBatches(size: 64, using: &batchOrder) {
            let (inputs, targets, weights) = examples(train, trainTokens, trainDescriptions, batch, using: &choices)
            let loss = weightedSoftmaxCrossEntropy(logits: model.logits(inputs, length: layout.inputLength), labels: targets, weights: weights)
            loss.backward()
            optimizer.update()
            total += try progress.step(loss) * Double(batch.count)
        }
        let test = testBits(images: 2000)
        progress.epoch(epoch, ["train_bits_per_token": bits(fromNats: total / Double(train.count)),
                               "test_image_bits": test.imageGivenCaption, "test_caption_bits": test.captionGivenImage,
                               "test_image_alone_bits": test.imageAlone, "test_caption_alone_bits": test.captionAlone])
    }
}
chapter.figure("loss", caption: "Per epoch: bits per token over all training targets (the weighted mean the model is trained on), and on the first 2,000 test images the bits per image token after a caption and per caption token after an image (unweighted).") {
    LinePlot(series: [.init(name: "train: all tokens, weighted", points: history.series("train_bits_per_token")),
                      .init(name: "test: image tokens after a caption", points: history.series("test_image_bits"), dashed: true),
                      .init(name: "test: caption tokens after an image", points: history.series("test_caption_bits"), dashed: true)],
             xLabel: "epoch", yLabel: "bits per token")
}
//: The numbers after the last epoch, on those 2,000 test images (measured while training, so a
//: restored model need not measure them again):
let imageBits = chapter.metric("image_bits_given_caption", history.final("test_image_bits"), format: "%.3f")
let imageAloneBits = chapter.metric("image_bits_alone", history.final("test_image_alone_bits"), format: "%.3f")
let captionBits = chapter.metric("caption_bits_given_image", history.final("test_caption_bits"), format: "%.3f")
let captionAloneBits = chapter.metric("caption_bits_alone", history.final("test_caption_alone_bits"), format: "%.3f")
let prior = chapter.results(of: "patch-prior")
let priorBits = prior.metric("test_bits_per_token")
chapter.table(
    "Bits per token on the first 2,000 test images (first phrasing)",
    columns: ["what is predicted", "with the other modality first", "with nothing before it", "chapter 4's prior (class token first, all test images)"],
    rows: [
        ["image tokens", imageBits, imageAloneBits, priorBits],
        ["caption tokens (words and end)", captionBits, captionAloneBits, "—"],
    ]
)
// Differences under 1% are within what another seed would change.
chapter.text("image_verdict", abs(imageBits.value - priorBits.value) < 0.01 * priorBits.value
    ? "about what chapter 4's prior needed with only a class token (\(priorBits.display)): the attribute words barely sharpen the model's guess about the patches, which the class already pins down"
    : imageBits.value < priorBits.value
    ? "fewer than chapter 4's prior needed with only a class token (\(priorBits.display)): the attribute words tell the model something about the pixels"
    : "no fewer than chapter 4's prior needed with only a class token (\(priorBits.display)), so here the attribute words did not buy a better image model")
//: After a caption the model needs {{metric.image_bits_given_caption}} bits per image token,
//: {{text.image_verdict}}. Without a caption before them, image tokens cost
//: {{metric.image_bits_alone}} bits. In the other direction a caption costs
//: {{metric.caption_bits_given_image}} bits per token after its image and
//: {{metric.caption_bits_alone}} bits with nothing before it: the image tells the model most of
//: what the caption will say.
//:
//: ## Writing a caption
//:
//: To caption a test image we give the model the image's tokens and the caption marker, and let it
//: write the most likely word, only ever choosing among words and the end marker, until it ends
//: the caption. Then we read the facts back out of its words and compare them with the image's own.
//: Chance is 1 in {{metric.classes}} for the class and 1 in 3 for each attribute.
let captioned = 2000
let captionPrompts = (0..<captioned).map { layout.captionPrompt(image: imageTokens(testTokens, $0)) }
let writtenCaptions = chapter.evaluateOrRestore("captions") {  // kept, like the sweep below
    var unused = chapter.random("words-and-patches sampling")  // writing greedily draws no random numbers
    return model.continuations(of: captionPrompts, steps: captioner.longestCaption + 1, allowed: vocabulary.captionTokens,
                               stop: vocabulary.token(.endCaption), greedy: true, batchSize: 500, using: &unused)
}
let writtenWords = writtenCaptions.map { $0.map(vocabulary.text) }
let readings = writtenWords.map(captioner.read)
//: Each caption is read back into the facts it states, whatever its phrasing, and each fact is
//: compared with what the image's own measurements say.
/// The share, in percent, of cases 0..<count for which `holds` is true.
func percentage(_ count: Int, where holds: (Int) -> Bool) -> Double {
    100 * Double((0..<count).filter(holds).count) / Double(count)
}
chapter.metric("classes", Double(chapter.dataset.classNames.count), format: "%.0f")
chapter.metric("captioned", Double(captioned), format: "%.0f")
let classWordAccuracy = chapter.metric("caption_class_accuracy",
    percentage(captioned) { readings[$0].label == testDescriptions[$0].label }, format: "%.1f%%")
let attributeAccuracy = Attribute.allCases.map { attribute in
    chapter.metric("caption_\(attribute.rawValue)_accuracy",
        percentage(captioned) { readings[$0].levels[attribute] == testDescriptions[$0].levels[attribute] }, format: "%.1f%%")
}
let classifier = chapter.sharedClassifier()
/// The words of a caption that state something the image's own description contradicts.
func wrongWords(_ words: [String], about truth: Description) -> Set<String> {
    let reading = captioner.read(words)
    var wrong: [String] = []
    for attribute in Attribute.allCases where reading.levels[attribute] != truth.levels[attribute] {
        if let level = reading.levels[attribute] { wrong += attribute.phrases[level] }
    }
    if let label = reading.label, label != truth.label { wrong += captioner.classPhrases[label] }
    return Set(wrong)
}
chapter.figure("captions", caption: "Test images and the captions the model wrote for them. Words that state something the image's own measurements disagree with are struck through in orange.") {
    CaptionedImages(items: (0..<18).map { index in
        let wrong = wrongWords(writtenWords[index], about: testDescriptions[index])
        return (test.floats(at: index), writtenWords[index].map { (text: $0, wrong: wrong.contains($0)) })
    }, columns: 6)
}
//: On the first {{metric.captioned}} test images the class word is right {{metric.caption_class_accuracy}}
//: of the time (chapter 1's classifier, trained for nothing else, reaches {{metric.classifier_accuracy}}).
//: The weight word matches the image's measured ink {{metric.caption_weight_accuracy}} of the time,
//: the slant words its measured lean {{metric.caption_slant_accuracy}}.
//:
//: ## Drawing from a sentence
//:
//: The other direction: a caption, then the image marker, then 49 image tokens drawn one at a time
//: from the model's distribution, only ever among image codes. We ask for every class with every
//: combination of weight and slant, in the first phrasing, 20 images each, and judge the results with
//: the classifier of chapter 1 and the same attribute measurements as the captions.
let perPrompt = 20
chapter.metric("per_prompt", Double(perPrompt), format: "%.0f")
let promptDescriptions = chapter.dataset.classNames.indices.flatMap { label in
    (0..<3).flatMap { weight in (0..<3).map { slant in Description(label: label, levels: [.weight: weight, .slant: slant]) } }
}
let askedFor = promptDescriptions.flatMap { [Description](repeating: $0, count: perPrompt) }
let prompts = askedFor.map { layout.imagePrompt(caption: captionTokens($0, template: 0)) }
let imageCodes = Set(vocabulary.imageTokens)
chapter.metric("generated", Double(askedFor.count), format: "%.0f")
chapter.metric("prompts", Double(promptDescriptions.count), format: "%.0f")
//: ### Guidance: following the words more strictly
//:
//: Sampled as trained, the model draws what its training images looked like after such a caption,
//: and that includes the odd ambiguous digit. Text-to-image models that write image tokens
//: (Make-A-Scene, Parti, LlamaGen) sharpen this with *classifier-free guidance*: they compare the
//: next-token logits with the prompt, $\ell_c$, and without it, $\ell_u$, and sample from
//:
//: $$\ell = \ell_u + s\,(\ell_c - \ell_u).$$
//:
//: With $s = 1$ this is plain sampling; $s > 1$ pushes every token further in the direction the
//: words push it. The usual recipe trains with the caption sometimes left out, to get $\ell_u$.
//: This model needs no such thing: {{metric.image_first_share}} of its training sequences begin with
//: `<image>` and nothing before it, so "the image tokens so far, after `<image>` alone" *is* an
//: image model without words, trained on more sequences than the one with words. Its cost per token, {{metric.image_bits_alone}} bits against
//: {{metric.image_bits_given_caption}} after a caption, says how much the words add. Both sequences
//: receive the same sampled tokens, each in its own cache.
//:
//: A large $s$ has a known failure: $\ell_c - \ell_u$ is largest, and noisiest, for tokens that
//: *both* models find unlikely, so guidance can lift a patch neither would draw. We guard against it
//: as contrastive decoding does: a token whose probability after the caption is below
//: $\alpha$ times that of the most likely token is not drawn at all. We try $\alpha$ = {{text.plausibilities}}: the
//: larger, the fewer unlikely patches survive.
//: @include Sources/Models/Guidance.swift
let unconditionalPrompt = [vocabulary.token(.beginImage)]
let plausibilities: [Float] = [0.1, 0.3]
chapter.text("plausibilities", plausibilities.map { formatted($0, "%.1f") }.joined(separator: " and "))

/// Every prompt drawn with guidance scale `scale` and plausibility α, and how the drawings are judged.
struct GuidedDrawing: Codable {
    let scale: Float
    let plausibility: Float
    let tokens: PackedTokens
    /// Percent of images whose class the classifier reads as asked.
    let classAgreement: Double
    /// Percent of images whose measured level is the one asked for, by attribute.
    let attributeAgreement: [Attribute: Double]
    /// How many different token sequences a prompt's images are, on average (at most 20).
    let distinctSequences: Double
    /// The pixels' standard deviation among a prompt's images, averaged over pixels and prompts.
    let pixelSpread: Double
}
//: Drawing with one scale $s$ writes every prompt's images through the cache with guidance, decodes
//: them, and asks the classifier and the pixel measures whether each came out as the prompt asked:
func drawn(guidedBy s: Float, plausibility α: Float) -> GuidedDrawing {
    var sampling = chapter.random("words-and-patches drawing")  // every scale gets the same random numbers
    let guidance = Guidance(unconditionalPrompt: unconditionalPrompt, scale: s, plausibility: α)
    let tokens = model.continuations(of: prompts, steps: vqvae.tokensPerImage, allowed: imageCodes, guidance: guidance,
                                     batchSize: 300, using: &sampling)
    let decoded = vqvae.decode(tokens: tokens.flatMap { $0 })
    let images = rows(of: decoded)
    let recognised = classifier.probabilities(decoded).map(predictedClass)
    let measured = zip(images, askedFor).map { image, asked in scale.describe(image, side: test.imageSide, label: asked.label) }
    var attributeAgreement: [Attribute: Double] = [:]
    for attribute in Attribute.allCases {
        attributeAgreement[attribute] = percentage(askedFor.count) { measured[$0].levels[attribute] == askedFor[$0].levels[attribute] }
    }
    let groups = promptDescriptions.indices.map { $0 * perPrompt..<($0 + 1) * perPrompt }
    let distinct = groups.map { Double(Set(tokens[$0]).count) }
    let spread = groups.map { group in pixelStandardDeviation(Array(images[group])) }
    return GuidedDrawing(scale: s, plausibility: α, tokens: PackedTokens(tokens),
                         classAgreement: percentage(askedFor.count) { recognised[$0] == askedFor[$0].label },
                         attributeAgreement: attributeAgreement, distinctSequences: distinct.reduce(0, +) / Double(distinct.count),
                         pixelSpread: spread.reduce(0, +) / Double(spread.count))
}
/// The standard deviation of each pixel among `images`, averaged over the pixels.
func pixelStandardDeviation(_ images: [[Float]]) -> Double {
    let count = Double(images.count)
    var total = 0.0
    for pixel in images[0].indices {
        let values = images.map { Double($0[pixel]) }
        let mean = values.reduce(0, +) / count
        total += (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / count).squareRoot()
    }
    return total / Double(images[0].count)
}
//: We sweep $s$ at each $\alpha$ and judge all {{metric.generated}} images at each setting, with the
//: same random numbers for every setting, so that $s$ and $\alpha$ are the only differences. A row gives
//: the share of images in which the classifier reads the asked-for class and the measurements find the
//: asked-for weight and slant, how many of a prompt's {{metric.per_prompt}} images are distinct token
//: sequences, and the pixel spread: the standard deviation of a pixel among a prompt's images, averaged
//: over pixels and prompts. The first row is plain sampling, with no guidance and every token allowed:
let scales: [Float] = [1, 1.5, 2, 3]
// The sweep draws 16,200 images; its result is kept with the model's checkpoint, so redrawing a
// figure does not draw them again (it runs again when anything it depends on changes).
let drawings = chapter.evaluateOrRestore("guidance sweep") {
    [drawn(guidedBy: 1, plausibility: 0)] + plausibilities.flatMap { α in scales.map { drawn(guidedBy: $0, plausibility: α) } }
}
let plain = drawings[0], sweep = Array(drawings.dropFirst())
chapter.table(
    "Guidance against faithfulness and variety (\(askedFor.count) images, \(perPrompt) per prompt)",
    columns: ["s", "α", "class", "weight", "slant", "distinct of \(perPrompt)", "pixel spread"],
    rows: ([plain] + sweep).map { drawing in
        [formatted(drawing.scale, "%.1f"), formatted(drawing.plausibility, "%.1f"), formatted(drawing.classAgreement, "%.1f%%"), formatted(drawing.attributeAgreement[.weight]!, "%.1f%%"),
         formatted(drawing.attributeAgreement[.slant]!, "%.1f%%"), formatted(drawing.distinctSequences, "%.1f"), formatted(drawing.pixelSpread, "%.3f")]
    }
)
chapter.figure("guidance-sweep", caption: "Asked-for class recognised in the drawn images (percent) against the guidance scale s, one colour for each plausibility bound α, with the aim we set dotted; dashed: variety, as the pixel spread within a prompt's images relative to plain sampling (100%). The table above has weight and slant.") {
    let spreadAtOne = plain.pixelSpread
    return LinePlot(series: plausibilities.enumerated().flatMap { colour, α -> [LinePlot.Series] in
        let row = sweep.filter { $0.plausibility == α }
        return [.init(name: "class, α = \(formatted(α, "%.1f"))", points: row.map { (Double($0.scale), $0.classAgreement) }, colorIndex: colour),
                .init(name: "pixel spread, α = \(formatted(α, "%.1f"))", points: row.map { (Double($0.scale), 100 * $0.pixelSpread / spreadAtOne) },
                      dashed: true, colorIndex: colour)]
    }, xLabel: "guidance scale s", yLabel: "percent", guides: [.init(label: "class aim", y: classAim)])
}
//: Guidance trades variety for faithfulness, so of the settings whose drawings meet the aims we set
//: (class {{metric.class_aim}}, weight and slant {{metric.attribute_aim}}) we take the one with the
//: most variety, the largest pixel spread; if none does, the one whose class agreement is highest.
chapter.metric("class_aim", classAim, format: "%.0f%%")
chapter.metric("attribute_aim", attributeAim, format: "%.0f%%")
func meetsAims(_ drawing: GuidedDrawing) -> Bool {
    drawing.classAgreement >= classAim && drawing.attributeAgreement.values.allSatisfy { $0 >= attributeAim }
}
let mostFaithful = sweep.max { $0.classAgreement < $1.classAgreement } ?? plain
let chosen = sweep.filter(meetsAims).max { $0.pixelSpread < $1.pixelSpread } ?? mostFaithful
let guidanceScale = chapter.metric("guidance_scale", Double(chosen.scale), format: "%.1f")
chapter.metric("chosen_plausibility", Double(chosen.plausibility), format: "%.1f")
chapter.text("guidance_reason", meetsAims(chosen)
    ? "of the settings at which class, weight and slant all meet their aims, the one whose drawings vary most"
    : "no setting in the sweep met every aim, and this one drew the asked-for class most often")
chapter.metric("unguided_class_agreement", plain.classAgreement, format: "%.1f%%")
let distinctUnguided = chapter.metric("distinct_unguided", plain.distinctSequences, format: "%.1f")
let distinctGuided = chapter.metric("distinct_guided", chosen.distinctSequences, format: "%.1f")
let spreadUnguided = chapter.metric("spread_unguided", plain.pixelSpread, format: "%.3f")
let spreadGuided = chapter.metric("spread_guided", chosen.pixelSpread, format: "%.3f")
chapter.text("variety", (distinctUnguided.value == Double(perPrompt) && distinctGuided.value == Double(perPrompt)
    ? "No two of a prompt's \(perPrompt) images are the same token sequence, with or without guidance, so variety shows in the pixels"
    : "A prompt's \(perPrompt) images are \(distinctUnguided.display) different token sequences on average without guidance and \(distinctGuided.display) with it")
    + ". The pixel spread among a prompt's images is \(spreadUnguided.display) without guidance and \(spreadGuided.display) with it")
//: We draw with $s$ = {{metric.guidance_scale}} and $\alpha$ = {{metric.chosen_plausibility}}: {{text.guidance_reason}}.
//: The classifier recognises the asked-for class in {{metric.prompt_class_agreement}} of these images,
//: against {{metric.unguided_class_agreement}} unguided. The price is variety. {{text.variety}}.
let generatedImages = rows(of: vqvae.decode(tokens: chosen.tokens.sequences.flatMap { $0 }))
let promptClassAgreement = chapter.metric("prompt_class_agreement", chosen.classAgreement, format: "%.1f%%")
let promptAttributeAgreement = Attribute.allCases.map { attribute in
    chapter.metric("prompt_\(attribute.rawValue)_agreement", chosen.attributeAgreement[attribute]!, format: "%.1f%%")
}
let shownClasses = [2, 7], shownLevels = [(weight: 0, slant: 0), (weight: 2, slant: 0), (weight: 2, slant: 2)]
chapter.figure("prompt-grid", caption: "Images the model drew, with guidance, from the captions on the left (the first 8 of 20 per prompt). Within a class, neighbouring rows differ in one word.") {
    let rowsShown = shownClasses.flatMap { label in shownLevels.map { Description(label: label, levels: [.weight: $0.weight, .slant: $0.slant]) } }
    let images = rowsShown.flatMap { wanted in
        let start = askedFor.firstIndex(of: wanted) ?? 0
        return generatedImages[start..<start + 8]
    }
    return ImageGrid(images: Array(images), columns: 8, cellSize: 44, gutter: 3,
                     rowLabels: rowsShown.map { captionText(captioner.words(for: $0, template: 0)) })
}
chapter.table(
    "Asked for in words, judged on the pixels (\(askedFor.count) images, \(perPrompt) per prompt, s = \(guidanceScale.display))",
    columns: ["what was asked for", "share of images that show it", "chance"],
    rows: [["class (read by the classifier)", promptClassAgreement, "\(100 / chapter.dataset.classNames.count)%"]]
        + zip(Attribute.allCases, promptAttributeAgreement).map { attribute, agreement in
            ["\(attribute.rawValue) (measured)", agreement, "33%"]
        }
)
//: With guidance the classifier reads the asked-for class in {{metric.prompt_class_agreement}} of the
//: {{metric.generated}} images (chapter 4, prompted with a class token alone and unguided, reached
//: {{metric.prior_class_agreement}}). The asked-for weight is measured on the drawn pixels
//: {{metric.prompt_weight_agreement}} of the time and the asked-for slant
//: {{metric.prompt_slant_agreement}}, against a chance of one in three.
//:
//: Unguided, this model follows the class less often than chapter 4's prior did
//: ({{metric.unguided_class_agreement}} against {{metric.prior_class_agreement}}). Two things differ:
//: the prior trained on nothing but writing images after a class token, while this model writes images
//: only in the {{metric.caption_first_share}} of its sequences that start with a caption, and its loss
//: counts the caption words after an image {{metric.caption_weight}} times, which leaves the image
//: tokens a smaller share of the gradient. Guidance makes up the difference.
chapter.metric("prior_class_agreement", prior.metric("class_agreement").value, format: "%.1f%%")
chapter.metric("caption_first_share", 100 * (1 - imageFirstShare), format: "%.0f%%")
//:
//: ### Why drawing is quick: a cache of keys and values
//:
//: The sweep above wrote {{metric.written_tokens}} image tokens, most of them twice (with and without the caption). Writing token $n + 1$ needs the
//: model's prediction at position $n$ only, and under causal attention nothing at positions before
//: $n$ changes when a token is appended: their keys and values stay what they were. So generation
//: keeps each block's keys and values and, per new token, computes one row per sequence: its query,
//: key and value, attention from that query over the stored keys, and the rest of the block on that
//: row. Without the cache every step reruns the whole sequence so far; for an image after a caption
//: that is {{metric.positions_without_cache}} positions of work instead of {{metric.positions_with_cache}}.
//: Every language model's inference does this.
//: @include Sources/Models/KeyValueCache.swift
let timedPrompts = Array(prompts.prefix(2 * perPrompt))
var cachedSampling = chapter.random("cache timing"), recomputedSampling = chapter.random("cache timing")
var cached: [[Int]] = [], recomputed: [[Int]] = []
let clock = ContinuousClock()
let cachedTime = clock.measure {
    cached = model.continuations(of: timedPrompts, steps: vqvae.tokensPerImage, allowed: imageCodes, using: &cachedSampling)
}
let recomputedTime = clock.measure {
    recomputed = model.continuationsWithoutCache(of: timedPrompts, steps: vqvae.tokensPerImage, allowed: imageCodes, using: &recomputedSampling)
}
func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
let promptLength = timedPrompts[0].count
chapter.metric("written_tokens", Double((sweep.count + 1) * askedFor.count * vqvae.tokensPerImage), format: "%.0f")
chapter.metric("positions_with_cache", Double(promptLength + vqvae.tokensPerImage - 1), format: "%.0f")
chapter.metric("positions_without_cache", Double((0..<vqvae.tokensPerImage).map { promptLength + $0 }.reduce(0, +)), format: "%.0f")
chapter.metric("timed_images", Double(timedPrompts.count), format: "%.0f")
chapter.metric("seconds_with_cache", seconds(cachedTime), format: "%.3f")
chapter.metric("seconds_without_cache", seconds(recomputedTime), format: "%.3f")
chapter.metric("cache_speedup", seconds(recomputedTime) / seconds(cachedTime), format: "%.1f")
let equalTokens = zip(cached, recomputed).map { cachedImage, recomputedImage in zip(cachedImage, recomputedImage).filter { $0 == $1 }.count }
chapter.metric("cache_equal_tokens", 100 * Double(equalTokens.reduce(0, +)) / Double(timedPrompts.count * vqvae.tokensPerImage), format: "%.2f%%")
//: Measured in this run on {{metric.timed_images}} images, with the same random numbers both ways:
//: {{metric.seconds_with_cache}} s with the cache against {{metric.seconds_without_cache}} s without,
//: {{metric.cache_speedup}} times as fast, and {{metric.cache_equal_tokens}} of the tokens written are
//: the same (the two compute the same sums in a different order, so a token could flip only where
//: two candidates are a rounding error apart).
//:
//: ## Round trip
//:
//: Caption a test image, then draw an image from that caption: does the class survive both
//: translations?
let roundTrips = 500
let roundTripPrompts = (0..<roundTrips).map { layout.imagePrompt(caption: writtenCaptions[$0]) }
let roundTripTokens = chapter.evaluateOrRestore("round trips") {
    var sampling = chapter.random("words-and-patches sampling")
    return model.continuations(of: roundTripPrompts, steps: vqvae.tokensPerImage, allowed: imageCodes,
                               guidance: Guidance(unconditionalPrompt: unconditionalPrompt, scale: chosen.scale, plausibility: chosen.plausibility),
                               batchSize: 300, using: &sampling)
}
let roundTripImages = vqvae.decode(tokens: roundTripTokens.flatMap { $0 })
let roundTripClasses = classifier.probabilities(roundTripImages).map(predictedClass)
chapter.metric("round_trips", Double(roundTrips), format: "%.0f")
chapter.metric("round_trip_class", percentage(roundTrips) { roundTripClasses[$0] == testDescriptions[$0].label }, format: "%.1f%%")
chapter.figure("round-trip", caption: "Round trips: test images with the caption the model wrote for each, and beneath them an image it drew (with guidance) from that caption.") {
    let drawn = rows(of: roundTripImages)
    let rowsOfFour = [0..<4, 4..<8]
    return ImageGrid(images: rowsOfFour.flatMap { row in row.map { test.floats(at: $0) } + row.map { drawn[$0] } }, columns: 4, cellSize: 112, gutter: 6,
                     rowLabels: ["test image", "drawn from its caption", "test image", "drawn from its caption"],
                     cellCaptions: rowsOfFour.flatMap { row in row.map { captionText(writtenWords[$0]) } + row.map { _ in "" } })
}
//: Of {{metric.round_trips}} test images, {{metric.round_trip_class}} come back as the same class
//: after image → words → image.
//:
//: ## Where the image looks while it is drawn
//:
//: While the model writes image tokens after a caption, how much of its attention goes to each part
//: of the caption? The captioner says what each word of a phrasing states, so every key position
//: falls in one part whatever the word order. Averaged over the heads of the last block and over
//: 500 test images in the first phrasing, for each row of patches:
let attentionImages = 500
let parts = [Vocabulary.Marker.beginCaption.text] + CaptionRole.allCases.map(\.rawValue)
    + [Vocabulary.Marker.endCaption.text, Vocabulary.Marker.beginImage.text, "drawn"]
/// The column of `parts` named `name`.
func part(_ name: String) -> Int { parts.firstIndex(of: name) ?? parts.count - 1 }
var shares = [[Double]](repeating: [Double](repeating: 0, count: parts.count), count: VQVAE.gridSide)
var sharesCounted = [Double](repeating: 0, count: VQVAE.gridSide)
for start in stride(from: 0, to: attentionImages, by: 100) {  // 100 sequences at a time keeps memory small
    let images = Array(start..<min(start + 100, attentionImages))
    let sequences = images.map { index in
        layout.sequence(caption: captionTokens(testDescriptions[index], template: 0), image: imageTokens(testTokens, index), direction: .captionToImage)
    }
    let weights = model.attentionWeights(sequences.flatMap { layout.inputsAndTargets($0).inputs }, length: layout.inputLength, block: model.blocks.count - 1)
    for (row, image) in images.enumerated() {
        let phrasing = captioner.phrasing(of: testDescriptions[image], template: 0)
        let keyParts = [part(Vocabulary.Marker.beginCaption.text)] + phrasing.map { part($0.role.rawValue) }
            + [part(Vocabulary.Marker.endCaption.text), part(Vocabulary.Marker.beginImage.text)]
        let firstPatch = keyParts.count
        for patch in 0..<vqvae.tokensPerImage - 1 {  // the position holding patch p predicts patch p + 1
            let query = firstPatch + patch
            let patchRow = (patch + 1) / VQVAE.gridSide
            for head in weights[row] {
                for key in 0...query {
                    let column = key < firstPatch ? keyParts[key] : part("drawn")
                    shares[patchRow][column] += Double(head[query][key]) / Double(model.heads)
                }
            }
            sharesCounted[patchRow] += 1
        }
    }
}
chapter.figure("attention", caption: "Share of attention that image tokens in each row of patches give to each part of the caption and to the patches already drawn, averaged over heads and 500 test images.") {
    HeatMap(values: shares.enumerated().map { row, values in values.map { $0 / max(sharesCounted[row], 1) } },
            rowLabels: (1...VQVAE.gridSide).map { "patch row \($0)" }, columnLabels: parts,
            rowTitle: "image tokens being written", columnTitle: "attended to (drawn: the patches already drawn)", showValues: true, cellSize: 64)
}
//: ## Your own samples
//:
//: Every image drawn from a prompt with guidance is saved with what it was asked to show, so anyone
//: can judge them with their own tools: `generated-images-idx3-ubyte` (the IDX format of the MNIST
//: files) and `generated.json`, one `{"prompt", "class", "attributes", "guidance", "plausibility"}` entry per image,
//: in the same order. The project's `scripts/judge_generated.py` is such a judge: a classifier of its
//: own (nearest neighbours in a principal-component space, numpy only) and its own moments of the ink.
let entries = askedFor.map { asked in
    GeneratedExport.Entry(prompt: captioner.words(for: asked, template: 0).joined(separator: " "), class: asked.label,
                          attributes: Dictionary(uniqueKeysWithValues: Attribute.allCases.map { ($0.rawValue, captioner.phrase($0, level: asked.levels[$0]!)) }),
                          guidance: Double(chosen.scale), plausibility: Double(chosen.plausibility))
}
chapter.export { folder in
    try GeneratedExport.write(images: generatedImages, side: test.imageSide, entries: entries, to: folder)
    chapter.text("generated_sha256", try GeneratedExport.fingerprint(in: folder))  // ties the files to this run's record
}
chapter.note("Wrote \(entries.count) generated images to \(GeneratedExport.imagesFile) and their prompts to \(GeneratedExport.promptsFile).")
//: ## What worked, and what did not
//:
//: Each aim is a value: what is measured, the measurement, and the level we set at the start.
/// One aim of this chapter: what is measured, what this run measured, and the share it should reach.
struct Aim {
    let what: String
    let measured: RunRecord.Metric
    let aim: Double
    var met: Bool { measured.value >= aim }
    /// What the page says in the verdict's last column.
    var verdict: String { met ? "yes" : "no, short by \(formatted(aim - measured.value, "%.1f")) points" }
}
let aims = [
    Aim(what: "class word of a caption", measured: classWordAccuracy, aim: classAim),
    Aim(what: "weight word of a caption", measured: attributeAccuracy[0], aim: attributeAim),
    Aim(what: "slant words of a caption", measured: attributeAccuracy[1], aim: attributeAim),
    Aim(what: "class of an image drawn from words (chapter 1's classifier)", measured: promptClassAgreement, aim: classAim),
    Aim(what: "weight of an image drawn from words", measured: promptAttributeAgreement[0], aim: attributeAim),
    Aim(what: "slant of an image drawn from words", measured: promptAttributeAgreement[1], aim: attributeAim),
]
chapter.table("The aims, measured in this run", columns: ["aim", "measured", "aim set", "met"],
              rows: aims.map { [$0.what, $0.measured, formatted($0.aim, "%.0f%%"), $0.verdict] })
let missed = aims.filter { !$0.met }
let captionMissed = missed.contains { $0.measured.name.hasPrefix("caption_") }
let drawingMissed = missed.contains { $0.measured.name.hasPrefix("prompt_") }
chapter.text("summary", (missed.isEmpty ? "Every aim was reached." : "\(aims.count - missed.count) of the \(aims.count) aims were reached.")
    + (captionMissed ? " For the captions we tried training longer (\(history.epochs.count) epochs), showing more image-first sequences (\(formatted(100 * imageFirstShare, "%.0f"))%) and counting each caption target after an image \(formatted(Double(captionWeight), "%.0f")) times in the loss." : "")
    + (drawingMissed ? " For the drawings we tried guidance scales \(scales.map { formatted($0, "%.1f") }.joined(separator: ", ")) with implausible tokens left out (α = \(plausibilities.map { formatted($0, "%.1f") }.joined(separator: " and "))), against plain sampling's \(formatted(plain.classAgreement, "%.1f"))%; the highest class agreement among them was \(formatted(mostFaithful.classAgreement, "%.1f"))% at s = \(formatted(mostFaithful.scale, "%.1f"))." : ""))
//: {{text.summary}}
//:
//: This is the aim the whole site has been building towards: an image is a sequence of tokens from a
//: vocabulary, a sentence is another, and a single next-token model trained on both, in both orders,
//: writes either one from the other. Nothing in the model knows which tokens are words.
//: ## Try it in your browser
//:
//: The same model, with the weights of this run, runs in your browser below: type a caption and it
//: writes the image token by token, or draw a digit and it captions the 49 tokens the VQ-VAE's
//: encoder makes of your drawing. (A seed here draws its own random numbers, so it does not repeat
//: an image from the figures above.)
let tokenCounts = testTokens.reduce(into: [Int](repeating: 0, count: vqvae.codebookSize)) { $0[$1] += 1 }
let blank = tokenCounts.indices.max { tokenCounts[$0] < tokenCounts[$1] }!  // the commonest patch: empty background
/// What both figures ship: the model, its vocabulary and the VQ-VAE's decoder.
func shipModel(_ page: inout PageData) {
    page.layer("transformer", model)
    page.bytes("heads", [model.heads])
    page.strings("words", vocabulary.words)
    do { page.bytes("wordTokens", try vocabulary.tokens(for: vocabulary.words)) } catch { chapter.fail(error) }
    page.bytes("markers", Vocabulary.Marker.allCases.map(vocabulary.token))
    page.tensor("quantizer.codebook", vqvae.quantizer.codebook)
    page.layer("decoder", vqvae.decoder)
    page.bytes("tokensPerImage", [vqvae.tokensPerImage])
    page.bytes("imageSide", [test.imageSide])
    page.bytes("blank", [blank])
}
let scripts = ["layers.js", "drawing.js", "vq-decoder.js", "transformer.js", "sampling.js", "words-and-patches.js"].map { "Sources/PageScripts/\($0)" }
chapter.liveFigure("sentence-writer", caption: "The model writing an image from your caption, token by token, in your browser; the orange square is the newest patch. Start typing to see the words it knows; a larger guidance s follows the caption more strongly.",
                   script: "Sources/PageScripts/sentence-writer.js", uses: scripts) { page in
    shipModel(&page)
    page.bytes("unconditionalPrompt", unconditionalPrompt)  // image-first: the model with no caption
    page.floats("guidance", [chosen.scale], shape: [1])  // the page starts where the chapter chose s
    page.floats("plausibility", [chosen.plausibility], shape: [1])
    page.strings("examples", Captioner.templates.indices.map { captioner.words(for: testDescriptions[$0], template: $0).joined(separator: " ") })
}
chapter.liveFigure("sketch-captioner", caption: "Draw a digit: when you lift the pen, your browser encodes the drawing into 49 tokens with the VQ-VAE's encoder, shows them and what they decode to, and the model writes its caption.",
                   script: "Sources/PageScripts/sketch-captioner.js", uses: scripts + ["Sources/PageScripts/vq-encoder.js"]) { page in
    shipModel(&page)
    page.layer("encoder", vqvae.encoder)
}
chapter.finish()
