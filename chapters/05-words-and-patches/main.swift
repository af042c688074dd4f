//: # Words and patches in one model
//:
//: Put a caption's words and an image's patch tokens in one vocabulary and train one next-token model on both orders: the same weights write an image from a sentence and a sentence about an image.
//:
//: Chapter 4 wrote images token by token, but its only "word" was a class token. The point of
//: turning an image into tokens was always this chapter: once an image is a sequence of symbols, it
//: can sit in the same sequence as a sentence, and one language model can learn both. That is the
//: idea behind DALL·E and Chameleon [@ramesh2021; @chameleon2024]; here it is at a size that
//: trains on two cores in minutes.
//:
//: From the model's point of view nothing new happens. A caption is just more tokens. A training
//: sequence either starts with a caption and continues with an image, or starts with an image and
//: continues with a caption; the model learns to predict the next token, as every language model
//: does. Which way it writes is set by the first marker it is given.
import Captions
import ChapterKit
import WordsAndPatchesKit
import Datasets
import Figures
import Learning
import Models
import Notebook

let chapter = Chapter(slug: "words-and-patches")
let test = chapter.test
//: We set ourselves aims before anything trains: the class must be right at least 95% of the time
//: (nearly always, as the classifier of chapter 1, trained for nothing else, is), and the weight and
//: slant — three levels each, so chance is 33% — at least 75% of the time, three times out of four.
let classAim = 95.0, attributeAim = 75.0
//: @fold How the page records the aims
chapter.metric("class_aim", classAim, format: "%.0f%%")
chapter.metric("attribute_aim", attributeAim, format: "%.0f%%")
//: @end
//: ## Captions that can be checked
//:
//: Real captions would need people to write them, and a generated caption could only be judged by
//: people again. So every caption here is computed from the image itself, from things a reader can
//: see: the class, how heavy the strokes are (the image's total ink) and which way the image leans
//: (the shear of its ink: how far its horizontal position moves per pixel upwards, from the ink's
//: second moments).
//: Each attribute has three words, split at the terciles of the training images *of the same class*,
//: so each word is equally common and "a bold one" is as ordinary as "a bold eight". Slant is
//: therefore relative too: a one that stands upright, among ones that mostly lean right, is
//: "leaning left".
//: @include Sources/Captions/Attributes.swift
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
//:
//: Everything this chapter and the next use — the VQ-VAE of chapter 3, the attribute scale, the
//: captioner, the vocabulary, the sequence layout and the model — is made in one place, so the next
//: chapter restores this very model instead of training another. The model trains here:
//: @include Sources/WordsAndPatchesKit/SharedWordsAndPatches.swift
let trained = chapter.sharedWordsAndPatches()
let words = trained.words, history = trained.history
let vqvae = words.vqvae, captioner = words.captioner, vocabulary = words.vocabulary, layout = words.layout
let model = words.model, testTokens = words.testTokens, testDescriptions = words.testDescriptions
//: @fold How the page shows the phrasings, the vocabulary's size and the two sequence orders
let firstCaptions = Captioner.templates.indices.map { template in
    "“\(captionText(captioner.words(for: testDescriptions[0], template: template)))”"
}
chapter.note("The first test image, in each of the \(Captioner.templates.count) phrasings: "
    + firstCaptions.joined(separator: ", ") + ".")
