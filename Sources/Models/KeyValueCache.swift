import Learning

/// The keys and values every block has computed so far, for a batch of sequences being written.
///
/// Writing token n+1 needs the model's prediction at position n only. Under causal attention the
/// keys and values of positions 0…n−1 do not change when a token is appended, so generation keeps
/// them and, for each new token, computes one row per sequence: its query, key and value, attention
/// from that query over the stored keys, and the rest of the block on that one row. Every language
/// model's inference works this way; without it, writing a sequence of n tokens costs about n²/2
/// positions of work instead of n.
///
/// Storage: for each of `blocks` blocks, `batch` sequences × `capacity` positions × `width` columns
/// of keys and as many of values, one flat array each. Keys are kept a column per position
/// ([head][column][position] for each sequence), so that a query's dot products with all stored
/// keys run along memory; values a row per position, heads side by side. The loop over them is a
/// C kernel (`cachedAttention`): it is most of a generation step's own work, and in Swift it took
/// most of chapter 5's drawing time.
public struct KeyValueCache {
    /// How many sequences are written side by side.
    public let batch: Int
    /// The most positions a sequence can hold: the model's context length.
    public let capacity: Int
    /// Columns of a key or value (the model's width), all heads side by side.
    public let width: Int
    /// Attention heads: each reads its own `width / heads` columns.
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
        let (batch, capacity, width, heads, length) = (self.batch, self.capacity, self.width, self.heads, self.length)
        let blockStart = block * batch * capacity * width
        return keys.withUnsafeMutableBufferPointer { keys in
            values.withUnsafeMutableBufferPointer { values in
                cachedAttention(queriesKeysValues: qkv, keys: keys.baseAddress! + blockStart, values: values.baseAddress! + blockStart,
                                batch: batch, capacity: capacity, width: width, heads: heads, length: length)
            }
        }
    }

    /// Every block has stored the newest position: the next call writes the one after it.
    public mutating func advance() { length += 1 }
}
