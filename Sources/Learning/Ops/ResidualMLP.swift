import CKernels

/// A pre-norm transformer block's second half as one op:
/// y = x + GELU(layerNorm(x)·W₁ + b₁)·W₂ + b₂, for x of [rows, width].
///
/// It computes exactly `x + contract(gelu(expand(norm(x))))` (the same formulas as `layerNorm`,
/// `affine` and `gelu`, up to rounding), but in one pass over tiles of rows that stay in the
/// core's cache, instead of five ops that each write a matrix to memory and read it back
/// (CKernels/residual_mlp.c says why that is most of the time left besides the products).
///
/// Backward, with h = layerNorm(x) and a = h·W₁ + b₁: ∂b₂ = Σ ∂y, ∂W₂ = GELU(a)ᵀ∂y,
/// ∂a = ∂y W₂ᵀ ⊙ GELU′(a), ∂b₁ = Σ ∂a, ∂W₁ = hᵀ∂a, ∂h = ∂a W₁ᵀ, and ∂x = ∂y + layer norm's
/// backward step applied to ∂h (see `layerNorm`).
public func residualMLP(_ x: Tensor, norm: LayerNorm, expand: Linear, contract: Linear, epsilon: Float = 1e-5) -> Tensor {
    let rows = x.rows, width = x.columns, hidden = expand.outputs
    precondition(norm.gain.count == width && expand.inputs == width && contract.inputs == hidden && contract.outputs == width,
                 "residualMLP: x \(x.shape), expand \(expand.weight.shape), contract \(contract.weight.shape)")
    let normalized = BufferPool.shared.take(x.count)             // x̂ and
    let inverseDeviations = BufferPool.shared.take(rows)          // 1/σ of each row, and
    let preActivations = BufferPool.shared.take(rows * hidden)    // a: kept for the backward pass
    let parameters = [norm.gain, norm.bias, expand.weight, expand.bias, contract.weight, contract.bias]
    let y = Tensor(uninitializedShape: x.shape, inputs: [x] + parameters) { y in
        func gradient(_ tensor: Tensor) -> UnsafeMutablePointer<Float>? { tensor.requiresGradient ? tensor.gradientBuffer() : nil }
        let status = latent_residual_mlp_backward(normalized, inverseDeviations, preActivations, y.gradientBuffer(), norm.gain.data, norm.bias.data,
                                     expand.weight.data, contract.weight.data, rows, width, hidden, gradient(x),
                                     gradient(norm.gain), gradient(norm.bias), gradient(expand.weight), gradient(expand.bias),
                                     gradient(contract.weight), gradient(contract.bias))
        requireKernel(status, "residualMLP (backward)")
    }
    let status = latent_residual_mlp(x.data, norm.gain.data, norm.bias.data, expand.weight.data, expand.bias.data, contract.weight.data,
                        contract.bias.data, rows, width, hidden, epsilon, normalized, inverseDeviations, preActivations, y.data)
    requireKernel(status, "residualMLP")
    y.keepForBackward(normalized, count: x.count)
    y.keepForBackward(inverseDeviations, count: rows)
    y.keepForBackward(preActivations, count: rows * hidden)
    return y
}