chapter.metric("vocabulary", Double(vocabulary.count), format: "%.0f")
chapter.metric("words", Double(vocabulary.words.count), format: "%.0f")
chapter.metric("sequence_length", Double(layout.length), format: "%.0f")
chapter.figure("sequence-layout", caption: "The first test image as the two kinds of training sequence. Blue tokens "
    + "are image codes (each a 4×4 patch), orange ones words; the first marker says which way the sequence goes.") {
    let caption = words.captionTokens(testDescriptions[0], template: 0)
    return TokenSequence(sequences: SequenceLayout.Direction.allCases.map { direction in
        let sequence = layout.sequence(caption: caption, image: words.imageTokens(testTokens, 0), direction: direction)
        let kept = sequence.filter { $0 != vocabulary.token(.padding) }
        let shown = kept.map { token -> (text: String, kind: TokenSequence.Kind) in
            switch layout.part(of: token) {
            case .imageCode: return ("\(token)", .imageCode)
            case .word: return (vocabulary.text(of: token), token == vocabulary.token(.endCaption) ? .marker : .word)
            case .marker, .padding: return (vocabulary.text(of: token), .marker)
            }
        }
        return (direction == .captionToImage ? "caption → image" : "image → caption", shown)
    })
}
//: @end
//: The vocabulary has {{metric.vocabulary}} tokens ({{metric.words}} of them words), and every
//: sequence is {{metric.sequence_length}} tokens long. Read @fig:sequence-layout's first row left to right:
//: the caption, then `<image>`, then the 49 patch codes; the second row is the same image and
//: caption the other way round.
//:
//: ## The model and its loss
//:
//: The very model type of chapter 4's prior, block for block. There it read a class token and wrote
//: image codes; here it reads and writes every token of the shared vocabulary, so its embedding
//: table and its output layer cover words and codes alike, and there is no class token. Generating
//: only ever picks from the tokens it is allowed: image codes inside an image, words inside a caption.
//: @include Sources/Models/TokenTransformer.swift
//: @fold How the page records the model's size and training mix
chapter.metric("parameters", Double(model.parameterCount), format: "%.0f")
chapter.metric("image_first_share", 100 * WordsAndPatches.imageFirstShare, format: "%.0f%%")
chapter.metric("caption_first_share", 100 * (1 - WordsAndPatches.imageFirstShare), format: "%.0f%%")
chapter.metric("caption_weight", Double(WordsAndPatches.captionWeight), format: "%.0f")
//: @end
//: Each epoch shows the model every training image once, in a direction and a phrasing drawn at
//: random, so over the epochs it sees each image both ways and in several words. Image-first
//: sequences are drawn a little more often ({{metric.image_first_share}} of them), because writing
//: a caption is where the model must *recognise* the digit, and it learns that from very few
//: targets: a caption is a tenth of an image-first sequence's targets, and the class word one word
//: in a sequence of {{metric.sequence_length}} tokens. So in an image-first sequence each target of
//: the caption (its words and its end marker) counts $w$ = {{metric.caption_weight}} times, every
//: other target once, and the loss is the weighted mean
//:
//: $$\mathcal{L} = \frac{\sum_t w_t \,\bigl(-\log p(x_t \mid x_{<t})\bigr)}{\sum_t w_t},$$
//:
//: so recognising the digit gets a larger share of the gradient and the image tokens a smaller one.
//: This is where each training sequence gets its direction, its phrasing and its weights:
//: @include Sources/WordsAndPatchesKit/SharedWordsAndPatches.swift #examples
//: @include Sources/Learning/Ops/WeightedCrossEntropy.swift
//:
//: The learning rate starts at chapter 4's $2 \cdot 10^{-3}$ and falls in equal steps each epoch,
//: so the last epochs make smaller, finer corrections. After each epoch we measure the two
//: modalities apart on the first 2,000 test images in the first phrasing: bits per image token when
//: the caption came first, and bits per caption token (its words and its end) when the image came
//: first. The same numbers with the other modality *absent* say how much one tells the model about
//: the other.
//: @fold How the page draws the loss curves and reads the last epoch's numbers
chapter.figure("loss", caption: "Per epoch: bits per token over all training targets (the weighted mean the "
    + "model is trained on), and on the first 2,000 test images the bits per image token after a caption and per "
    + "caption token after an image (unweighted).") {
    LinePlot(series: [
        .init(name: "train: all tokens, weighted", points: history.series("train_bits_per_token")),
        .init(name: "test: image tokens after a caption", points: history.series("test_image_bits"), dashed: true),
        .init(name: "test: caption tokens after an image", points: history.series("test_caption_bits"), dashed: true),
    ], xLabel: "epoch", yLabel: "bits per token")
}
let imageBits = chapter.metric("image_bits_given_caption", history.final("test_image_bits"), format: "%.3f")
let imageAloneBits = chapter.metric("image_bits_alone", history.final("test_image_alone_bits"), format: "%.3f")
let captionBits = chapter.metric("caption_bits_given_image", history.final("test_caption_bits"), format: "%.3f")
let captionAloneBits = chapter.metric("caption_bits_alone", history.final("test_caption_alone_bits"), format: "%.3f")
let prior = chapter.results(of: "patch-prior")
let priorBits = prior.metric("test_bits_per_token")
chapter.metric("prior_bits", priorBits.value, format: "%.3f")
//: @end
//: In @fig:loss both test curves fall most in the first epochs and flatten after; the caption
//: curve ends far below the image curve.
//:
//: @predict Which should cost fewer bits per token: a caption after its image, or an image after its caption?
//: @answer The caption: {{metric.caption_bits_given_image}} bits per token against
//: @answer {{metric.image_bits_given_caption}}. Once the image is known, its caption is nearly
//: @answer determined (a class and two of three levels), while a caption leaves every stroke open.
//:
//: After the last epoch, on those 2,000 test images:
//: @fold The table of bits per token
chapter.table(
    "Bits per token on the first 2,000 test images (first phrasing)",
    columns: ["what is predicted", "with the other modality first", "with nothing before it",
              "chapter 4's prior (class token first, all test images)"],
    rows: [
        ["image tokens", imageBits, imageAloneBits, priorBits],
        ["caption tokens (words and end)", captionBits, captionAloneBits, "—"],
    ]
)
//: @end
//: After a caption the model needs {{metric.image_bits_given_caption}} bits per image token, and
//: chapter 4's prior, with only a class token before the image, needed {{metric.prior_bits}}.
//: {{claim.words_barely_help: That is within 1% of each other: the class pins down the patches,
//: and the attribute words barely sharpen the model's guess about them.}} Without a caption before
//: them, image tokens cost {{metric.image_bits_alone}} bits. In the other direction a caption costs
//: {{metric.caption_bits_given_image}} bits per token after its image and
//: {{metric.caption_bits_alone}} bits with nothing before it: the image tells the model most of
//: what the caption will say.
// Differences under 1% are within what another seed would change.
chapter.claim("words_barely_help", abs(imageBits.value - priorBits.value) < 0.01 * priorBits.value,
              evidence: "|\(imageBits.display) − \(priorBits.display)| < 1% of \(priorBits.display) bits per image "
                  + "token")
