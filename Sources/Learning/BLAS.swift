import CKernels

/// The one door to OpenBLAS: every matrix product in the engine comes through here. Large products
/// are cut between the compute threads (see `ComputeThreads`).
public enum BLAS {
    /// C = alpha · op(A) · op(B) + beta · C for row-major matrices, where op transposes when asked.
    /// `m × n` is C's shape and `k` the shared dimension; leading dimensions are the stored widths.
    @inline(__always)
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float = 1, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>
    ) {
        gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: a, lda: transposeA ? m : k, b: b, ldb: transposeB ? k : n, beta: beta, c: c, ldc: n
        )
    }

    /// The same product on sub-matrices with explicit row strides (leading dimensions), e.g. one
    /// head's columns inside a wider matrix.
    @inline(__always)
    public static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        latent_sgemm(
            transposeA ? 1 : 0, transposeB ? 1 : 0, Int32(m), Int32(n), Int32(k), alpha,
            a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc)
        )
    }

    /// The OpenBLAS kernel family doing the products, e.g. "SkylakeX": part of what a run's
    /// numbers depend on, so the benchmark reports it.
    public static var kernelFamily: String { String(cString: latent_blas_core()) }
}
