import Captions
import ChapterKit
import Datasets
import Integrity
import Learning
import Models
import Notebook

/// The model of chapters 5 and 6: one next-token transformer over a single vocabulary of caption
/// words and VQ-VAE image codes, trained on caption → image and image → caption sequences.
/// Chapter 5 trains it and shows how; chapter 6 restores the very same weights to steer its drawing
/// and make it quick, so both pages describe one model.
public struct WordsAndPatches {
    /// The VQ-VAE of chapter 3: its codes are the image tokens, its decoder turns them into pixels.
    public let vqvae: VQVAE
    /// The per-class terciles that turn an image's ink and lean into weight and slant words.
    public let scale: AttributeScale
    public let captioner: Captioner
    public let vocabulary: Vocabulary
    public let layout: SequenceLayout
    public let model: TokenTransformer
    /// The image tokens of the first `measured` test images, which both chapters measure on.
    public let testTokens: [Int]
    /// What every test image shows, measured from its pixels.
    public let testDescriptions: [Description]
    let chapter: Chapter

    /// How many test images the per-epoch bits and the chapters' measurements use.
    public static let measured = 2000
    /// The share of training sequences that put the image first: writing a caption is where the
    /// model must recognise the digit, and a caption has few targets to learn it from.
    public static let imageFirstShare = 0.6
    /// How many times each caption target after an image counts in the loss.
    public static let captionWeight: Float = 4

    /// The tokens of image `index` in `tokens`, the images' codes one after another.
    public func imageTokens(_ tokens: [Int], _ index: Int) -> ArraySlice<Int> {
        tokens[index * vqvae.tokensPerImage..<(index + 1) * vqvae.tokensPerImage]
    }

    /// What image `index` of `images` shows: its class, and its weight and slant against its class.
    public func describe(_ images: LabelledImages, _ index: Int) -> Description {
        scale.describe(images.floats(at: index), side: images.imageSide, label: Int(images.labels[index]))
    }

    /// The caption of `description` in phrasing `template`, as tokens. A word outside the
    /// vocabulary cannot happen here (the vocabulary is the captioner's words), so it stops the chapter.
    public func captionTokens(_ description: Description, template: Int) -> [Int] {
        do { return try vocabulary.tokens(for: captioner.words(for: description, template: template)) } catch { chapter.fail(error) }
    }

    /// Training sequences for the images at `indices`: each in a direction and a phrasing drawn from
    /// `choices`, with a loss weight per target (`captionWeight` for a caption's targets after its image).
    func examples(_ tokens: [Int], _ descriptions: [Description], _ indices: some Sequence<Int>,
                  using choices: inout SeededGenerator) -> (inputs: [Int], targets: [Int], weights: [Float]) {
        var inputs: [Int] = [], targets: [Int] = [], weights: [Float] = []
        for index in indices {
            let imageFirst = Double(choices.uniform()) < Self.imageFirstShare
            let direction: SequenceLayout.Direction = imageFirst ? .imageToCaption : .captionToImage
            let template = min(Int(choices.uniform() * Float(Captioner.templates.count)), Captioner.templates.count - 1)
            let caption = captionTokens(descriptions[index], template: template)
            let example = layout.inputsAndTargets(layout.sequence(caption: caption, image: imageTokens(tokens, index), direction: direction))
            inputs += example.inputs
            targets += example.targets
            weights += example.targets.map { imageFirst && layout.part(of: $0) == .word ? Self.captionWeight : 1 }
        }
        return (inputs, targets, weights)
    }

    /// Bits per image token and per caption token on the first `count` test images in the first
    /// phrasing, each with the other modality before it and with nothing before it.
    public func testBits(images count: Int) -> TestBits {
        var sums = [[SequenceLayout.Part: (nats: Double, tokens: Int)]](repeating: [:], count: 2)
        for direction in SequenceLayout.Direction.allCases {
            for start in stride(from: 0, to: count, by: 100) {
                var inputs: [Int] = [], targets: [Int] = []
                for index in start..<min(start + 100, count) {
                    let caption = captionTokens(testDescriptions[index], template: 0)
                    let sequence = layout.sequence(caption: caption, image: imageTokens(testTokens, index), direction: direction)
                    let example = layout.inputsAndTargets(sequence)
                    inputs += example.inputs
                    targets += example.targets
                }
                let entropies = model.crossEntropies(inputs, targets: targets, length: layout.inputLength)
                for (target, nats) in zip(targets, entropies) {
                    guard let nats else { continue }
                    let part = layout.part(of: target)
                    let sum = sums[direction.rawValue][part] ?? (0, 0)
                    sums[direction.rawValue][part] = (sum.nats + nats, sum.tokens + 1)
                }
            }
        }
        func bitsPerToken(_ direction: SequenceLayout.Direction, _ part: SequenceLayout.Part) -> Double {
            guard let sum = sums[direction.rawValue][part], sum.tokens > 0 else { return .nan }
            return bits(fromNats: sum.nats / Double(sum.tokens))
        }
        return TestBits(imageGivenCaption: bitsPerToken(.captionToImage, .imageCode),
                        captionGivenImage: bitsPerToken(.imageToCaption, .word),
                        imageAlone: bitsPerToken(.imageToCaption, .imageCode),
                        captionAlone: bitsPerToken(.captionToImage, .word))
    }