//:
//: ## Writing a caption
//:
//: To caption a test image we give the model the image's tokens and the caption marker, and let it
//: write the most likely word, only ever choosing among words and the end marker, until it ends
//: the caption. Then we read the facts back out of its words and compare them with the image's own.
//: Chance is 1 in {{metric.classes}} for the class and 1 in 3 for each attribute.
let captioned = WordsAndPatches.measured
let captionPrompts = (0..<captioned).map { layout.captionPrompt(image: words.imageTokens(testTokens, $0)) }
let writtenCaptions = chapter.evaluateOrRestore("captions") {  // kept: a caption edit does not write them again
    var unused = chapter.random("words-and-patches sampling")  // writing greedily draws no random numbers
    return model.continuations(of: captionPrompts, steps: captioner.longestCaption + 1,
                               allowed: vocabulary.captionTokens,
                               stop: vocabulary.token(.endCaption), greedy: true, batchSize: 500, using: &unused)
}
//: Each caption is read back into the facts it states, whatever its phrasing, and each fact is
//: compared with what the image's own measurements say.
//: @fold How the page reads the captions back and scores them
let writtenWords = writtenCaptions.map { $0.map(vocabulary.text) }
let readings = writtenWords.map(captioner.read)
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
        percentage(captioned) { readings[$0].levels[attribute] == testDescriptions[$0].levels[attribute] },
        format: "%.1f%%")
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
chapter.figure("captions", caption: "Test images and the captions the model wrote for them. Words that state "
    + "something the image's own measurements disagree with are struck through in orange.") {
    CaptionedImages(items: (0..<18).map { index in
        let wrong = wrongWords(writtenWords[index], about: testDescriptions[index])
        return (test.floats(at: index), writtenWords[index].map { (text: $0, wrong: wrong.contains($0)) })
    }, columns: 6)
}
let shownWrong = (0..<18).filter { !wrongWords(writtenWords[$0], about: testDescriptions[$0]).isEmpty }.count
chapter.metric("captions_shown_wrong", Double(shownWrong), format: "%.0f")
let captionAims = classWordAccuracy.value >= classAim && attributeAccuracy.allSatisfy { $0.value >= attributeAim }
chapter.claim("captions_meet_aims", captionAims, evidence: "class \(classWordAccuracy.display) ≥ 95%, weight "
    + "\(attributeAccuracy[0].display) and slant \(attributeAccuracy[1].display) ≥ 75%")
