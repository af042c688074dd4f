import Learning

/// A small decoder-only transformer over image tokens: given the class and the tokens so far, it
/// predicts the next token, exactly as a language model predicts the next word.
///
/// A sequence is [class, t₁, …, t₄₈] and the targets are [t₁, …, t₄₉]: position i sees only
/// positions ≤ i (causal attention), so one forward pass trains all 49 predictions at once.
public struct PatchPrior: Layer {
    /// Token vectors: the codebook's tokens first, then one per class (the first input).
    public let tokenEmbedding: Tensor
    public let positionEmbedding: Tensor
    public let blocks: [TransformerBlock]
    public let finalNorm: LayerNorm
    public let output: Linear
    public let vocabulary: Int
    public let heads: Int
    public static let sequence = 49

    public init(vocabulary: Int, classes: Int, width: Int = 64, layers: Int = 2, heads: Int = 4, using generator: inout SeededGenerator) {
        tokenEmbedding = .randomUniform([vocabulary + classes, width], in: -0.1...0.1, requiresGradient: true, using: &generator)
        positionEmbedding = .randomUniform([PatchPrior.sequence, width], in: -0.1...0.1, requiresGradient: true, using: &generator)
        blocks = (0..<layers).map { _ in TransformerBlock(width: width, using: &generator) }
        finalNorm = LayerNorm(width)
        output = Linear(width, vocabulary, using: &generator)
        self.vocabulary = vocabulary
        self.heads = heads
    }

    /// The input sequence for one image: its class, then its first 48 tokens.
    public func inputs(label: Int, tokens: ArraySlice<Int>) -> [Int] {
        [vocabulary + label] + tokens.prefix(PatchPrior.sequence - 1)
    }

    /// Next-token logits at every position, [batch·length, vocabulary], for `inputs`: `length` tokens
    /// per sequence (49, or fewer while generating: causal attention makes the first n predictions
    /// independent of anything after them). `attention` receives each block's queries-keys-values.
    public func logits(_ inputs: [Int], length: Int = PatchPrior.sequence, attention: ((Int, Tensor) -> Void)? = nil) -> Tensor {
        let batch = inputs.count / length
        let positions = length == PatchPrior.sequence ? positionEmbedding : gatherRows(positionEmbedding, Array(0..<length))
        var x = gatherRows(tokenEmbedding, inputs) + positions
        for (index, block) in blocks.enumerated() {
            x = block(x, batch: batch, sequence: length, heads: heads) { qkv in attention?(index, qkv) }
        }
        return output(finalNorm(x))
    }

    /// Mean next-token cross-entropy (nats per token) of sequences `inputs` against `targets`.
    public func loss(_ inputs: [Int], targets: [Int]) -> Tensor {
        softmaxCrossEntropy(logits: logits(inputs), labels: targets)
    }

    /// Generates one image's 49 tokens per label in `labels`, one token at a time: each step runs
    /// the model on the tokens so far and draws the next from its predicted distribution. The image
    /// after n steps is simply the first n tokens of the result. Works through `labels` 100 at a
    /// time, so memory stays small however many images are asked for.
    public func sample(labels: [Int], using generator: inout SeededGenerator) -> [[Int]] {
        let together = 100
        return withoutGradients {
            stride(from: 0, to: labels.count, by: together).flatMap { start in
                sampleTogether(labels: Array(labels[start..<min(start + together, labels.count)]), using: &generator)
            }
        }
    }

    private func sampleTogether(labels: [Int], using generator: inout SeededGenerator) -> [[Int]] {
        var generated = labels.map { _ in [Int]() }
        for step in 0..<PatchPrior.sequence {
            // The next token depends only on the class and the tokens so far: run just those.
            let sequences = zip(labels, generated).flatMap { label, tokens in [vocabulary + label] + tokens }
            let logits = self.logits(sequences, length: step + 1)
            for row in labels.indices {
                generated[row].append(sampleToken(fromLogits: logits.row(row * (step + 1) + step), using: &generator))
            }
        }
        return generated
    }
}
