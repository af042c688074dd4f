import CKernels

// Sums, differences and products of two tensors, and reductions to one number.
//
// Two tensors combine when they have the same shape, or when the right one is a row of the left
// one's last width (a bias): [n, k] + [k] adds the row to each of the n rows. The backward pass
// of a broadcast sums the gradient over the rows it was copied to. Sums and differences, which a
// transformer makes many of on large activations, run in C on all compute threads.

/// How `a` and `b` line up: the same shape, or `b` repeated along `a`'s leading rows — a row [k]
/// added to every row of [n, k], or a block [t, k] added to every block of t rows of [n·t, k]
/// (a position embedding added to every sequence of a batch).
private func broadcastWidth(_ a: Tensor, _ b: Tensor, _ op: String) -> Int {
    if a.shape == b.shape { return a.count }
    precondition(a.shape.last == b.shape.last && b.count > 0 && a.count % b.count == 0,
                 "\(op): shapes \(a.shape) and \(b.shape) do not combine")
    return b.count
}

/// Calls `body(i, j)` for every scalar i of a tensor whose rows are `width` wide, with j = i mod width
/// (the index into a broadcast row), without a division per scalar.
@inline(__always)
private func forEachScalar(count: Int, width: Int, _ body: (_ i: Int, _ j: Int) -> Void) {
    var rowStart = 0
    while rowStart < count {
        for j in 0..<width { body(rowStart + j, j) }
        rowStart += width
    }
}

/// Adds `scale · upstream` into `b`'s gradient, folding rows when `b` was broadcast.
@inline(__always)
private func accumulate(_ upstream: UnsafeMutablePointer<Float>, count: Int, into b: Tensor, width: Int, scale: Float) {
    b.addToGradient { gradient in latent_accumulate_rows(upstream, gradient, count, width, scale) }
}

extension Tensor {
    /// a + b (b may be a bias row).
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let width = broadcastWidth(a, b, "+")
        let y = Tensor(uninitializedShape: a.shape, inputs: [a, b]) { y in
            let upstream = y.gradientBuffer()
            a.addToGradient { gradient in latent_accumulate_rows(upstream, gradient, a.count, a.count, 1) }
            accumulate(upstream, count: a.count, into: b, width: width, scale: 1)
        }
        latent_add_rows(a.data, b.data, y.data, a.count, width, 0)
        return y
    }

    /// a − b (b may be a bias row).
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let width = broadcastWidth(a, b, "-")
        let y = Tensor(uninitializedShape: a.shape, inputs: [a, b]) { y in
            let upstream = y.gradientBuffer()
            a.addToGradient { gradient in latent_accumulate_rows(upstream, gradient, a.count, a.count, 1) }
            accumulate(upstream, count: a.count, into: b, width: width, scale: -1)
        }
        latent_add_rows(a.data, b.data, y.data, a.count, width, 1)
        return y
    }

    /// a ⊙ b, the elementwise product (b may be a row).
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let width = broadcastWidth(a, b, "*")
        let y = Tensor(uninitializedShape: a.shape, inputs: [a, b]) { y in
            let upstream = y.gradientBuffer()
            a.addToGradient { gradient in
                forEachScalar(count: a.count, width: width) { i, j in gradient[i] += upstream[i] * b.data[j] }
            }
            b.addToGradient { gradient in
                forEachScalar(count: a.count, width: width) { i, j in gradient[j] += upstream[i] * a.data[i] }
            }
        }
        forEachScalar(count: a.count, width: width) { i, j in y.data[i] = a.data[i] * b.data[j] }
        return y
    }

    /// The sum of all scalars, as a one-element tensor.
    public func sum() -> Tensor {
        let x = self
        let y = Tensor(uninitializedShape: [1], inputs: [x]) { y in
            let upstream = y.gradientBuffer()[0]
            x.addToGradient { gradient in for i in 0..<x.count { gradient[i] += upstream } }
        }
        var total: Double = 0
        for i in 0..<count { total += Double(data[i]) }
        y.data[0] = Float(total)
        return y
    }

    /// The mean of all scalars, as a one-element tensor.
    public func mean() -> Tensor { sum() * (1 / Float(count)) }

    /// The same scalars viewed with another shape (the counts must agree).
    public func reshaped(_ newShape: [Int]) -> Tensor {
        precondition(newShape.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        let x = self
        let y = Tensor(uninitializedShape: newShape, inputs: [x]) { y in
            let upstream = y.gradientBuffer()
            x.addToGradient { gradient in for i in 0..<x.count { gradient[i] += upstream[i] } }
        }
        y.data.update(from: data, count: count)
        return y
    }
}