//: @end
//: @predict Which word will the model get right most often: the class, the weight or the slant?
//: @answer The class, {{metric.caption_class_accuracy}} of the time, against {{metric.caption_weight_accuracy}}
//: @answer for the weight and {{metric.caption_slant_accuracy}} for the slant: a class is a different
//: @answer shape, while a weight or slant level is a third of a smooth range, and images near a
//: @answer tercile's edge could honestly take either word.
//:
//: In @fig:captions {{metric.captions_shown_wrong}} of the 18 captions have a struck word. Over the first
//: {{metric.captioned}} test images the class word is right {{metric.caption_class_accuracy}} of
//: the time (chapter 1's classifier, trained for nothing else, reaches {{metric.classifier_accuracy}}).
//: The weight word matches the image's measured ink {{metric.caption_weight_accuracy}} of the time,
//: the slant words its measured lean {{metric.caption_slant_accuracy}}.
//: {{claim.captions_meet_aims: The captions meet all three aims we set.}}
//:
//: ## Drawing from a sentence
//:
//: The other direction: a caption, then the image marker, then 49 image tokens drawn one at a time
//: from the model's distribution, only ever among image codes. We ask for every class with every
//: combination of weight and slant, in the first phrasing, {{metric.per_prompt}} images each, and
//: judge the results with the classifier of chapter 1 and the same attribute measurements as the
//: captions.
let promptSet = PromptSet(words)
let plain = chapter.evaluateOrRestore("plain drawing") {
    var sampling = chapter.random("words-and-patches drawing")  // chapter 6's sweep starts from the same numbers
    return words.drawn(promptSet, guidedBy: 1, plausibility: 0, classifier: classifier, using: &sampling)
}
//: @fold How the page scores the drawings and shows a few
chapter.metric("per_prompt", Double(promptSet.perPrompt), format: "%.0f")
chapter.metric("generated", Double(promptSet.askedFor.count), format: "%.0f")
chapter.metric("prompts", Double(promptSet.descriptions.count), format: "%.0f")
let plainImages = rows(of: vqvae.decode(tokens: plain.tokens.sequences.flatMap { $0 }))
let plainClass = chapter.metric("plain_class_agreement", plain.classAgreement, format: "%.1f%%")
let plainWeight = chapter.metric("plain_weight_agreement", plain.weightAgreement, format: "%.1f%%")
let plainSlant = chapter.metric("plain_slant_agreement", plain.slantAgreement, format: "%.1f%%")
chapter.metric("prior_class_agreement", prior.metric("class_agreement").value, format: "%.1f%%")
chapter.figure("plain-grid", caption: "Images the model drew from the captions on the left, sampled as trained "
    + "(the first 8 of 20 per prompt). Within a class, neighbouring rows differ in one word.") {
    promptSet.grid(of: plainImages, captioner: captioner)
}
let priorClass = prior.metric("class_agreement")
chapter.claim("plain_short_of_class_aim", plain.classAgreement < classAim,
              evidence: "\(plainClass.display) < \(formatted(classAim, "%.0f%%")) of drawings read as the "
                  + "asked-for class")
chapter.claim("plain_below_prior", plain.classAgreement < priorClass.value,
              evidence: "\(plainClass.display) < chapter 4's \(priorClass.display)")
