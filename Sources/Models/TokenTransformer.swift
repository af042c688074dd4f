import Foundation
import Learning

/// A decoder-only transformer over tokens, in the style of GPT: token and position embeddings, a
/// stack of pre-norm blocks with causal attention, and a layer that scores every possible next
/// token. Chapter 4's image prior and chapter 5's model of words and patches are both this model;
/// they differ only in their vocabularies and in what their sequences hold.
public struct TokenTransformer: Layer {
    public let tokenEmbedding: Tensor
    public let positionEmbedding: Tensor
    public let blocks: [TransformerBlock]
    public let finalNorm: LayerNorm
    public let output: Linear
    public let heads: Int

    /// A model for sequences of up to `positions` tokens, reading tokens 0..<`inputTokens` and
    /// predicting tokens 0..<`outputTokens` (chapter 4 reads class tokens it never predicts).
    public init(inputTokens: Int, outputTokens: Int, positions: Int, width: Int = 64, layers: Int = 2, heads: Int = 4,
                using generator: inout SeededGenerator) {
        tokenEmbedding = .randomUniform([inputTokens, width], in: -0.1...0.1, requiresGradient: true, using: &generator)
        positionEmbedding = .randomUniform([positions, width], in: -0.1...0.1, requiresGradient: true, using: &generator)
        blocks = (0..<layers).map { _ in TransformerBlock(width: width, using: &generator) }
        finalNorm = LayerNorm(width)
        output = Linear(width, outputTokens, using: &generator)
        self.heads = heads
    }

    /// A model that reads and writes the same `tokens` (chapter 5: words and image codes alike).
    public init(tokens: Int, positions: Int, width: Int = 64, layers: Int = 2, heads: Int = 4, using generator: inout SeededGenerator) {
        self.init(inputTokens: tokens, outputTokens: tokens, positions: positions, width: width, layers: layers, heads: heads, using: &generator)
    }

    public var positions: Int { positionEmbedding.rows }
    /// How many tokens the model scores as the next one.
    public var vocabulary: Int { output.outputs }

    /// Next-token logits at every position, [batch·length, vocabulary], for sequences of `length`
    /// tokens laid end to end in `inputs`: the full length, or fewer while generating (causal
    /// attention makes the first n predictions independent of anything after them).
    /// `showQueriesKeysValues` receives each block's index and queries-keys-values.
    public func logits(_ inputs: [Int], length: Int, showQueriesKeysValues: ((Int, Tensor) -> Void)? = nil) -> Tensor {
        let batch = inputs.count / length
        let positions = length == self.positions ? positionEmbedding : gatherRows(positionEmbedding, Array(0..<length))
        var x = gatherRows(tokenEmbedding, inputs) + positions
        for (index, block) in blocks.enumerated() {
            x = block(x, batch: batch, sequence: length, heads: heads,
                      showQueriesKeysValues: showQueriesKeysValues.map { show in { show(index, $0) } })
        }
        return output(finalNorm(x))
    }

    /// Mean next-token cross-entropy (nats per token) of `inputs` against `targets`; targets of −1
    /// (padding) are skipped.
    public func loss(_ inputs: [Int], targets: [Int], length: Int) -> Tensor {
        softmaxCrossEntropy(logits: logits(inputs, length: length), labels: targets)
    }

    /// The cross-entropy (nats) of each target of `inputs`, in order; ignored targets (−1) give nil.
    /// Records no gradients: for reporting the loss of words and of image codes separately.
    public func crossEntropies(_ inputs: [Int], targets: [Int], length: Int) -> [Double?] {
        let logits = withoutGradients { self.logits(inputs, length: length) }
        return targets.enumerated().map { row, target in
            guard target >= 0 else { return nil }
            let values = logits.row(row)
            let largest = Double(values.max()!)
            let partition = values.reduce(0.0) { $0 + Foundation.exp(Double($1) - largest) }
            return Foundation.log(partition) + largest - Double(values[target])
        }
    }

    /// Continues each of `prompts` by `steps` tokens, one at a time, each drawn only from `allowed`:
    /// sampled from the model's distribution, or the most likely one when `greedy`. A continuation
    /// that produces `stop` ends there (the stop token is not returned). Prompts of the same length
    /// run together, 100 at a time, on the tokens so far only (causal attention makes the rest
    /// irrelevant). Records no gradients.
    public func continuations(
        of prompts: [[Int]], steps: Int, allowed: Set<Int>, stop: Int? = nil, greedy: Bool = false,
        using generator: inout SeededGenerator
    ) -> [[Int]] {
        var results = [[Int]](repeating: [], count: prompts.count)
        let byLength = Dictionary(grouping: prompts.indices, by: { prompts[$0].count })
        withoutGradients {
            for length in byLength.keys.sorted() {
                let group = byLength[length]!
                for start in stride(from: 0, to: group.count, by: 100) {
                    let members = Array(group[start..<min(start + 100, group.count)])
                    var written = members.map { _ in [Int]() }
                    var ended = [Int?](repeating: nil, count: members.count)  // where each stopped
                    for step in 0..<steps where ended.contains(where: { $0 == nil }) {
                        let current = length + step
                        let logits = self.logits(members.indices.flatMap { prompts[members[$0]] + written[$0] }, length: current)
                        for i in members.indices {
                            // A finished continuation still fills its row of the batch; that token is never returned.
                            guard ended[i] == nil else {
                                written[i].append(stop ?? 0)
                                continue
                            }
                            let next = logits.row(i * current + current - 1)
                            let token = greedy ? mostLikelyToken(fromLogits: next, allowed: allowed)
                                : sampleToken(fromLogits: next, allowed: allowed, using: &generator)
                            if token == stop { ended[i] = written[i].count }
                            written[i].append(token)
                        }
                    }
                    for i in members.indices { results[members[i]] = Array(written[i].prefix(ended[i] ?? written[i].count)) }
                }
            }
        }
        return results
    }
}
