import CKernels

/// A pre-norm transformer block's first half as one op:
/// y = x + causalSelfAttention(layerNorm(x)·Wqkv + bqkv)·Wout + bout, for `batch` sequences of
/// `sequence` positions ([batch·sequence, width]).
///
/// It computes exactly `x + output(causalSelfAttention(queriesKeysValues(norm(x))))` (the same
/// formulas as those ops, up to rounding), in one pass over tiles of whole sequences that stay in
/// the core's cache (CKernels/residual_attention.c). `showQueriesKeysValues`, when given, receives
/// the queries-keys-values as a tensor, for drawing attention.
///
/// Backward, with h = layerNorm(x), qkv = h·Wqkv + bqkv and O the attention output:
/// ∂bout = Σ ∂y, ∂Wout = Oᵀ∂y, ∂O = ∂y Woutᵀ, ∂qkv from ∂O as in `causalSelfAttention`,
/// ∂bqkv = Σ ∂qkv, ∂Wqkv = hᵀ∂qkv, ∂h = ∂qkv Wqkvᵀ, and ∂x = ∂y + layer norm's step applied to ∂h.
public func residualAttention(
    _ x: Tensor, norm: LayerNorm, queriesKeysValues: Linear, output: Linear, batch: Int, sequence: Int, heads: Int,
    epsilon: Float = 1e-5, showQueriesKeysValues: ((Tensor) -> Void)? = nil
) -> Tensor {
    let rows = x.rows, width = x.columns
    precondition(rows == batch * sequence && width % heads == 0 && norm.gain.count == width && queriesKeysValues.inputs == width
                 && queriesKeysValues.outputs == 3 * width && output.inputs == width && output.outputs == width,
                 "residualAttention: x \(x.shape), \(batch) sequences of \(sequence), \(heads) heads")
    let normalized = BufferPool.shared.take(x.count)                                // x̂,
    let inverseDeviations = BufferPool.shared.take(rows)                             // 1/σ of each row,
    let qkv = BufferPool.shared.take(3 * x.count)                                    // queries-keys-values,
    let probabilities = BufferPool.shared.take(batch * heads * sequence * sequence)  // P and
    let attended = BufferPool.shared.take(x.count)                                   // O: kept for the backward pass
    let parameters = [norm.gain, norm.bias, queriesKeysValues.weight, queriesKeysValues.bias, output.weight, output.bias]
    let y = Tensor(uninitializedShape: x.shape, inputs: [x] + parameters) { y in
        func gradient(_ tensor: Tensor) -> UnsafeMutablePointer<Float>? { tensor.requiresGradient ? tensor.gradientBuffer() : nil }
        let status = latent_residual_attention_backward(
            normalized, inverseDeviations, qkv, probabilities, attended, y.gradientBuffer(), norm.gain.data, norm.bias.data,
            queriesKeysValues.weight.data, output.weight.data, batch, sequence, heads, width, gradient(x), gradient(norm.gain),
            gradient(norm.bias), gradient(queriesKeysValues.weight), gradient(queriesKeysValues.bias), gradient(output.weight),
            gradient(output.bias))
        requireKernel(status, "residualAttention (backward)")
    }
    let status = latent_residual_attention(x.data, norm.gain.data, norm.bias.data, queriesKeysValues.weight.data, queriesKeysValues.bias.data,
                              output.weight.data, output.bias.data, batch, sequence, heads, width, epsilon, normalized,
                              inverseDeviations, qkv, probabilities, attended, y.data)
    requireKernel(status, "residualAttention")
    if let showQueriesKeysValues {
        showQueriesKeysValues(Tensor(shape: [rows, 3 * width], scalars: Array(UnsafeBufferPointer(start: qkv, count: 3 * x.count))))
    }
    y.keepForBackward(normalized, count: x.count)
    y.keepForBackward(inverseDeviations, count: rows)
    y.keepForBackward(qkv, count: 3 * x.count)
    y.keepForBackward(probabilities, count: batch * heads * sequence * sequence)
    y.keepForBackward(attended, count: x.count)
    return y
}
