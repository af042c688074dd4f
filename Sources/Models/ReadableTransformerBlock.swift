import Learning

/// `TransformerBlock` written as the formula reads, `x + attention(layerNorm(x))` then
/// `x + mlp(layerNorm(x))`, with the same weights. Training computes each half as one operation of
/// the engine; ReadableTransformerBlockTests check that both give the same outputs and gradients.
extension TransformerBlock {
    /// The block over `batch` sequences of `sequence` positions ([batch·sequence, width]).
    public func readable(_ x: Tensor, batch: Int, sequence: Int, heads: Int) -> Tensor {
        let x = x + attention(attentionNorm(x), batch: batch, sequence: sequence, heads: heads)
        return x + mlp(mlpNorm(x))
    }

    /// Causal self-attention: each position's query is compared with the keys of itself and the
    /// positions before it; the softmax of those scores weights their values, head by head; a last
    /// layer mixes the heads.
    public func attention(_ x: Tensor, batch: Int, sequence: Int, heads: Int) -> Tensor {
        attentionOutput(causalSelfAttention(queriesKeysValues(x), batch: batch, sequence: sequence, heads: heads))
    }

    /// The MLP: widen each position four times, GELU, and narrow back.
    public func mlp(_ x: Tensor) -> Tensor {
        contract(gelu(expand(x)))
    }
}
