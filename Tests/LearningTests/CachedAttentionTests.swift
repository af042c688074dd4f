import Foundation
import Learning
import XCTest

/// The generation step's attention kernel against the plain loop it replaced, written out here in
/// the same order (dot products in column order, expf, positions added in order): the same bits,
/// on one thread and on two, so the cache's speed changes no sampled token.
final class CachedAttentionTests: XCTestCase {
    func reference(_ steps: [[Float]], batch: Int, width: Int, heads: Int) -> [[Float]] {
        let headWidth = width / heads, scale = 1 / Float(headWidth).squareRoot()
        var keys: [[[Float]]] = Array(repeating: [], count: batch), values = keys
        return steps.map { qkv in
            var output = [Float](repeating: 0, count: batch * width)
            for sequence in 0..<batch {
                let row = Array(qkv[sequence * 3 * width..<(sequence + 1) * 3 * width])
                keys[sequence].append(Array(row[width..<2 * width]))
                values[sequence].append(Array(row[2 * width..<3 * width]))
                for head in 0..<heads {
                    let columns = head * headWidth..<(head + 1) * headWidth
                    var scores = keys[sequence].map { key in
                        var dot: Float = 0
                        for c in columns { dot += row[c] * key[c] }
                        return dot * scale
                    }
                    let largest = scores.reduce(-Float.infinity) { $1 > $0 ? $1 : $0 }
                    var total: Float = 0
                    for p in scores.indices {
                        scores[p] = Foundation.exp(scores[p] - largest)
                        total += scores[p]
                    }
                    for p in scores.indices {
                        let weight = scores[p] / total
                        for c in columns { output[sequence * width + c] += weight * values[sequence][p][c] }
                    }
                }
            }
            return output
        }
    }

    func testTheKernelIsThePlainLoopToTheLastBit() {
        let batch = 40, width = 16, heads = 2, capacity = 9
        var generator = SeededGenerator(seed: 31)
        let steps = (0..<capacity).map { _ in (0..<batch * 3 * width).map { _ in Float.random(in: -3...3, using: &generator) } }
        let expected = reference(steps, batch: batch, width: width, heads: heads)
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            var keys = [Float](repeating: 0, count: batch * capacity * width), values = keys
            for (length, qkv) in steps.enumerated() {
                let output = keys.withUnsafeMutableBufferPointer { keys in
                    values.withUnsafeMutableBufferPointer { values in
                        cachedAttention(queriesKeysValues: qkv, keys: keys.baseAddress!, values: values.baseAddress!,
                                        batch: batch, capacity: capacity, width: width, heads: heads, length: length)
                    }
                }
                XCTAssertEqual(output, expected[length], "step \(length), \(threads) thread(s)")
            }
        }
    }
}
