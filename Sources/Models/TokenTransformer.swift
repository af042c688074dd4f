import Foundation
import Learning

/// A decoder-only transformer over tokens, in the style of GPT: token and position embeddings, a
/// stack of pre-norm blocks with causal attention, and a layer that scores every possible next
/// token. Chapter 4's image prior and chapter 5's model of words and patches are both this model;
/// they differ only in their vocabularies and in what their sequences hold.
public struct TokenTransformer: Layer {
    /// One learned vector per input token, [inputTokens, width]: how the model reads a token.
    public let tokenEmbedding: Tensor
    /// One learned vector per position, [positions, width], added to the token's: attention alone does not know order.
    public let positionEmbedding: Tensor
    /// The pre-norm blocks, applied in order.
    public let blocks: [TransformerBlock]
    /// The layer norm after the last block, as in GPT-2.
    public let finalNorm: LayerNorm
    /// Width → one score per possible next token.
    public let output: Linear
    /// Attention heads per block.
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

    /// The longest sequence the model reads: one learned position vector each.
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

    /// The attention weights of block `block` for sequences of `length` tokens laid end to end in
    /// `inputs`, as weights[sequence][head][query][key]: how much position `query` draws on each
    /// position `key` (zero for keys after the query, which causal attention never sees).
    public func attentionWeights(_ inputs: [Int], length: Int, block: Int) -> [[[[Float]]]] {
        precondition(blocks.indices.contains(block) && inputs.count % length == 0, "attentionWeights: block \(block) of \(blocks.count), \(inputs.count) tokens in sequences of \(length)")
        var queriesKeysValues = Tensor(zeros: [0])
        _ = withoutGradients { logits(inputs, length: length) { index, qkv in if index == block { queriesKeysValues = qkv } } }
        let batch = inputs.count / length
        let flat = attentionProbabilities(queriesKeysValues, batch: batch, sequence: length, heads: heads)  // [batch·heads, query, key]
        return (0..<batch).map { sequence in
            (0..<heads).map { head in
                (0..<length).map { query in
                    let start = ((sequence * heads + head) * length + query) * length
                    return Array(flat[start..<start + length])
                }
            }
        }
    }

    /// An empty cache of keys and values for `batch` sequences of up to `positions` tokens.
    public func keyValueCache(batch: Int) -> KeyValueCache {
        KeyValueCache(blocks: blocks.count, batch: batch, capacity: positions, width: positionEmbedding.columns, heads: heads)
    }

    /// Appends `tokens` (one per sequence) at the next position of the sequences in `cache` and
    /// returns the next-token logits there, [batch, vocabulary]: the last row of what `logits`
    /// computes for the whole sequences so far, from one new row per sequence.
    public func nextLogits(_ tokens: [Int], cache: inout KeyValueCache) -> Tensor {
        precondition(cache.length < positions, "nextLogits: the model reads at most \(positions) positions")
        let positions = gatherRows(positionEmbedding, [Int](repeating: cache.length, count: tokens.count))
        var x = gatherRows(tokenEmbedding, tokens) + positions
        for (index, block) in blocks.enumerated() {
            x = block.next(x, cache: &cache, index: index)
        }
        cache.advance()
        return output(finalNorm(x))
    }

    /// Continues each of `prompts` by `steps` tokens, one at a time, each drawn only from `allowed`:
    /// sampled from the model's distribution, or the most likely one when `greedy`; with `guidance`,
    /// from the guided logits (see `Guidance`). A continuation that produces `stop` ends there (the
    /// stop token is not returned). Prompts of the same length run together, `batchSize` at a time,
    /// each batch with its own `KeyValueCache`. Records no gradients.
    public func continuations(
        of prompts: [[Int]], steps: Int, allowed: Set<Int>, stop: Int? = nil, greedy: Bool = false, guidance: Guidance? = nil,
        batchSize: Int = 100, using generator: inout SeededGenerator
    ) -> [[Int]] {
        inBatches(of: prompts, size: batchSize) { batch in
            continuations(ofBatch: batch, steps: steps, allowed: allowed, stop: stop, greedy: greedy, guidance: guidance, using: &generator)
        }
    }

