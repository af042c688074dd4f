import Foundation

/// Recycles Float buffers by size, so a training loop that builds the same graph every step stops
/// asking the system allocator for memory after its first step.
///
/// A tensor takes its buffer here and gives it back when it is freed. Nothing about the numbers
/// depends on which buffer is handed out, so sharing one pool across the process hides no state.
final class BufferPool: @unchecked Sendable {
    static let shared = BufferPool()

    private var free: [Int: [UnsafeMutablePointer<Float>]] = [:]
    private let lock = NSLock()

    /// A buffer of `count` floats with undefined contents.
    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        lock.lock()
        let recycled = free[count]?.popLast()
        lock.unlock()
        return recycled ?? UnsafeMutablePointer<Float>.allocate(capacity: Swift.max(count, 1))
    }

    /// A buffer of `count` zeros.
    func takeZeroed(_ count: Int) -> UnsafeMutablePointer<Float> {
        let buffer = take(count)
        buffer.update(repeating: 0, count: count)
        return buffer
    }

    func give(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
        lock.lock()
        free[count, default: []].append(buffer)
        lock.unlock()
    }
}
