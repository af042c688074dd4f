import Datasets
import Foundation

/// A seeded pseudo-random generator (xoshiro256**, seeded through SplitMix64): the only source of
/// randomness in the engine. Every draw depends only on the seed and the order of calls, so the
/// same seed gives the same initial weights, batches and noise on every run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    /// Box–Muller makes normals in pairs; the second waits here.
    private var spareNormal: Float?

    /// A generator whose every draw follows from `seed` (chapters get one per purpose from `chapter.random(_:)`).
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9e37_79b9_7f4a_7c15
            var z = splitMix
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    public mutating func next() -> UInt64 {
        let result = ((state.1 &* 5) << 7 | (state.1 &* 5) >> 57) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = state.3 << 45 | state.3 >> 19
        return result
    }

    /// A uniform float in [0, 1), from the top 24 bits.
    public mutating func uniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A uniform float in `range`.
    public mutating func uniform(in range: ClosedRange<Float>) -> Float {
        range.lowerBound + (range.upperBound - range.lowerBound) * uniform()
    }

    /// A draw from N(0, 1) (Box–Muller).
    public mutating func normal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        let u1 = Double(uniform()) + 0x1p-25  // never 0, so the log is finite
        let u2 = Double(uniform())
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        spareNormal = Float(radius * Foundation.sin(2 * Double.pi * u2))
        return Float(radius * Foundation.cos(2 * Double.pi * u2))
    }

    /// `0..<count` in random order.
    public mutating func permutation(_ count: Int) -> [Int] {
        Permutation.shuffled(count: count, using: &self)
    }

    /// Fills `tensor` with draws from N(0, 1) (e.g. the VAE's ε each step, without a new buffer).
    public mutating func fillNormal(_ tensor: Tensor) {
        for i in 0..<tensor.count { tensor.data[i] = normal() }
    }
}

extension Tensor {
    /// A data tensor of N(0, 1) draws.
    public static func randomNormal(_ shape: [Int], using generator: inout SeededGenerator) -> Tensor {
        let tensor = Tensor(zeros: shape)
        generator.fillNormal(tensor)
        return tensor
    }

    /// A data tensor of `rows` draws whose column j is normal with mean `means[j]` and standard
    /// deviation `deviations[j]` (drawn row by row, as x = μⱼ + σⱼ·ε).
    public static func randomNormal(
        rows: Int, means: [Double], deviations: [Double], using generator: inout SeededGenerator
    ) -> Tensor {
        precondition(means.count == deviations.count, "randomNormal: \(means.count) means but \(deviations.count) deviations")
        let columns = means.count
        let tensor = Tensor(zeros: [rows, columns])
        for index in 0..<tensor.count {
            let column = index % columns
            tensor.data[index] = Float(means[column] + deviations[column] * Double(generator.normal()))
        }
        return tensor
    }

    /// A tensor of uniform draws in `range`.
    public static func randomUniform(
        _ shape: [Int], in range: ClosedRange<Float>, requiresGradient: Bool = false, using generator: inout SeededGenerator
    ) -> Tensor {
        let scalars = (0..<shape.reduce(1, *)).map { _ in generator.uniform(in: range) }
        return Tensor(shape: shape, scalars: scalars, requiresGradient: requiresGradient)
    }
}
