import Foundation

// The two ops a transformer adds to the engine: layer normalisation and causal self-attention.

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
        let upstream = y.gradientBuffer()
        gain.addToGradient { gradient in
            for row in 0..<rows { for j in 0..<width { gradient[j] += upstream[row * width + j] * normalized[row * width + j] } }
        }
        bias.addToGradient { gradient in
            for row in 0..<rows { for j in 0..<width { gradient[j] += upstream[row * width + j] } }
        }
        x.addToGradient { gradient in
            ComputeThreads.forEachPart(of: rows) { part in  // rows are independent
                for row in part {
                    var meanScaled: Float = 0, meanProjected: Float = 0
                    for j in 0..<width {
                        let scaled = upstream[row * width + j] * gain.data[j]
                        meanScaled += scaled
                        meanProjected += scaled * normalized[row * width + j]
                    }
                    meanScaled /= Float(width)
                    meanProjected /= Float(width)
                    for j in 0..<width {
                        let scaled = upstream[row * width + j] * gain.data[j]
                        gradient[row * width + j] += (scaled - meanScaled - normalized[row * width + j] * meanProjected) * inverseDeviations[row]
                    }
                }
            }
        }
    }
    ComputeThreads.forEachPart(of: rows) { part in
        for row in part {
            let values = x.data + row * width
            var mean: Float = 0
            for j in 0..<width { mean += values[j] }
            mean /= Float(width)
            var variance: Float = 0
            for j in 0..<width { variance += (values[j] - mean) * (values[j] - mean) }
            variance /= Float(width)
            let inverse = 1 / (variance + epsilon).squareRoot()
            inverseDeviations[row] = inverse
            for j in 0..<width {
                let hat = (values[j] - mean) * inverse
                normalized[row * width + j] = hat
                y.data[row * width + j] = hat * gain.data[j] + bias.data[j]
            }
        }
    }
    y.retain(buffer: normalized, count: x.count)
    y.retain(buffer: inverseDeviations, count: rows)
    return y
}

/// Causal multi-head self-attention over `batch` sequences of `sequence` positions.
///
/// `qkv` is [batch·sequence, 3d]: queries, keys and values side by side. For each sequence and each
/// of `heads` heads (width d/heads), position i attends to positions j ≤ i:
/// P = softmax(Q Kᵀ/√dₕ with j > i masked), output = P V, heads side by side in a [batch·sequence, d].
/// Backward: ∂V = Pᵀ ∂O, ∂P = ∂O Vᵀ, ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P)), ∂Q = ∂S K/√dₕ, ∂K = ∂Sᵀ Q/√dₕ.
public func causalSelfAttention(_ qkv: Tensor, batch: Int, sequence: Int, heads: Int) -> Tensor {
    let width = qkv.columns / 3, headWidth = width / heads, stride = qkv.columns
    precondition(qkv.rows == batch * sequence && width * 3 == qkv.columns && headWidth * heads == width, "causalSelfAttention: bad shape \(qkv.shape)")
    let scale = 1 / Float(headWidth).squareRoot()
    let squares = sequence * sequence
    let probabilities = BufferPool.shared.take(batch * heads * squares)
    attentionProbabilities(qkv, batch: batch, sequence: sequence, heads: heads, into: probabilities)
    let y = Tensor(uninitializedShape: [batch * sequence, width], inputs: [qkv]) { y in
        let upstream = UnsafePointer(y.gradientBuffer())
        // Each sequence writes only its own rows of the gradient, so the sequences are shared out
        // between the compute threads, each with its own scratch for ∂S.
        qkv.addToGradient { gradient in
            ComputeThreads.forEachPart(of: batch) { sequences in
                let scores = BufferPool.shared.take(squares)
                defer { BufferPool.shared.give(scores, count: squares) }
                for b in sequences {
                    for h in 0..<heads {
                        let p = probabilities + (b * heads + h) * squares
                        let rows = b * sequence * stride, column = h * headWidth
                        let q = qkv.data + rows + column, k = q + width, v = q + 2 * width
                        let dq = gradient + rows + column, dk = dq + width, dv = dq + 2 * width
                        let dOut = upstream + b * sequence * width + column
                        // ∂V += Pᵀ ∂O
                        BLAS.gemm(transposeA: true, transposeB: false, m: sequence, n: headWidth, k: sequence,
                                  a: p, lda: sequence, b: dOut, ldb: width, beta: 1, c: dv, ldc: stride)
                        // ∂P = ∂O Vᵀ, then ∂S = P ⊙ (∂P − rowsum(∂P ⊙ P))
                        BLAS.gemm(transposeA: false, transposeB: true, m: sequence, n: sequence, k: headWidth,
                                  a: dOut, lda: width, b: v, ldb: stride, beta: 0, c: scores, ldc: sequence)
                        for i in 0..<sequence {
                            var dot: Float = 0
                            for j in 0...i { dot += scores[i * sequence + j] * p[i * sequence + j] }
                            for j in 0..<sequence { scores[i * sequence + j] = j <= i ? p[i * sequence + j] * (scores[i * sequence + j] - dot) : 0 }
                        }
                        // ∂Q += ∂S K · scale, ∂K += ∂Sᵀ Q · scale
                        BLAS.gemm(transposeA: false, transposeB: false, m: sequence, n: headWidth, k: sequence, alpha: scale,
                                  a: scores, lda: sequence, b: k, ldb: stride, beta: 1, c: dq, ldc: stride)
                        BLAS.gemm(transposeA: true, transposeB: false, m: sequence, n: headWidth, k: sequence, alpha: scale,
                                  a: scores, lda: sequence, b: q, ldb: stride, beta: 1, c: dk, ldc: stride)
                    }
                }
            }
        }
    }
    ComputeThreads.forEachPart(of: batch) { sequences in
        for b in sequences {
            for h in 0..<heads {
                let v = qkv.data + b * sequence * stride + h * headWidth + 2 * width
                BLAS.gemm(transposeA: false, transposeB: false, m: sequence, n: headWidth, k: sequence,
                          a: probabilities + (b * heads + h) * squares, lda: sequence, b: v, ldb: stride,
                          beta: 0, c: y.data + b * sequence * width + h * headWidth, ldc: width)
            }
        }
    }
    y.retain(buffer: probabilities, count: batch * heads * squares)
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
    let width = qkv.columns / 3, headWidth = width / heads, stride = qkv.columns
    let scale = 1 / Float(headWidth).squareRoot()
    ComputeThreads.forEachPart(of: batch) { sequences in
        for b in sequences {
            for h in 0..<heads {
                let q = qkv.data + b * sequence * stride + h * headWidth, k = q + width
                let p = output + (b * heads + h) * sequence * sequence
                BLAS.gemm(transposeA: false, transposeB: true, m: sequence, n: sequence, k: headWidth, alpha: scale,
                          a: q, lda: stride, b: k, ldb: stride, beta: 0, c: p, ldc: sequence)
                for i in 0..<sequence {
                    let row = p + i * sequence
                    var largest = row[0]
                    for j in 1...max(i, 1) where j <= i { largest = max(largest, row[j]) }
                    var total: Float = 0
                    for j in 0...i {
                        row[j] = Foundation.exp(row[j] - largest)
                        total += row[j]
                    }
                    for j in 0..<sequence { row[j] = j <= i ? row[j] / total : 0 }
                }
            }
        }
    }
}
