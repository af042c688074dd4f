import CKernels

// The two ops a transformer adds to the engine: layer normalisation and causal self-attention.
// Their loops are in C (CKernels/layer_norm.c, causal_attention.c), where reductions run in vector registers; the
// formulas are here, next to each op.

/// Normalises each row of `x` ([M, d]) to mean 0 and variance 1, then scales by `gain` and shifts
/// by `bias` (both [d]): y = (x − μ)/√(σ² + ε) · g + b.
///
/// Backward, with x̂ the normalised row and ĝ = ∂L/∂y ⊙ g:
/// ∂L/∂x = (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)) / √(σ² + ε).
public func layerNorm(_ x: Tensor, gain: Tensor, bias: Tensor, epsilon: Float = 1e-5) -> Tensor {
    let rows = x.rows, width = x.columns
    precondition(gain.count == width && bias.count == width, "layerNorm: gain/bias must have \(width) values")
    let normalized = BufferPool.shared.take(x.count)  // x̂, kept for the backward pass
    let inverseDeviations = BufferPool.shared.take(rows)  // 1/√(σ² + ε) of each row, likewise
    let y = Tensor(uninitializedShape: x.shape, inputs: [x, gain, bias]) { y in
        let status = latent_layer_norm_backward(y.gradientBuffer(), normalized, inverseDeviations, gain.data, rows, width,
                                                x.requiresGradient ? x.gradientBuffer() : nil,
                                                gain.requiresGradient ? gain.gradientBuffer() : nil,
                                                bias.requiresGradient ? bias.gradientBuffer() : nil)
        requireKernel(status, "layerNorm (backward)")
    }
    latent_layer_norm(x.data, gain.data, bias.data, rows, width, epsilon, normalized, inverseDeviations, y.data)
    y.keepForBackward(normalized, count: x.count)
    y.keepForBackward(inverseDeviations, count: rows)
    return y
}

/// Causal multi-head self-attention over `batch` sequences of `sequence` positions.
///
/// `qkv` is [batch·sequence, 3d]: queries, keys and values side by side. For each sequence and each
/// of `heads` heads (width d/heads), position i attends to positions j ≤ i:
/// P = softmax(Q Kᵀ/√dₕ with j > i masked), output = P V, heads side by side in a [batch·sequence, d].
/// Backward: ∂V = Pᵀ ∂O, ∂P = ∂O Vᵀ, ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)), ∂Q = ∂S K/√dₕ, ∂K = ∂Sᵀ Q/√dₕ.
public func causalSelfAttention(_ qkv: Tensor, batch: Int, sequence: Int, heads: Int) -> Tensor {
    let width = qkv.columns / 3, headWidth = width / heads
    precondition(qkv.rows == batch * sequence && width * 3 == qkv.columns && headWidth * heads == width, "causalSelfAttention: bad shape \(qkv.shape)")
    let probabilities = BufferPool.shared.take(batch * heads * sequence * sequence)  // P, kept for the backward pass
    let y = Tensor(uninitializedShape: [batch * sequence, width], inputs: [qkv]) { y in
        let upstream = y.gradientBuffer()
        qkv.addToGradient { gradient in
            let status = latent_causal_attention_backward(qkv.data, probabilities, upstream, batch, sequence, heads, width, gradient)
            requireKernel(status, "causalSelfAttention (backward)")
        }
    }
    let status = latent_causal_attention(qkv.data, batch, sequence, heads, width, probabilities, y.data)
    requireKernel(status, "causalSelfAttention")
    y.keepForBackward(probabilities, count: batch * heads * sequence * sequence)
    return y
}

/// The attention weights P ([batch·heads, sequence, sequence], row i over positions j ≤ i) that
/// `causalSelfAttention` uses, for drawing as heat maps.
public func attentionProbabilities(_ qkv: Tensor, batch: Int, sequence: Int, heads: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: batch * heads * sequence * sequence) { buffer, count in
        attentionProbabilities(qkv, batch: batch, sequence: sequence, heads: heads, into: buffer.baseAddress!)
        count = buffer.count
    }
}

/// The same weights, written into `output`.
func attentionProbabilities(_ qkv: Tensor, batch: Int, sequence: Int, heads: Int, into output: UnsafeMutablePointer<Float>) {
    let status = latent_causal_attention(qkv.data, batch, sequence, heads, qkv.columns / 3, output, nil)
    requireKernel(status, "attentionProbabilities")
}
