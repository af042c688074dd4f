// Vector quantisation: snap each vector to its nearest codebook entry. Choosing an entry has no
// gradient, so the backward pass uses the straight-through estimator: the gradient that reaches
// the quantised vectors is handed unchanged to the encoder's vectors.

/// For each row of `vectors` ([M, D]), the index of the nearest row of `codebook` ([K, D]) in
/// Euclidean distance, via ‖v‖² − 2 v·e + ‖e‖² with one matrix product.
public func nearestCodes(_ vectors: Tensor, codebook: Tensor) -> [Int] {
    let rows = vectors.rows, entries = codebook.rows, width = vectors.columns
    precondition(codebook.columns == width, "nearestCodes: vectors \(vectors.shape) vs codebook \(codebook.shape)")
    let products = BufferPool.shared.take(rows * entries)
    defer { BufferPool.shared.give(products, count: rows * entries) }
    BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: entries, k: width, a: vectors.data, b: codebook.data, beta: 0, c: products)
    let norms = (0..<entries).map { entry in (0..<width).reduce(Float(0)) { $0 + codebook.data[entry * width + $1] * codebook.data[entry * width + $1] } }
    return (0..<rows).map { row in
        var best = 0, bestDistance = Float.infinity
        for entry in 0..<entries {
            let distance = norms[entry] - 2 * products[row * entries + entry]  // ‖v‖² is the same for every entry
            if distance < bestDistance {
                bestDistance = distance
                best = entry
            }
        }
        return best
    }
}

/// Rows `indices` of `table` ([K, D]) as a [indices.count, D] tensor: an embedding lookup. The
/// gradient of each output row is added to the table row it came from.
public func gatherRows(_ table: Tensor, _ indices: [Int]) -> Tensor {
    let width = table.columns
    let y = Tensor(uninitializedShape: [indices.count, width], inputs: [table]) { y in
        let upstream = y.gradientBuffer()
        table.addToGradient { gradient in
            for (row, index) in indices.enumerated() { for j in 0..<width { gradient[index * width + j] += upstream[row * width + j] } }
        }
    }
    for (row, index) in indices.enumerated() {
        precondition(index >= 0 && index < table.rows, "gatherRows: index \(index) outside 0..<\(table.rows)")
        (y.data + row * width).update(from: table.data + index * width, count: width)
    }
    return y
}

/// The straight-through estimator: the value of `quantized`, the gradient of `continuous`.
/// Forward: y = q. Backward: ∂L/∂continuous += ∂L/∂y (the quantiser is treated as the identity).
public func straightThrough(_ continuous: Tensor, quantized: Tensor) -> Tensor {
    precondition(continuous.shape == quantized.shape, "straightThrough: shapes differ")
    let y = Tensor(uninitializedShape: continuous.shape, inputs: [continuous]) { y in
        let upstream = y.gradientBuffer()
        continuous.addToGradient { gradient in for i in 0..<continuous.count { gradient[i] += upstream[i] } }
    }
    y.data.update(from: quantized.data, count: quantized.count)
    return y
}
