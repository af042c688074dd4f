import CKernels

/// How many threads compute: the matrix products, the optimizer's update, the large fused loops
/// and the per-image or per-sequence loops of the conv and transformer ops are cut into one part
/// per thread (the pool itself is in CKernels, see parallel.h). A process starts with one thread;
/// the chapters and the bench set this from `--threads`. The same seed and thread count give the
/// same numbers.
public enum ComputeThreads {
    /// Sets how many threads compute from now on (`--threads`); numbers depend on it, so it is part of every key.
    public static func set(_ count: Int) { latent_set_threads(Int32(count)) }
    /// How many threads compute now.
    public static var current: Int { Int(latent_threads()) }

    /// Runs `body` on contiguous parts of `0..<count`, one part per compute thread at most and in
    /// parallel, for loops whose iterations write disjoint memory. The cut depends only on `count`
    /// and the thread count, so results do not depend on timing.
    public static func forEachPart(of count: Int, _ body: (Range<Int>) -> Void) {
        forEachPart(of: count, minimumPerPart: 1, body)
    }

    /// The same, with no part smaller than `minimumPerPart` items: elementwise loops use this so
    /// that a small tensor (a bias, a VAE's batch of codes) runs on one thread, where handing half
    /// of it to another would cost more than it saves.
    public static func forEachPart(of count: Int, minimumPerPart: Int, _ body: (Range<Int>) -> Void) {
        forEachNumberedPart(of: count, minimumPerPart: minimumPerPart) { _, range in body(range) }
    }

    /// The sum of `body` over the parts of `0..<count` (cut as by `forEachPart`), each part summed
    /// on its own thread and the parts' sums added in part order: the same total for the same thread
    /// count, whichever part finished first.
    public static func sum(over count: Int, minimumPerPart: Int, _ body: (Range<Int>) -> Double) -> Double {
        let parts = Int(latent_parts_for(count, minimumPerPart))
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: parts) { sums in
            forEachNumberedPart(of: count, minimumPerPart: minimumPerPart) { part, range in sums[part] = body(range) }
            return sums.reduce(0, +)
        }
    }

    /// `forEachPart`, telling `body` which part (0, 1, …) each range is.
    private static func forEachNumberedPart(of count: Int, minimumPerPart: Int, _ body: (Int, Range<Int>) -> Void) {
        let parts = Int(latent_parts_for(count, minimumPerPart))
        guard parts > 1 else { return body(0, 0..<count) }
        withoutActuallyEscaping(body) { body in
            var job = Partition(count: count, body: body)
            withUnsafeMutablePointer(to: &job) { job in
                latent_parallel_run({ context, part, parts in
                    let job = context!.assumingMemoryBound(to: Partition.self).pointee
                    job.body(Int(part), Int(latent_part_start(job.count, part, parts, 1))..<Int(latent_part_start(job.count, part + 1, parts, 1)))
                }, job, Int32(parts))
            }
        }
    }

    /// Scalars below which an elementwise loop of the Swift ops stays on one thread. Measured: cut
    /// in two, the ReLU of a VAE's 128 × 400 hidden values (51,200) made its epoch 4% slower, while
    /// an auto-encoder's 100,352 sigmoids and its loss gained a tenth of its step.
    public static let smallestPart = 1 << 15

    /// What the parts of `forEachPart` share: the range to cut and the loop body.
    private struct Partition {
        let count: Int
        let body: (Int, Range<Int>) -> Void
    }
}
