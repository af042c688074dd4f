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

/// How many threads compute: the matrix products, the optimizer's update and the large fused
/// loops are cut into one part per thread. The chapters set this from `--threads`; the same seed
/// and thread count give the same numbers.
public enum ComputeThreads {
    public static func set(_ count: Int) { latent_set_threads(Int32(count)) }
    public static var current: Int { Int(latent_threads()) }
}

extension ComputeThreads {
    /// Runs `body` on contiguous parts of `0..<count`, one part per compute thread at most and in
    /// parallel, for loops whose iterations write disjoint memory. The cut depends only on `count`
    /// and the thread count, so results do not depend on timing.
    public static func forEachPart(of count: Int, _ body: (Range<Int>) -> Void) {
        let parts = Int(latent_parts_for(count, 1))
        guard parts > 1 else { return body(0..<count) }
        withoutActuallyEscaping(body) { body in
            var job = Partition(count: count, body: body)
            withUnsafeMutablePointer(to: &job) { job in
                latent_parallel_run({ context, part, parts in
                    let job = context!.assumingMemoryBound(to: Partition.self).pointee
                    job.body(Int(latent_part_start(job.count, part, parts, 1))..<Int(latent_part_start(job.count, part + 1, parts, 1)))
                }, job, Int32(parts))
            }
        }
    }

    /// What the parts of `forEachPart` share: the range to cut and the loop body.
    private struct Partition {
        let count: Int
        let body: (Range<Int>) -> Void
    }
}
