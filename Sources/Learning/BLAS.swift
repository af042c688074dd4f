import CKernels
import Foundation

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
    /// numbers depend on, so the benchmark reports it and a run record keeps it.
    public static var kernelFamily: String { String(cString: latent_blas_core()) }

    /// The kernel family chapter programs compute with on every CPU that runs it (AVX2 and FMA:
    /// Intel since 2013, AMD since 2015). Left to itself OpenBLAS picks by CPU, and each family
    /// adds a product's terms in its own order: the same seed then trains to different last bits,
    /// and after a few epochs different numbers, on an AVX-512 CPU (SkylakeX or Cooperlake kernels)
    /// than on an AVX2 one (Haswell kernels).
    public static let pinnedFamily = "Haswell"

    /// Whether this CPU can run `pinnedFamily`'s kernels.
    public static var canPinFamily: Bool { latent_cpu_runs_avx2_fma() != 0 }

    /// Makes this program compute with `pinnedFamily`: when OpenBLAS chose another family, starts
    /// the program again in place (same arguments) with OPENBLAS_CORETYPE set, which is how
    /// OpenBLAS is told (it chooses once, when it loads, before any Swift code runs). Returns when
    /// the family is already pinned or the CPU cannot run it; call it first thing, before any work.
    public static func pinKernelFamily() {
        guard canPinFamily, kernelFamily != pinnedFamily else { return }
        setenv("OPENBLAS_CORETYPE", pinnedFamily, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached when the restart failed: the run goes on with OpenBLAS's own choice, and its
        // record says which family that was.
        FileHandle.standardError.write(Data("warning: could not restart with OpenBLAS's \(pinnedFamily) kernels (\(String(cString: strerror(errno)))); numbers may differ from other machines'\n".utf8))
    }
}
