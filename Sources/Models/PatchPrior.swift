import Datasets
import Learning

/// Chapter 4's image prior: a `TokenTransformer` that reads a class token and an image's tokens and
/// predicts the image's next token, exactly as a language model predicts the next word.
///
/// A sequence is [class, t₁, …, t₄₈] and the targets are [t₁, …, t₄₉]: position i sees only
/// positions ≤ i (causal attention), so one forward pass trains all 49 predictions at once. The
/// class tokens come after the codebook's in the embedding table and are never predicted.
public struct PatchPrior: Layer {
    /// The model itself; the prior only says what its sequences hold.
    public let transformer: TokenTransformer
    /// How many image tokens there are (the codebook's size).
    public let vocabulary: Int
    /// How many tokens make one image (the VQ-VAE's 7×7 grid of patches): what the prior writes per image.
    public static let tokensPerImage = VQVAE.gridSide * VQVAE.gridSide
    /// Positions in one sequence: the class token, then all but the last of the image's tokens.
    public static let sequenceLength = tokensPerImage

    /// A prior over images of `vocabulary` tokens and `classes` classes, its weights drawn from `generator`.
    public init(vocabulary: Int, classes: Int, width: Int = 64, layers: Int = 2, heads: Int = 4, using generator: inout SeededGenerator) {
        transformer = TokenTransformer(inputTokens: vocabulary + classes, outputTokens: vocabulary, positions: PatchPrior.sequenceLength,
                                       width: width, layers: layers, heads: heads, using: &generator)
        self.vocabulary = vocabulary
    }

    /// The transformer's blocks (the page's attention figures read them).
    public var blocks: [TransformerBlock] { transformer.blocks }
    /// Attention heads per block.
    public var heads: Int { transformer.heads }

    /// The input sequence for one image: its class, then its first 48 tokens.
    public func inputs(label: Int, tokens: ArraySlice<Int>) -> [Int] {
        [vocabulary + label] + tokens.prefix(PatchPrior.sequenceLength - 1)
    }

    /// The inputs and targets of the images at `indices`, sequence after sequence, where `tokens`
    /// holds every image's 49 tokens one image after another (as `VQVAE.tokens(of:)` returns them).
    public func sequences(of images: LabelledImages, tokens: [Int], at indices: some Sequence<Int>) -> (inputs: [Int], targets: [Int]) {
        var inputs: [Int] = [], targets: [Int] = []
        for index in indices {
            let imageTokens = tokens[index * PatchPrior.tokensPerImage..<(index + 1) * PatchPrior.tokensPerImage]
            inputs += self.inputs(label: Int(images.labels[index]), tokens: imageTokens)
            targets += imageTokens
        }
        return (inputs, targets)
    }

    /// Next-token logits at every position, [batch·length, vocabulary]; see `TokenTransformer.logits`.
    public func logits(_ inputs: [Int], length: Int = PatchPrior.sequenceLength,
                       showQueriesKeysValues: ((Int, Tensor) -> Void)? = nil) -> Tensor {
        transformer.logits(inputs, length: length, showQueriesKeysValues: showQueriesKeysValues)
    }

    /// Mean next-token cross-entropy (nats per token) of sequences `inputs` against `targets`.
    public func loss(_ inputs: [Int], targets: [Int]) -> Tensor {
        softmaxCrossEntropy(logits: logits(inputs), labels: targets)
    }

    /// Generates one image's 49 tokens per label in `labels`, one token at a time: each step runs
    /// the model on the class and the tokens so far and draws the next from its predicted
    /// distribution. The image after n steps is simply the first n tokens of the result.
    public func sample(labels: [Int], using generator: inout SeededGenerator) -> [[Int]] {
        transformer.continuations(of: labels.map { [vocabulary + $0] }, steps: PatchPrior.tokensPerImage, allowed: Set(0..<vocabulary), using: &generator)
    }
}
