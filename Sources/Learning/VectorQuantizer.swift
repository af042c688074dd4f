import Foundation

/// A codebook of `entries` vectors of width `width`, learned by exponential moving averages (as in
/// van den Oord et al. 2017, appendix, and DeepMind Sonnet's `VectorQuantizerEMA`): each entry moves
/// towards the mean of the encoder vectors assigned to it, instead of being trained by gradients.
public final class VectorQuantizer: Layer {
    /// The codebook, [entries, width]. Not a parameter: `updateCodebook` moves it.
    public let codebook: Tensor
    /// Moving averages of each entry's assignment count and of the sum of its vectors.
    public let clusterSize: Tensor
    /// The moving average of the sum of the vectors assigned to each entry: divided by `clusterSize`, it is the entry.
    public let clusterSum: Tensor
    /// How slowly the moving averages forget: each update keeps `decay` of the old average (0.99, as in the paper).
    public let decay: Float
    /// Added to each entry's count before dividing (Laplace smoothing), so an unused entry never divides by zero.
    public let epsilon: Float = 1e-5
    /// An entry whose moving-average count falls below this is dead; it is restarted at one of the
    /// current encoder vectors, so the codebook cannot collapse onto a few entries.
    public let deadThreshold: Float = 1
    /// How many updates have run (chooses which vectors restart dead entries, deterministically).
    public let updates = Tensor(zeros: [1])

    /// A codebook of `entries` random vectors of `width` numbers, drawn from `generator`.
    public init(entries: Int, width: Int, decay: Float = 0.99, using generator: inout SeededGenerator) {
        let bound = 1 / Float(entries)
        codebook = .randomUniform([entries, width], in: -bound...bound, using: &generator)
        clusterSize = Tensor(zeros: [entries])
        clusterSum = Tensor(shape: [entries, width], scalars: codebook.scalars)
        self.decay = decay
    }

    /// How many vectors the codebook holds: the number of distinct tokens.
    public var entries: Int { codebook.rows }
    /// How many numbers each codebook vector has.
    public var width: Int { codebook.columns }

    /// Quantises encoder vectors `z` ([M, width]): returns the straight-through quantised vectors
    /// (the decoder's input), the chosen indices, and the commitment loss mean‖z − sg(e)‖².
    public func callAsFunction(_ z: Tensor) -> (quantized: Tensor, indices: [Int], commitment: Tensor) {
        let indices = nearestCodes(z, codebook: codebook)
        let chosen = gatherRows(codebook, indices)  // the codebook has no gradient: chosen is data
        return (straightThrough(z, quantized: chosen), indices, meanSquaredError(z, chosen))
    }

    /// One EMA step towards the vectors `z` assigned to `indices` (call while training):
    /// N ← γN + (1−γ)n, m ← γm + (1−γ)Σz, e = m / N (with Laplace smoothing of N); dead entries
    /// restart at encoder vectors.
    public func updateCodebook(_ z: Tensor, indices: [Int]) {
        let (entries, width) = (self.entries, self.width)
        var counts = [Float](repeating: 0, count: entries)
        var sums = [Float](repeating: 0, count: entries * width)
        for (row, index) in indices.enumerated() {
            counts[index] += 1
            for j in 0..<width { sums[index * width + j] += z.data[row * width + j] }
        }
        for entry in 0..<entries {
            clusterSize.data[entry] = decay * clusterSize.data[entry] + (1 - decay) * counts[entry]
            for j in 0..<width {
                clusterSum.data[entry * width + j] = decay * clusterSum.data[entry * width + j] + (1 - decay) * sums[entry * width + j]
            }
        }
        // Restart dead entries at encoder vectors spread over the batch.
        let step = Int(updates.data[0])
        updates.data[0] += 1
        for entry in 0..<entries where clusterSize.data[entry] < deadThreshold {
            let row = (entry * 104_729 + step * 7_919) % indices.count
            clusterSize.data[entry] = 1
            for j in 0..<width { clusterSum.data[entry * width + j] = z.data[row * width + j] }
        }
        let total = (0..<entries).reduce(Float(0)) { $0 + clusterSize.data[$1] }
        for entry in 0..<entries {
            let smoothed = (clusterSize.data[entry] + epsilon) / (total + Float(entries) * epsilon) * total
            for j in 0..<width { codebook.data[entry * width + j] = clusterSum.data[entry * width + j] / smoothed }
        }
    }

    /// exp(entropy) of the code usage in `indices`: how many entries are effectively in use.
    public static func perplexity(_ indices: [Int], entries: Int) -> Double {
        var counts = [Double](repeating: 0, count: entries)
        for index in indices { counts[index] += 1 }
        let entropy = counts.reduce(0.0) { total, count in
            guard count > 0 else { return total }
            let p = count / Double(indices.count)
            return total - p * Foundation.log(p)
        }
        return Foundation.exp(entropy)
    }
}