//: @end
//: In @fig:plain-grid most rows are the asked-for digit, heavier where the caption says "bold" and
//: tilted where it says "leaning right", with the odd stray that is not quite the asked-for digit.
//: Over all {{metric.generated}} images the classifier reads the asked-for class in
//: {{metric.plain_class_agreement}} of them (chapter 4's prior, prompted with a class token alone,
//: reached {{metric.prior_class_agreement}}); the asked-for weight is measured on the pixels
//: {{metric.plain_weight_agreement}} of the time and the slant {{metric.plain_slant_agreement}},
//: against a chance of one in three. {{claim.plain_short_of_class_aim: Sampled as trained, the
//: drawings fall short of our class aim.}}
//:
//: {{claim.plain_below_prior: This model follows the class less often than chapter 4's prior did.}}
//: Two things differ. The prior
//: trained on nothing but writing images after a class token, while this model writes images only in
//: the {{metric.caption_first_share}} of its sequences that start with a caption; and its loss counts
//: the caption words after an image {{metric.caption_weight}} times, which leaves the image tokens a
//: smaller share of the gradient. The next chapter steers the drawing back towards the words.
//:
//: ## Round trip
//:
//: Caption a test image, then draw an image from that caption, sampled as trained: does the class
//: survive both translations?
let roundTrips = 500
let roundTripPrompts = (0..<roundTrips).map { layout.imagePrompt(caption: writtenCaptions[$0]) }
let roundTripTokens = chapter.evaluateOrRestore("round trips") {
    var sampling = chapter.random("words-and-patches sampling")
    return model.continuations(of: roundTripPrompts, steps: vqvae.tokensPerImage, allowed: Set(vocabulary.imageTokens),
                               batchSize: 300, using: &sampling)
}
//: @fold How the page judges the round trips and lays out the pairs
let roundTripImages = vqvae.decode(tokens: roundTripTokens.flatMap { $0 })
let roundTripClasses = classifier.probabilities(roundTripImages).map(predictedClass)
chapter.metric("round_trips", Double(roundTrips), format: "%.0f")
chapter.metric("round_trip_class", percentage(roundTrips) { roundTripClasses[$0] == testDescriptions[$0].label },
               format: "%.1f%%")
chapter.figure("round-trip", caption: "Round trips, in pairs: a test image under the caption the model wrote for "
    + "it, and on its right an image the model drew from that caption.") {
    let drawn = rows(of: roundTripImages)
    return ImageGrid(images: (0..<8).flatMap { [test.floats(at: $0), drawn[$0]] }, columns: 4, cellSize: 112, gutter: 6,
                     cellCaptions: (0..<8).flatMap { ["test: " + captionText(writtenWords[$0]), "drawn from it"] })
}
//: @end
//: Each pair in @fig:round-trip shares a class and mostly a weight, while the strokes differ: the caption keeps what it
//: states and nothing else. Of {{metric.round_trips}} test images, {{metric.round_trip_class}} come
//: back as the same class after image → words → image.
//:
//: ## Where the image looks while it is drawn
//:
//: Chapter 4 showed what attention is: each position's query is compared with the keys of every
//: position before it, and the softmax of those scores says how much of each position's value it
//: takes. While the model writes image tokens after a caption, how much of that attention goes to
//: each part of the caption? The captioner says what each word of a phrasing states, so every key
//: position falls in one part whatever the word order. A *filler* is a word that states nothing
//: ("a", "," and "and" hold a phrasing together), and "drawn" is the attention that goes to the
//: image's own patches already written. Averaged over the heads of the last block
//: and over 500 test images in the first phrasing, for each row of patches:
//: @fold How the page sums the last block's attention weights by part of the caption
let attentionImages = 500
let parts = [Vocabulary.Marker.beginCaption.text] + CaptionRole.allCases.map(\.rawValue)
    + [Vocabulary.Marker.endCaption.text, Vocabulary.Marker.beginImage.text, "drawn"]
