import Captions
import Foundation
import Learning
import Models

/// The page's random numbers (mulberry32, as `generatorOf` in Sources/PageScripts/sampling.js):
/// with them Swift writes, for a seed, the image the sentence writer writes in a browser, so the
/// chapter can check a seed before the page offers it.
public struct PageRandom {
    private var state: UInt32

    public init(seed: UInt32) { state = seed }

    /// The next uniform number in [0, 1), bit for bit the page's.
    public mutating func uniform() -> Double {
        state = state &+ 0x6d2b_79f5
        var t = state
        t = (t ^ (t >> 15)) &* (t | 1)
        t ^= t &+ ((t ^ (t >> 7)) &* (t | 61))
        return Double(t ^ (t >> 14)) / 4_294_967_296
    }
}

/// A caption and seed the chapter checked, with the tokens Swift wrote for them.
public struct CheckedOpening {
    public let caption: String
    public let seed: Int
    public let tokens: [Int]

    public init(caption: String, seed: Int, tokens: [Int]) {
        self.caption = caption
        self.seed = seed
        self.tokens = tokens
    }
}

/// The image tokens the sentence writer (sentence-writer.js) writes after `prompt` (caption
/// framed, ending in the image marker) for each of `seeds`, `steps` tokens among `imageCodes`,
/// guided towards `prompt` from `unconditionalPrompt` with `scale` and `plausibility`: the page's
/// random numbers and its way of drawing a token (`sample` in sampling.js), on the Swift model
/// through its KV cache.
public func pageWrittenImages(model: TokenTransformer, prompt: [Int], unconditionalPrompt: [Int], imageCodes: [Int], steps: Int,
                              seeds: [UInt32], scale: Float, plausibility: Float) -> [[Int]] {
    let guidance = Guidance(unconditionalPrompt: unconditionalPrompt, scale: scale, plausibility: plausibility)
    var generators = seeds.map(PageRandom.init)
    return withoutGradients {
        var conditional = model.keyValueCache(batch: seeds.count)
        var conditionalLogits = Tensor(zeros: [0])
        for token in prompt { conditionalLogits = model.nextLogits([Int](repeating: token, count: seeds.count), cache: &conditional) }
        var unconditional = model.keyValueCache(batch: seeds.count)
        var unconditionalLogits = conditionalLogits
        if guidance.needsUnconditional {
            for token in unconditionalPrompt {
                unconditionalLogits = model.nextLogits([Int](repeating: token, count: seeds.count), cache: &unconditional)
            }
        }
        var written = seeds.map { _ in [Int]() }
        for step in 0..<steps {
            if step > 0 {
                let newest = written.map { $0[step - 1] }
                conditionalLogits = model.nextLogits(newest, cache: &conditional)
                if guidance.needsUnconditional { unconditionalLogits = model.nextLogits(newest, cache: &unconditional) }
            }
            for index in seeds.indices {
                let row = conditionalLogits.row(index)
                let plain = guidance.needsUnconditional ? unconditionalLogits.row(index) : row
                let mixed = guidance.mix(conditional: row, unconditional: plain, candidates: imageCodes)
                written[index].append(pageSample(mixed, candidates: imageCodes, uniform: generators[index].uniform()))
            }
        }
        return written
    }
}

/// One token of `candidates` drawn from softmax(`logits`) over them as the page draws it: the
/// weights in double precision, `uniform` times their sum walked down in order.
func pageSample(_ logits: [Float], candidates: [Int], uniform: Double) -> Int {
    let largest = candidates.map { Double(logits[$0]) }.max() ?? 0
    let weights = candidates.map { Foundation.exp(Double(logits[$0]) - largest) }
    var pick = uniform * weights.reduce(0, +)
    for (candidate, weight) in zip(candidates, weights) {
        pick -= weight
        if pick < 0 { return candidate }
    }
    return candidates.last ?? 0
}

extension WordsAndPatches {
    /// The tokens the sentence writer writes after the caption tokens `caption` for each of `seeds`.
    public func pageImages(caption: [Int], seeds: [UInt32], scale: Float, plausibility: Float) -> [[Int]] {
        let prompt = [vocabulary.token(.beginCaption)] + caption + [vocabulary.token(.endCaption), vocabulary.token(.beginImage)]
        return pageWrittenImages(model: model, prompt: prompt, unconditionalPrompt: [vocabulary.token(.beginImage)],
                                 imageCodes: Array(vocabulary.imageTokens), steps: vqvae.tokensPerImage, seeds: seeds,
                                 scale: scale, plausibility: plausibility)
    }

    /// The first caption and seed (of `captions` in order, seeds 1…`seeds`) whose image, written as
    /// the page writes it, chapter 1's classifier reads as the asked-for class and the pixels measure
    /// at the asked-for weight and slant: what the sentence writer opens on, so a reader's first
    /// image is a right one. Nil only if no seed of any caption drew right.
    public func checkedOpening(scale: Float, plausibility: Float, classifier: DigitClassifier, captions: [Description],
                               seeds: Int = 12) -> CheckedOpening? {
        for asked in captions {
            let words = captioner.words(for: asked, template: 0)
            let images = pageImages(caption: captionTokens(asked, template: 0), seeds: (1...seeds).map { UInt32($0) },
                                    scale: scale, plausibility: plausibility)
            let decoded = vqvae.decode(tokens: images.flatMap { $0 })
            let classes = classifier.probabilities(decoded).map(predictedClass)
            for (index, pixels) in rows(of: decoded).enumerated() where classes[index] == asked.label {
                if self.scale.describe(pixels, side: VQVAE.imageSide, label: asked.label) == asked {
                    return CheckedOpening(caption: captionText(words), seed: index + 1, tokens: images[index])
                }
            }
        }
        return nil
    }
}
