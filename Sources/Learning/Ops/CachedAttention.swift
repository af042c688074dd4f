import CKernels

/// One generation step of multi-head attention over the keys and values kept for a batch of
/// sequences (`CKernels/cached_attention.c`): stores the newest position's key and value from
/// `queriesKeysValues` ([batch, 3·width]) at position `length` of `keys` and `values`, and returns
/// the attention output there, [batch · width]: per head, softmax(q·kⱼ/√dₕ) over the positions
/// j ≤ `length` times their values.
///
/// `keys` holds [batch][heads][width/heads][capacity] (a column per position, so a query's dot
/// products with every stored key run along memory), `values` [batch][capacity][width]. The models'
/// `KeyValueCache` owns them; this is the loop over them, in C so that the positions of a dot product
/// are computed side by side and the sequences shared between the compute threads.
public func cachedAttention(queriesKeysValues: [Float], keys: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Float>,
                            batch: Int, capacity: Int, width: Int, heads: Int, length: Int) -> [Float] {
    guard length < capacity, queriesKeysValues.count == batch * 3 * width, width % heads == 0 else {
        fatalError("cachedAttention: position \(length) of \(capacity), \(queriesKeysValues.count) values for \(batch) × 3 × \(width), \(heads) heads")
    }
    return [Float](unsafeUninitializedCapacity: batch * width) { output, initialized in
        queriesKeysValues.withUnsafeBufferPointer { qkv in
            requireKernel(latent_cached_attention(qkv.baseAddress, keys, values, batch, capacity, width, heads, length, output.baseAddress),
                          "cachedAttention")
        }
        initialized = batch * width
    }
}
