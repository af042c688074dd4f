import Foundation

/// Recycles Float buffers by size, so a training loop that builds the same graph every step stops
/// asking the system allocator for memory after its first step.
///
/// Sizes are rounded up to one of eight classes per power of two (at most 12.5% unused), so a loop
/// whose shapes change from step to step — generation, where the sequence grows by one token each
/// time — reuses buffers too, instead of keeping one set per shape. Idle buffers beyond
/// `idleLimit` floats (1 GiB) go back to the system, so a one-off large computation does not keep
/// its memory for the rest of the run; so does any single buffer of `largestKept` floats (64 MB) or
/// more: training steps reuse buffers far smaller than that, while evaluating thousands of images
/// at once makes one-off giants that would otherwise sit idle beside everything else.
///
/// A tensor takes its buffer here and gives it back when it is freed. Nothing about the numbers
/// depends on which buffer is handed out, so sharing one pool across the process hides no state.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()

    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private let lock = NSLock()
    /// Floats held in idle buffers, and the most it keeps.
    private(set) var idleFloats = 0
    let idleLimit: Int

    /// Buffers this large are freed at once instead of kept.
    let largestKept: Int

    init(idleLimit: Int = 1 << 28, largestKept: Int = 1 << 24) {
        self.idleLimit = idleLimit
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
        lock.unlock()
        return recycled ?? UnsafeMutablePointer<Float>.allocate(capacity: size)
    }

    /// A buffer of `count` zeros.
    func takeZeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let buffer = take(count)
        buffer.update(repeating: 0, count: count)
        return buffer
    }

    /// Returns a buffer taken for `count` floats.
    func give(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
        let size = BufferPool.sizeClass(count)
        lock.lock()
        defer { lock.unlock() }
        guard size < largestKept, idleFloats + size <= idleLimit else { return buffer.deallocate() }
        free[size, default: []].append(buffer)
        idleFloats += size
    }
}