/// The column of `parts` named `name`.
func part(_ name: String) -> Int { parts.firstIndex(of: name) ?? parts.count - 1 }
/// Attention shares of each patch row (rows) over `parts` (columns), summed over images and heads,
/// with how many queries each row summed.
func attentionShares() -> (shares: [[Double]], counted: [Double]) {
    var shares = [[Double]](repeating: [Double](repeating: 0, count: parts.count), count: VQVAE.gridSide)
    var counted = [Double](repeating: 0, count: VQVAE.gridSide)
    for start in stride(from: 0, to: attentionImages, by: 100) {  // 100 sequences at a time keeps memory small
        let images = Array(start..<min(start + 100, attentionImages))
        let sequences = images.map { index in
            layout.sequence(caption: words.captionTokens(testDescriptions[index], template: 0),
                            image: words.imageTokens(testTokens, index), direction: .captionToImage)
        }
        let inputs = sequences.flatMap { layout.inputsAndTargets($0).inputs }
        let weights = model.attentionWeights(inputs, length: layout.inputLength, block: model.blocks.count - 1)
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
                counted[patchRow] += 1
            }
        }
    }
    return (shares, counted)
}
let attention = attentionShares()
//: @end
//: @predict As the image fills in, will the model look more at the caption or at the patches it has already drawn?
//: @answer The patches: the last row of patches gives {{metric.attention_drawn_last_row}} of its
//: @answer attention to them and {{metric.attention_words_last_row}} to the caption's words.
//: @fold How the page draws the attention map
let attentionRows = attention.shares.enumerated().map { row, values in
    values.map { $0 / max(attention.counted[row], 1) }
}
/// How each part is labelled in the figure: a filler is a word that states nothing.
let partLabels = parts.map { $0 == CaptionRole.filler.rawValue ? "filler (a , and)" : $0 }
chapter.figure("attention", caption: "Share of attention that image tokens in each row of patches (columns) give "
    + "to each part of the caption and to the patches already drawn (rows), averaged over heads and 500 test images.") {
    HeatMap(values: parts.indices.map { column in attentionRows.map { $0[column] } }, rowLabels: partLabels,
            columnLabels: (1...VQVAE.gridSide).map { "\($0)" }, rowTitle: "attended to",
            columnTitle: "row of patches being written", showValues: true, cellSize: 48)
}
let firstRow = attentionRows[0], lastRow = attentionRows[attentionRows.count - 1]
chapter.metric("attention_drawn_first_row", 100 * firstRow[part("drawn")], format: "%.0f%%")
chapter.metric("attention_drawn_last_row", 100 * lastRow[part("drawn")], format: "%.0f%%")
let captionParts = CaptionRole.allCases.map { part($0.rawValue) }
chapter.metric("attention_words_first_row", 100 * captionParts.map { firstRow[$0] }.reduce(0, +), format: "%.0f%%")
chapter.metric("attention_words_last_row", 100 * captionParts.map { lastRow[$0] }.reduce(0, +), format: "%.0f%%")
let lastWords = captionParts.map { lastRow[$0] }.reduce(0, +), lastDrawn = lastRow[part("drawn")]
chapter.claim("drawn_over_words", lastDrawn > lastWords,
              evidence: "\(formatted(100 * lastDrawn, "%.0f%%")) to the patches "
    + "drawn > \(formatted(100 * lastWords, "%.0f%%")) to the words, last row of patches")
