import Foundation
import Learning

/// One pre-norm transformer block, as in GPT-2: x + attention(norm(x)), then + MLP(norm(·)).
/// Chapter 4's image prior and chapter 5's words-and-patches model are stacks of these.
public struct TransformerBlock: Layer {
    /// Normalises the input of the attention half.
    public let attentionNorm: LayerNorm
    /// Width → queries, keys and values side by side (3 × width), one product for all three.
    public let queriesKeysValues: Linear
    /// Attention's output, width → width, before it is added back to x.
    public let attentionOutput: Linear
    /// Normalises the input of the MLP half.
    public let mlpNorm: LayerNorm
    /// The MLP's first layer, width → 4 × width.
    public let expand: Linear
    /// The MLP's second layer, 4 × width → width, before it is added back.
    public let contract: Linear

    /// A block of `width` with an MLP four times as wide, initialised in the order the layers run.
    public init(width: Int, using generator: inout SeededGenerator) {
        attentionNorm = LayerNorm(width)
        queriesKeysValues = Linear(width, 3 * width, using: &generator)
        attentionOutput = Linear(width, width, using: &generator)
        mlpNorm = LayerNorm(width)
        expand = Linear(width, 4 * width, using: &generator)
        contract = Linear(4 * width, width, using: &generator)
    }

    /// The block applied to `batch` sequences of `sequence` positions ([batch·sequence, width]) with
    /// `heads` heads of causal attention; `showQueriesKeysValues` receives the queries-keys-values.
    ///
    /// Each half is one op of the engine (`residualAttention`, `residualMLP`) that computes what its
    /// comment says, the same formulas as calling the layers one by one, in one pass over the rows
    /// that keeps them in the core's cache: a fifth less time per training step.
    public func callAsFunction(_ x: Tensor, batch: Int, sequence: Int, heads: Int,
                               showQueriesKeysValues: ((Tensor) -> Void)? = nil) -> Tensor {
        // x + attentionOutput(causalSelfAttention(queriesKeysValues(attentionNorm(x))))
        let attended = residualAttention(x, norm: attentionNorm, queriesKeysValues: queriesKeysValues, output: attentionOutput,
                                         batch: batch, sequence: sequence, heads: heads, showQueriesKeysValues: showQueriesKeysValues)
        // attended + contract(gelu(expand(mlpNorm(attended))))
        return residualMLP(attended, norm: mlpNorm, expand: expand, contract: contract)
    }

    /// The block at the newest position only, [batch, width], with the keys and values of the
    /// positions before it read from `cache` (where this block, number `index`, stores its own).
    /// The same formulas as `callAsFunction`, written op by op: generation computes one row per
    /// sequence, too few for the fused attention half to pay.
    public func next(_ x: Tensor, cache: inout KeyValueCache, index: Int) -> Tensor {
        let queriesKeysValues = self.queriesKeysValues(attentionNorm(x))
        let attention = cache.attend(block: index, queriesKeysValues: queriesKeysValues.scalars)
        let attended = x + attentionOutput(Tensor(shape: x.shape, scalars: attention))
        return residualMLP(attended, norm: mlpNorm, expand: expand, contract: contract)
    }
}

/// Draws one token from the distribution softmax(`logits`), using one uniform number from
/// `generator`; tokens outside `allowed` (when given) are never drawn.
public func sampleToken(fromLogits logits: [Float], allowed: Set<Int>? = nil, using generator: inout SeededGenerator) -> Int {
    sampleToken(fromLogits: logits, candidates: logits.indices.filter { allowed?.contains($0) ?? true }, using: &generator)
}

/// `sampleToken` among `candidates`, the allowed tokens in increasing order (what generation
/// computes once per batch instead of asking a set about every token at every step).
public func sampleToken(fromLogits logits: [Float], candidates: [Int], using generator: inout SeededGenerator) -> Int {
    let largest = candidates.reduce(-Float.infinity) { max($0, logits[$1]) }
    let weights = candidates.map { Foundation.exp(Double(logits[$0] - largest)) }
    var pick = Double(generator.uniform()) * weights.reduce(0, +)
    for (candidate, weight) in zip(candidates, weights) {
        pick -= weight
        if pick < 0 { return candidate }
    }
    return candidates.last!
}

/// The most likely token among `allowed` (all tokens when nil).
public func mostLikelyToken(fromLogits logits: [Float], allowed: Set<Int>? = nil) -> Int {
    mostLikelyToken(fromLogits: logits, candidates: logits.indices.filter { allowed?.contains($0) ?? true })
}

/// The most likely token among `candidates` (increasing token numbers; the first of equals).
public func mostLikelyToken(fromLogits logits: [Float], candidates: [Int]) -> Int {
    candidates.max { logits[$0] < logits[$1] }!
}
