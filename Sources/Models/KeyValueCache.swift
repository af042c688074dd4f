import Foundation

/// The keys and values every block has computed so far, for a batch of sequences being written.
///
/// Writing token n+1 needs the model's prediction at position n only. Under causal attention the
/// keys and values of positions 0…n−1 do not change when a token is appended, so generation keeps
/// them and, for each new token, computes one row per sequence: its query, key and value, attention
/// from that query over the stored keys, and the rest of the block on that one row. Every language
/// model's inference works this way; without it, writing a sequence of n tokens costs about n²/2
/// positions of work instead of n.
///
/// Storage: keys and values of `blocks` × `batch` sequences × `capacity` positions × `width` columns
/// (heads side by side, as in the queries-keys-values the training pass computes), one flat array
/// each. The loops run over buffer pointers: they are most of a generation step's own work (the
/// rest is the layers' products), and array indexing in them cost several times as much.
public struct KeyValueCache {
    public let batch: Int
    public let capacity: Int
    public let width: Int
    public let heads: Int
    /// How many positions each sequence holds so far.
    public private(set) var length = 0
    private var keys: [Float]
    private var values: [Float]

    /// An empty cache for `batch` sequences of up to `capacity` positions through `blocks` blocks.
    public init(blocks: Int, batch: Int, capacity: Int, width: Int, heads: Int) {
        self.batch = batch
        self.capacity = capacity
        self.width = width
        self.heads = heads
        keys = [Float](repeating: 0, count: blocks * batch * capacity * width)
        values = keys
    }

    /// Stores block `block`'s keys and values of the newest position (columns width..<3·width of
    /// `queriesKeysValues`, [batch, 3·width]) and returns the attention output at that position,
    /// [batch · width]: for each head, softmax(q·kⱼ/√dₕ) over the positions j stored so far,
    /// including this one, times their values. `advance()` moves on once every block has stored.
    public mutating func attend(block: Int, queriesKeysValues qkv: [Float]) -> [Float] {
        precondition(length < capacity && qkv.count == batch * 3 * width, "KeyValueCache: position \(length) of \(capacity), \(qkv.count) values")
        let (batch, capacity, width, length) = (self.batch, self.capacity, self.width, self.length)
        let headWidth = width / heads, scale = 1 / Float(headWidth).squareRoot()
        var output = [Float](repeating: 0, count: batch * width)
        var scores = [Float](repeating: 0, count: length + 1)
        qkv.withUnsafeBufferPointer { qkv in
            keys.withUnsafeMutableBufferPointer { keys in
                values.withUnsafeMutableBufferPointer { values in
                    output.withUnsafeMutableBufferPointer { output in
                        scores.withUnsafeMutableBufferPointer { scores in
                            for sequence in 0..<batch {
                                let row = sequence * 3 * width, stored = (block * batch + sequence) * capacity * width
                                for column in 0..<width {
                                    keys[stored + length * width + column] = qkv[row + width + column]
                                    values[stored + length * width + column] = qkv[row + 2 * width + column]
                                }
                                for head in 0..<heads {
                                    let query = row + head * headWidth, first = stored + head * headWidth
                                    var largest = -Float.infinity
                                    for position in 0...length {
                                        var dot: Float = 0
                                        for c in 0..<headWidth { dot += qkv[query + c] * keys[first + position * width + c] }
                                        scores[position] = dot * scale
                                        largest = max(largest, scores[position])
                                    }
                                    var total: Float = 0
                                    for position in 0...length {
                                        scores[position] = Foundation.exp(scores[position] - largest)
                                        total += scores[position]
                                    }
                                    let out = sequence * width + head * headWidth
                                    for position in 0...length {
                                        let weight = scores[position] / total
                                        for c in 0..<headWidth { output[out + c] += weight * values[first + position * width + c] }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return output
    }

    /// Every block has stored the newest position: the next call writes the one after it.
    public mutating func advance() { length += 1 }
}
