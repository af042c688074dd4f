// Cutting matrices into column blocks and gluing them back: e.g. one layer that outputs
// [μ | log σ²] side by side, split into its two halves.

extension Tensor {
    /// Columns `range` of a matrix, as a new [rows, range.count] matrix.
    public func columns(_ range: Range<Int>) -> Tensor {
        precondition(shape.count == 2 && range.lowerBound >= 0 && range.upperBound <= columns, "columns \(range) of \(shape)")
        let x = self, width = x.columns, part = range.count
        let y = Tensor(uninitializedShape: [rows, part], inputs: [x]) { y in
            let upstream = y.gradientBuffer()
            x.addToGradient { gradient in
                for row in 0..<x.rows {
                    for j in 0..<part { gradient[row * width + range.lowerBound + j] += upstream[row * part + j] }
                }
            }
        }
        for row in 0..<rows { (y.data + row * part).update(from: data + row * width + range.lowerBound, count: part) }
        return y
    }
}

/// The matrices `parts` side by side: [n, a] and [n, b] become [n, a + b].
public func concatenateColumns(_ parts: [Tensor]) -> Tensor {
    let rows = parts[0].rows
    precondition(parts.allSatisfy { $0.shape.count == 2 && $0.rows == rows }, "concatenateColumns needs matrices with equal row counts")
    let width = parts.reduce(0) { $0 + $1.columns }
    let offsets = parts.reduce(into: [0]) { $0.append($0.last! + $1.columns) }
    let y = Tensor(uninitializedShape: [rows, width], inputs: parts) { y in
        let upstream = y.gradientBuffer()
        for (part, offset) in zip(parts, offsets) {
            part.addToGradient { gradient in
                for row in 0..<rows {
                    for j in 0..<part.columns { gradient[row * part.columns + j] += upstream[row * width + offset + j] }
                }
            }
        }
    }
    for (part, offset) in zip(parts, offsets) {
        for row in 0..<rows { (y.data + row * width + offset).update(from: part.data + row * part.columns, count: part.columns) }
    }
    return y
}

extension Tensor {
    /// Rows `range` of a matrix (or of any tensor, by its first dimension), as a new tensor.
    /// Backward: the upstream gradient lands on those rows of the input.
    public func rowRange(_ range: Range<Int>) -> Tensor {
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[0], "rows \(range) of \(shape)")
        let x = self, width = count / Swift.max(shape[0], 1)
        let y = Tensor(uninitializedShape: [range.count] + shape.dropFirst(), inputs: [x]) { y in
            let upstream = y.gradientBuffer()
            x.addToGradient { gradient in
                for i in 0..<y.count { gradient[range.lowerBound * width + i] += upstream[i] }
            }
        }
        y.data.update(from: data + range.lowerBound * width, count: y.count)
        return y
    }
}
