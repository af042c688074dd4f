import Foundation

/// Recycles Float buffers by size, so a training loop that builds the same graph every step stops
/// asking the system allocator for memory after its first step.
///
/// Sizes are rounded up to one of eight classes per power of two (at most 12.5% unused), so a loop
/// whose shapes change from step to step — generation, where the sequence grows by one token each
/// time — reuses buffers too, instead of keeping one set per shape.
///
/// Idle buffers are kept up to `idleLimit` floats (64 MB). Training and test evaluation reuse the
/// same sizes step after step, and a size class used within the last `recentUses` requests is never
/// released, so their working sets stay however large they are (up to `hardLimit`, 1 GiB). Generation
/// is different: each step's sequences are a token longer, so it walks from one size class to the
/// next and would keep a full set of buffers for each. Classes it has left behind are released,
/// least recently used first, once the idle buffers pass the cap. Any single buffer of
/// `largestKept` floats (64 MB) or more is freed at once: evaluating thousands of images makes
/// one-off giants that training never reuses.
///
/// A tensor takes its buffer here and gives it back when it is freed. Nothing about the numbers
/// depends on which buffer is handed out, so sharing one pool across the process hides no state.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()

    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    /// When each size class was last taken from or given to (a counter, not a clock).
    private var lastUse: [Int: Int] = [:]
    private var uses = 0
    private let lock = NSLock()
    /// Floats held in idle buffers, and the most it keeps.
    private(set) var idleFloats = 0
    let idleLimit: Int
    /// Idle buffers never exceed this, recent or not.
    let hardLimit: Int
    /// A size class requested or returned within this many uses counts as in use.
    let recentUses: Int

    /// Buffers this large are freed at once instead of kept.
    let largestKept: Int

    init(idleLimit: Int = 1 << 24, hardLimit: Int = 1 << 28, recentUses: Int = 256, largestKept: Int = 1 << 24) {
        self.idleLimit = idleLimit
        self.hardLimit = hardLimit
        self.recentUses = recentUses
        self.largestKept = largestKept
    }

    /// The capacity actually handed out for a request of `count` floats.
    static func sizeClass(_ count: Int) -> Int {
        guard count > 64 else { return Swift.max(count, 1) }
        let step = (1 << (Int.bitWidth - 1 - count.leadingZeroBitCount)) / 8
        return (count + step - 1) / step * step
    }

    /// A buffer of at least `count` floats with undefined contents.
    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        let size = BufferPool.sizeClass(count)
        lock.lock()
        let recycled = free[size]?.popLast()
        if recycled != nil { idleFloats -= size }
        uses += 1
        lastUse[size] = uses
        lock.unlock()
        return recycled ?? BufferPool.allocate(size)
    }

    /// Buffers start on a 64-byte boundary, a cache line: the kernels' 16-float loads and stores
    /// (one AVX-512 register) then never straddle two lines when a row's width is a multiple of
    /// 16. The allocator's own 16-byte alignment made the sparse product 1.4 times slower in a
    /// harness (sparse_product.c).
    ///
    /// The buffer is cut from a plain `malloc` of 64 bytes more, with the block's address kept
    /// just before the buffer for `release`. Asking the allocator for aligned memory instead
    /// (`posix_memalign`, which Swift's aligned `allocate` uses) left holes in its heap: chapter 4's
    /// peak memory grew from 274 to 291 MB.
    static let alignment = 64

    private static func allocate(_ size: Int) -> UnsafeMutablePointer<Float> {
        guard let block = malloc(size * MemoryLayout<Float>.stride + alignment) else { fatalError("out of memory for \(size) floats") }
        let start = (Int(bitPattern: block) + alignment) & -alignment  // at least 16 bytes into the block
        let buffer = UnsafeMutableRawPointer(bitPattern: start)!
        buffer.storeBytes(of: block, toByteOffset: -MemoryLayout<UnsafeMutableRawPointer>.stride, as: UnsafeMutableRawPointer.self)
        return buffer.bindMemory(to: Float.self, capacity: size)
    }

    private static func release(_ buffer: UnsafeMutablePointer<Float>) {
        Glibc.free(UnsafeRawPointer(buffer).load(fromByteOffset: -MemoryLayout<UnsafeMutableRawPointer>.stride, as: UnsafeMutableRawPointer.self))
    }

    /// A buffer of `count` zeros.
    func takeZeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let buffer = take(count)
        // A transformer's gradients are hundreds of kilobytes each: zeroed by all threads.
        ComputeThreads.forEachPart(of: count, minimumPerPart: 1 << 16) { part in
            (buffer + part.lowerBound).update(repeating: 0, count: part.count)
        }
        return buffer
    }

    /// Returns a buffer taken for `count` floats.
    func give(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
        let size = BufferPool.sizeClass(count)
        lock.lock()
        defer { lock.unlock() }
        guard size < largestKept, idleFloats + size <= hardLimit else { return BufferPool.release(buffer) }
        uses += 1
        lastUse[size] = uses
        free[size, default: []].append(buffer)
        idleFloats += size
        // Over the cap: release whole size classes that are no longer in use, least recently used first.
        while idleFloats > idleLimit,
              let oldest = free.keys.filter({ !(free[$0]?.isEmpty ?? true) && lastUse[$0, default: 0] <= uses - recentUses })
                  .min(by: { lastUse[$0, default: 0] < lastUse[$1, default: 0] }) {
            for stale in free[oldest] ?? [] { BufferPool.release(stale) }
            idleFloats -= oldest * (free[oldest]?.count ?? 0)
            free[oldest] = []
        }
    }
}
