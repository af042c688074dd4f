// Statistics a chapter reports about a batch: per-row errors and per-column spread. They are
// measurements, not steps of a model, so they return plain numbers and record no graph.

/// The squared difference of `a` and `b` summed over each row: one number per image, e.g. how far
/// a reconstruction is from its original over all of its pixels.
public func squaredErrorPerRow(_ a: Tensor, _ b: Tensor) -> [Float] {
    precondition(a.shape == b.shape, "squaredErrorPerRow: shapes \(a.shape) and \(b.shape) differ")
    return (0..<a.rows).map { row in
        let x = a.data + row * a.columns, y = b.data + row * b.columns
        var sum: Float = 0
        for j in 0..<a.columns {
            let difference = x[j] - y[j]
            sum += difference * difference
        }
        return sum
    }
}

/// The mean of each column of `x` ([rows, columns]), accumulated in double precision: where a
/// batch of codes sits, dimension by dimension.
public func columnMeans(_ x: Tensor) -> [Double] {
    (0..<x.columns).map { j in
        var sum: Double = 0
        for row in 0..<x.rows { sum += Double(x.data[row * x.columns + j]) }
        return sum / Double(x.rows)
    }
}

/// The standard deviation of each column of `x` (over its rows, dividing by the row count): how
/// widely a batch of codes spreads, dimension by dimension.
public func columnStandardDeviations(_ x: Tensor) -> [Double] {
    let means = columnMeans(x)
    return (0..<x.columns).map { j in
        var sum: Double = 0
        for row in 0..<x.rows {
            let difference = Double(x.data[row * x.columns + j]) - means[j]
            sum += difference * difference
        }
        return (sum / Double(x.rows)).squareRoot()
    }
}