//: @end
//: Read @fig:attention along its bottom row: the first row of patches gives
//: {{metric.attention_drawn_first_row}} of its attention to patches already drawn and the last row
//: {{metric.attention_drawn_last_row}}. The caption's words get {{metric.attention_words_first_row}}
//: from the first row and {{metric.attention_words_last_row}} from the last; the rest of each row goes to
//: the markers (`<caption>`, `</caption>`, `<image>`), the rows above in @fig:attention.
//: {{claim.drawn_over_words: By the last row the patches already drawn take more of the attention
//: than the caption's words: once a digit has begun, what is on the page says more about the next
//: patch than the sentence does.}}
//:
//: ## Caption what you draw
//:
//: The same model, with the weights of this run, runs in your browser in @live:sketch-captioner. Draw a
//: digit: when you lift the pen, your browser encodes the drawing into 49 tokens with the VQ-VAE's encoder, shows them
//: and what they decode to, and the model writes a caption after them. Try a one written upright, then
//: one written leaning: since slant words are measured against a class's own digits, an upright one
//: can be "leaning left".
//: @fold How the page ships the model to your browser
let tokenCounts = testTokens.reduce(into: [Int](repeating: 0, count: vqvae.codebookSize)) { $0[$1] += 1 }
let blank = tokenCounts.indices.max { tokenCounts[$0] < tokenCounts[$1] } ?? 0  // the commonest patch: empty background
chapter.liveFigure("sketch-captioner", caption: "Draw a digit: when you lift the pen, your browser encodes the drawing "
    + "into 49 tokens with the VQ-VAE's encoder, shows them and what they decode to, and the model writes its caption. "
    + "Slant is judged against the class's own digits.",
                   script: "Sources/PageScripts/sketch-captioner.js") { page in
    words.ship(into: &page, blank: blank)
    page.layer("encoder", vqvae.encoder)
}
//: @end
//: ## What worked, and what did not
//:
//: Each aim is a value: what is measured, the measurement, and the level we set at the start.
//: @fold How the page sets each aim beside its measurement
let aims = [
    Aim(what: "class word of a caption", measured: classWordAccuracy, aim: classAim),
    Aim(what: "weight word of a caption", measured: attributeAccuracy[0], aim: attributeAim),
    Aim(what: "slant words of a caption", measured: attributeAccuracy[1], aim: attributeAim),
    Aim(what: "class of an image drawn from words, sampled as trained", measured: plainClass, aim: classAim),
    Aim(what: "weight of an image drawn from words, sampled as trained", measured: plainWeight, aim: attributeAim),
    Aim(what: "slant of an image drawn from words, sampled as trained", measured: plainSlant, aim: attributeAim),
]
chapter.table("The aims, measured in this run", columns: ["aim", "measured", "aim set", "met"],
              rows: aims.map { [$0.what, $0.measured, formatted($0.aim, "%.0f%%"), $0.verdict] })
//: @end
//: The table sets each aim beside this run's measurement; its last column says whether it was met.
//: The drawing aims are the next chapter's work.
//:
//: ## Recap
//:
//: - An image is a sequence of tokens from a vocabulary and a sentence is another; put both in one
//:   vocabulary and one next-token model learns both, in both orders. Nothing in the model knows
//:   which tokens are words.
//: - Captions computed from the pixels (class, ink, lean against the class) can be checked, so
//:   every claim about what the model writes is measured.
//: - Weighting the caption's targets after an image teaches recognition from few targets; the price
//:   is a drawing that follows its words less closely than a model that only draws.
//:
//: ## Exercises
//:
//: 1. **A lower class aim.** Change `let classAim = 95.0` to `70.0` and run `latent build`. Nothing trains:
//:    the model is restored and writes the same captions and drawings; only the aim and the verdicts move. With the
//:    drawings read as the asked-for class {{metric.plain_class_agreement}} of the time, the sentence that
//:    says the drawings fall short of our class aim should be struck through, while the captions still
//:    meet their aims. `latent changes` names the claim that flipped, and the aims table's last column
//:    changes with it.
//: 2. **A higher attribute aim.** Change `attributeAim = 75.0` to `90.0` on the same line. Watch whether
//:    the sentence that says the captions meet all three aims is struck through: it now holds only if the
//:    weight word ({{metric.caption_weight_accuracy}}) and the slant words
//:    ({{metric.caption_slant_accuracy}}) are both right at least nine times in ten.
//: 3. **Fewer images for the attention map.** Change `let attentionImages = 500` to `100`. @fig:attention
//:    is now averaged over a fifth of the images, so its shares move a little; with the last row giving
//:    {{metric.attention_drawn_last_row}} to drawn patches and {{metric.attention_words_last_row}} to the
//:    words, the sentence that says the patches already drawn take more of the attention than the words
//:    should still hold. `latent changes` lists the shares that moved.
//:
//: **Next:** [Steering and speed](../steering-and-speed/index.html) restores this very model and
//: steers its drawing towards the words with classifier-free guidance [@ho2022], chooses how hard to
//: steer on one draw and checks the choice on another, and makes drawing quick with a cache of keys
//: and values. [All chapters](../index.html)
chapter.finish()
