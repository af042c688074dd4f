import Captions
import Learning
import Models

/// Every caption chapters 5 and 6 draw from: each class with each weight and slant, in the first
/// phrasing, `perPrompt` images each. Both chapters ask for the same images so their numbers meet.
public struct PromptSet {
    /// The descriptions asked for, one per prompt (class-major, then weight, then slant).
    public let descriptions: [Description]
    /// How many images each prompt draws.
    public let perPrompt: Int
    /// What each image was asked to show, `perPrompt` in a row per prompt.
    public let askedFor: [Description]
    /// The token prompt of each image: caption, then the image marker.
    public let prompts: [[Int]]

    public init(_ words: WordsAndPatches, perPrompt: Int = 20) {
        let classes = words.captioner.classPhrases.indices
        descriptions = classes.flatMap { label in
            (0..<3).flatMap { weight in (0..<3).map { slant in Description(label: label, levels: [.weight: weight, .slant: slant]) } }
        }
        self.perPrompt = perPrompt
        askedFor = descriptions.flatMap { [Description](repeating: $0, count: perPrompt) }
        prompts = askedFor.map { words.layout.imagePrompt(caption: words.captionTokens($0, template: 0)) }
    }

    /// The images of prompt `index` within `askedFor`.
    public func group(_ index: Int) -> Range<Int> { index * perPrompt..<(index + 1) * perPrompt }
}

/// Every prompt of a `PromptSet` drawn at one guidance setting, and how the drawings are judged.
public struct GuidedDrawing: Codable {
    public let scale: Float
    public let plausibility: Float
    public let tokens: PackedTokens
    /// Percent of images whose class the classifier reads as asked.
    public let classAgreement: Double
    /// Percent of images whose measured weight is the one asked for.
    public let weightAgreement: Double
    /// Percent of images whose measured slant is the one asked for.
    public let slantAgreement: Double
    /// How many different token sequences a prompt's images are, on average (at most `perPrompt`).
    public let distinctSequences: Double
    /// The pixels' standard deviation among a prompt's images, averaged over pixels and prompts.
    public let pixelSpread: Double

    /// The agreement for `attribute`.
    public func agreement(_ attribute: Attribute) -> Double {
        switch attribute {
        case .weight: return weightAgreement
        case .slant: return slantAgreement
        }
    }
}

extension WordsAndPatches {
    /// Draws every prompt of `set` with guidance scale `s` and plausibility bound `α` through the KV
    /// cache, decodes the tokens and judges them: the classifier reads the class, the pixel measures
    /// the weight and slant, against what each prompt asked for. `sampling` gives the random numbers.
    public func drawn(_ set: PromptSet, guidedBy s: Float, plausibility α: Float, classifier: DigitClassifier,
                      using sampling: inout SeededGenerator) -> GuidedDrawing {
        let guidance = Guidance(unconditionalPrompt: [vocabulary.token(.beginImage)], scale: s, plausibility: α)
        let tokens = model.continuations(of: set.prompts, steps: vqvae.tokensPerImage, allowed: Set(vocabulary.imageTokens),
                                         guidance: guidance, batchSize: 300, using: &sampling)
        let decoded = vqvae.decode(tokens: tokens.flatMap { $0 })
        let images = rows(of: decoded)
        let recognised = classifier.probabilities(decoded).map(predictedClass)
        let measured = zip(images, set.askedFor).map { image, asked in scale.describe(image, side: VQVAE.imageSide, label: asked.label) }
        let asked = set.askedFor
        func share(_ holds: (Int) -> Bool) -> Double { 100 * Double(asked.indices.filter(holds).count) / Double(asked.count) }
        let groups = set.descriptions.indices.map(set.group)
        let distinct = groups.map { Double(Set(tokens[$0]).count) }
        let spread = groups.map { group in pixelStandardDeviation(Array(images[group])) }
        return GuidedDrawing(scale: s, plausibility: α, tokens: PackedTokens(tokens),
                             classAgreement: share { recognised[$0] == asked[$0].label },
                             weightAgreement: share { measured[$0].levels[.weight] == asked[$0].levels[.weight] },
                             slantAgreement: share { measured[$0].levels[.slant] == asked[$0].levels[.slant] },
                             distinctSequences: distinct.reduce(0, +) / Double(distinct.count),
                             pixelSpread: spread.reduce(0, +) / Double(spread.count))
    }
}

/// The standard deviation of each pixel among `images`, averaged over the pixels.
public func pixelStandardDeviation(_ images: [[Float]]) -> Double {
    guard let first = images.first else { return 0 }
    let count = Double(images.count)
    var total = 0.0
    for pixel in first.indices {
        let values = images.map { Double($0[pixel]) }
        let mean = values.reduce(0, +) / count
        total += (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / count).squareRoot()
    }
    return total / Double(first.count)
}