    /// Bits per token on test images, by what is predicted and what came before it.
    public struct TestBits {
        public let imageGivenCaption: Double
        public let captionGivenImage: Double
        public let imageAlone: Double
        public let captionAlone: Double
    }
}

extension Chapter {
    /// Chapters 5 and 6's model, trained once for the whole site: the first chapter that asks trains
    /// it, the other restores the same weights from the shared checkpoint. Each epoch shows the model
    /// every training image once, in a direction and a phrasing drawn at random; the learning rate
    /// starts at chapter 4's 2·10⁻³ and falls linearly to zero. The VQ-VAE's weights are part of the
    /// key (its fingerprint in `settings`): new image codes mean a new model.
    public func sharedWordsAndPatches(epochs standardEpochs: Int = 7, line: Int = #line) -> WordsAndPatchesTraining {
        let vqvae = sharedVQVAE(line: line).model
        let scale = AttributeScale(images: train)
        let captioner = Captioner(dataset: dataset)
        let vocabulary = Vocabulary(imageCodes: vqvae.codebookSize, words: captioner.words)
        let layout = SequenceLayout(vocabulary: vocabulary, tokensPerImage: vqvae.tokensPerImage, longestCaption: captioner.longestCaption)
        var weights = random("words-and-patches weights")
        let model = TokenTransformer(tokens: vocabulary.count, positions: layout.inputLength, using: &weights)
        let optimizer = Adam(parameters: model.namedParameters, learningRate: 2e-3)
        let testDescriptions = (0..<test.count).map { index in
            scale.describe(test.floats(at: index), side: test.imageSide, label: Int(test.labels[index]))
        }
        let shared = WordsAndPatches(vqvae: vqvae, scale: scale, captioner: captioner, vocabulary: vocabulary, layout: layout,
                                     model: model, testTokens: vqvae.tokens(of: test.prefix(WordsAndPatches.measured)),
                                     testDescriptions: testDescriptions, chapter: self)
        let codes = SHA256.hexDigest(of: vqvae.namedTensors.flatMap { $0.tensor.scalars.flatMap(\.bitPattern.bytes) })
        let settings = "Adam 2e-3 falling linearly, batch 64, 60% image first, 4 phrasings, caption weight 4, VQ-VAE \(codes.prefix(12))"
        let epochs = epochs(standardEpochs)
        let history = trainOrRestoreShared("words-and-patches", model: model, optimizer: optimizer, epochs: epochs,
                                              settings: settings, line: line) { progress in
            let trainTokens = vqvae.tokens(of: train)
            let trainDescriptions = (0..<train.count).map { shared.describe(train, $0) }
            var batchOrder = random("words-and-patches batches")
            var choices = random("directions and phrasings")
            for epoch in 1...progress.epochs {
                optimizer.learningRate = 2e-3 * Float(progress.epochs + 1 - epoch) / Float(progress.epochs)
                var total: Double = 0
                for batch in train.shuffledBatches(size: 64, using: &batchOrder) {
                    let (inputs, targets, weights) = shared.examples(trainTokens, trainDescriptions, batch, using: &choices)
                    let logits = model.logits(inputs, length: layout.inputLength)
                    let loss = weightedSoftmaxCrossEntropy(logits: logits, labels: targets, weights: weights)
                    loss.backward()
                    optimizer.update()
                    total += try progress.step(loss) * Double(batch.count)
                }
                let test = shared.testBits(images: WordsAndPatches.measured)
                progress.epoch(epoch, ["train_bits_per_token": bits(fromNats: total / Double(train.count)),
                                       "test_image_bits": test.imageGivenCaption, "test_caption_bits": test.captionGivenImage,
                                       "test_image_alone_bits": test.imageAlone, "test_caption_alone_bits": test.captionAlone])
            }
        }
        return WordsAndPatchesTraining(words: shared, history: history)
    }
}

/// Chapters 5 and 6's model with the per-epoch numbers of its training.
public struct WordsAndPatchesTraining {
    public let words: WordsAndPatches
    public let history: TrainingHistory
}

private extension UInt32 {
    /// The four bytes of the value, lowest first: what a fingerprint of float bits reads.
    var bytes: [UInt8] { [UInt8(self & 0xff), UInt8(self >> 8 & 0xff), UInt8(self >> 16 & 0xff), UInt8(self >> 24)] }
}