    /// `write` applied to `prompts` grouped by length, `size` prompts at a time (shortest first, in
    /// order within a length), its results put back in the prompts' order. Records no gradients.
    func inBatches(of prompts: [[Int]], size: Int, _ write: ([[Int]]) -> [[Int]]) -> [[Int]] {
        var results = [[Int]](repeating: [], count: prompts.count)
        let byLength = Dictionary(grouping: prompts.indices, by: { prompts[$0].count })
        withoutGradients {
            for length in byLength.keys.sorted() {
                let group = byLength[length]!
                for start in stride(from: 0, to: group.count, by: size) {
                    let members = Array(group[start..<min(start + size, group.count)])
                    for (member, tokens) in zip(members, write(members.map { prompts[$0] })) { results[member] = tokens }
                }
            }
        }
        return results
    }

    /// `continuations` for one batch of prompts of one length: the prompts are read into the cache
    /// a position at a time, then every step feeds only the tokens just drawn.
    func continuations(ofBatch prompts: [[Int]], steps: Int, allowed: Set<Int>, stop: Int?, greedy: Bool, guidance: Guidance?,
                       using generator: inout SeededGenerator) -> [[Int]] {
        let length = prompts[0].count
        var conditional = keyValueCache(batch: prompts.count)
        var logits = Tensor(zeros: [0])
        for position in 0..<length { logits = nextLogits(prompts.map { $0[position] }, cache: &conditional) }
        let unconditionalPrompt = guidance?.needsUnconditional == true ? guidance?.unconditionalPrompt ?? [] : []
        var unconditional = keyValueCache(batch: unconditionalPrompt.isEmpty ? 0 : prompts.count)
        var unconditionalLogits = Tensor(zeros: [0])
        for token in unconditionalPrompt {
            unconditionalLogits = nextLogits([Int](repeating: token, count: prompts.count), cache: &unconditional)
        }
        let candidates = allowed.sorted()  // the allowed tokens in order, asked about once instead of every step
        var written = prompts.map { _ in [Int]() }
        var ended = [Int?](repeating: nil, count: prompts.count)  // where each stopped
        for step in 0..<steps where ended.contains(where: { $0 == nil }) {
            if step > 0 {
                // A finished continuation still fills its row of the batch; that token is never returned.
                let newest = written.map { $0[step - 1] }
                logits = nextLogits(newest, cache: &conditional)
                if !unconditionalPrompt.isEmpty { unconditionalLogits = nextLogits(newest, cache: &unconditional) }
            }
            for i in prompts.indices {
                guard ended[i] == nil else {
                    written[i].append(stop ?? 0)
                    continue
                }
                let conditionalRow = logits.row(i)
                // With s = 1 the conditional logits stand in for the unconditional ones: ℓ_c + 1·(ℓ_c − ℓ_c) is ℓ_c exactly.
                let unconditionalRow = unconditionalPrompt.isEmpty ? conditionalRow : unconditionalLogits.row(i)
                let next = guidance?.mix(conditional: conditionalRow, unconditional: unconditionalRow, candidates: candidates) ?? conditionalRow
                let token = greedy ? mostLikelyToken(fromLogits: next, candidates: candidates)
                    : sampleToken(fromLogits: next, candidates: candidates, using: &generator)
                if token == stop { ended[i] = written[i].count }
                written[i].append(token)
            }
        }
        return prompts.indices.map { Array(written[$0].prefix(ended[$0] ?? written[$0].count)) }
    }

    /// The same continuations computed as before the cache: every step runs the model over the
    /// whole sequence so far and reads the last position (about n²/2 positions of work for n tokens
    /// instead of n). Kept to prove the cache changes no token and to measure what it saves.
    public func continuationsWithoutCache(
        of prompts: [[Int]], steps: Int, allowed: Set<Int>, using generator: inout SeededGenerator
    ) -> [[Int]] {
        inBatches(of: prompts, size: 100) { batch in
            var written = batch.map { _ in [Int]() }
            for step in 0..<steps {
                let current = batch[0].count + step
                let logits = self.logits(batch.indices.flatMap { batch[$0] + written[$0] }, length: current)
                for i in batch.indices {
                    written[i].append(sampleToken(fromLogits: logits.row(i * current + current - 1), allowed: allowed, using: &generator))
                }
            }
            return written
        }
    }
}
