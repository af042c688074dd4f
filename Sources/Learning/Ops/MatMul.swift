import CKernels

// Matrix products, the engine's heavy lifting, through `cblas_sgemm`, or for a mostly-zero batch
// through CKernels' sparse products. Transposes are flags to the call, never copies.

extension Tensor {
    /// op(self) · op(other), where op transposes a matrix when its flag is set.
    ///
    /// Backward, for C = A·B: ∂L/∂A = ∂L/∂C · Bᵀ and ∂L/∂B = Aᵀ · ∂L/∂C; with transposed inputs the
    /// same identities apply to the transposed matrices.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        let a = self, b = other
        precondition(a.shape.count == 2 && b.shape.count == 2, "matmul needs matrices, got \(a.shape) and \(b.shape)")
        let (m, k) = transposeSelf ? (a.columns, a.rows) : (a.rows, a.columns)
        let (kB, n) = transposeOther ? (b.columns, b.rows) : (b.rows, b.columns)
        precondition(k == kB, "matmul: inner dimensions differ (\(a.shape)\(transposeSelf ? "ᵀ" : "") · \(b.shape)\(transposeOther ? "ᵀ" : ""))")
        let c = Tensor(uninitializedShape: [m, n], inputs: [a, b]) { c in
            let upstream = UnsafePointer(c.gradientBuffer())
            a.addToGradient { gradient in
                if transposeSelf {  // A is stored k×m: ∂A = op(B) · ∂Cᵀ
                    BLAS.gemm(transposeA: transposeOther, transposeB: true, m: k, n: m, k: n, a: b.data, b: upstream, beta: 1, c: gradient)
                } else {            // ∂A (m×k) = ∂C · op(B)ᵀ
                    BLAS.gemm(transposeA: false, transposeB: !transposeOther, m: m, n: k, k: n, a: upstream, b: b.data, beta: 1, c: gradient)
                }
            }
            b.addToGradient { gradient in
                if transposeOther {  // B is stored n×k: ∂B = ∂Cᵀ · op(A)
                    BLAS.gemm(transposeA: true, transposeB: transposeSelf, m: n, n: k, k: m, a: upstream, b: a.data, beta: 1, c: gradient)
                } else {             // ∂B (k×n) = op(A)ᵀ · ∂C
                    BLAS.gemm(transposeA: !transposeSelf, transposeB: false, m: k, n: n, k: m, a: a.data, b: upstream, beta: 1, c: gradient)
                }
            }
        }
        BLAS.gemm(transposeA: transposeSelf, transposeB: transposeOther, m: m, n: n, k: k, a: a.data, b: b.data, beta: 0, c: c.data)
        return c
    }
}

/// x · W + b in one op, the body of a fully-connected layer: the bias is written into the output
/// first and the product added on top, so no temporary is made.
/// `x` is [batch, in], `weight` [in, out], `bias` [out].
///
/// When at most a third of x is non-zero — a batch of images, mostly background — the product and
/// the weight's gradient multiply only x's non-zeros (CKernels' sparse_product.c: at MNIST's 19%,
/// about 3.3 and 2.6 times as fast as OpenBLAS on two threads). Which way is taken depends on x's
/// values alone, never on the thread count, so a seed still gives the same numbers.
public func affine(_ x: Tensor, _ weight: Tensor, _ bias: Tensor) -> Tensor {
    let batch = x.rows, inputs = weight.rows, outputs = weight.columns
    precondition(x.columns == inputs && bias.count == outputs, "affine: x \(x.shape), weight \(weight.shape), bias \(bias.shape)")
    let sparse = isMostlyZeros(x)
    let y = Tensor(uninitializedShape: [batch, outputs], inputs: [x, weight, bias]) { y in
        let upstream = UnsafePointer(y.gradientBuffer())
        x.addToGradient { gradient in  // ∂x = ∂y · Wᵀ
            BLAS.gemm(transposeA: false, transposeB: true, m: batch, n: inputs, k: outputs, a: upstream, b: weight.data, beta: 1, c: gradient)
        }
        weight.addToGradient { gradient in  // ∂W = xᵀ · ∂y
            if sparse {
                requireKernel(latent_sparse_transposed_product(x.data, upstream, gradient, batch, outputs, inputs), "affine (weight gradient)")
            } else {
                BLAS.gemm(transposeA: true, transposeB: false, m: inputs, n: outputs, k: batch, a: x.data, b: upstream, beta: 1, c: gradient)
            }
        }
        bias.addToGradient { gradient in latent_accumulate_rows(upstream, gradient, batch * outputs, outputs, 1) }  // ∂b = column sums of ∂y
    }
    latent_repeat_row(bias.data, y.data, batch, outputs)
    if sparse {
        requireKernel(latent_sparse_product(x.data, weight.data, y.data, batch, outputs, inputs), "affine")
    } else {
        BLAS.gemm(transposeA: false, transposeB: false, m: batch, n: outputs, k: inputs, a: x.data, b: weight.data, beta: 1, c: y.data)
    }
    return y
}

/// Whether at most a third of the matrix's values are non-zero. Above that the sparse products lose
/// their lead: with non-zeros spread at random over the VAE's first layer, two threads, they were
/// 2.1 and 1.2 times as fast as OpenBLAS at 30%, 1.4 and 0.78 times at 50%. Counting stops once a
/// third is passed (each thread's part on its own), so a dense matrix costs a look at part of it.
func isMostlyZeros(_ x: Tensor) -> Bool {
    let limit = x.count / 3
    return latent_count_nonzeros(x.data, x.count, limit) <= limit
}
