import Datasets
import Foundation
import Learning

/// The class a classifier's `probabilities` for one image favour most.
public func predictedClass(_ probabilities: [Float]) -> Int {
    probabilities.indices.max { probabilities[$0] < probabilities[$1] }!
}

/// A cross-entropy in nats (natural logarithms, what the losses compute) expressed in bits.
public func bits(fromNats nats: Double) -> Double { nats / Foundation.log(2.0) }

/// The bits a guess that knows nothing needs to pick one of `choices` equally likely options.
public func bitsToChoose(among choices: Int) -> Double { Foundation.log2(Double(choices)) }

/// How convincing a batch of generated images is, as judged by a classifier.
public struct SampleQuality: Sendable {
    /// Mean of the classifier's highest class probability: near 1 means each image looks clearly
    /// like some digit; near 0.1 means the classifier cannot tell.
    public let meanConfidence: Double
    /// Entropy (bits) of the histogram of predicted classes: log₂ 10 ≈ 3.32 when every class is
    /// generated equally often, 0 when every sample is the same class.
    public let classEntropy: Double
    /// How many samples were predicted as each class.
    public let classCounts: [Int]

    /// The quality figures of a batch of samples, from the classifier's probabilities (one row per sample).
    public init(probabilities: [[Float]]) {
        let classes = probabilities.first?.count ?? 0
        var counts = [Int](repeating: 0, count: classes)
        var confidence: Double = 0
        for row in probabilities {
            let best = predictedClass(row)
            counts[best] += 1
            confidence += Double(row[best])
        }
        meanConfidence = confidence / Double(max(probabilities.count, 1))
        classEntropy = counts.reduce(0.0) { total, count in
            guard count > 0 else { return total }
            let p = Double(count) / Double(probabilities.count)
            return total - p * Foundation.log2(p)
        }
        classCounts = counts
    }
}

/// Reconstruction error per image, summed over its pixels and averaged over images:
/// squared error, and binary cross-entropy in nats (the VAE's own reconstruction term).
public struct ReconstructionError: Sendable {
    /// Squared error per image, summed over pixels: what the auto-encoder minimises.
    public let meanSquaredErrorPerImage: Double
    /// Binary cross-entropy per image in nats, summed over pixels: the VAE's reconstruction term.
    public let crossEntropyPerImage: Double

    /// Compares `reconstruct(batch)` (pixel intensities in (0, 1)) with each batch of `images`.
    public init(images: LabelledImages, reconstruct: (Tensor) -> Tensor) {
        var squared: Double = 0, crossEntropy: Double = 0
        for batch in images.batches(size: 1000) {
            let x = Tensor(images: images, indices: batch)
            let y = withoutGradients { reconstruct(x) }
            for (target, predicted) in zip(x.scalars, y.scalars) {
                let target = Double(target), p = min(max(Double(predicted), 1e-7), 1 - 1e-7)
                squared += (p - target) * (p - target)
                crossEntropy -= target * Foundation.log(p) + (1 - target) * Foundation.log(1 - p)
            }
        }
        meanSquaredErrorPerImage = squared / Double(images.count)
        crossEntropyPerImage = crossEntropy / Double(images.count)
    }
}

/// The test digits every chapter shows: the first test image of each class, then `extra` more
/// drawn at random with a fixed seed, so all chapters reconstruct the same digits.
public func showcaseIndices(in test: LabelledImages, extra: Int = 6) -> [Int] {
    var firsts: [Int] = []
    for label in 0..<test.dataset.classNames.count {
        if let index = test.labels.firstIndex(of: UInt8(label)) { firsts.append(index) }
    }
    var generator = SeededGenerator(seed: 2024)
    let others = generator.permutation(test.count).filter { !firsts.contains($0) }.prefix(extra)
    return firsts + others
}

/// Projects points (rows) onto their first two principal components, found by power iteration
/// on the covariance matrix; `others` are projected with the same centre and components.
public func principalComponentProjection(_ points: [[Float]], others: [[Float]] = []) -> (points: [(x: Double, y: Double)], others: [(x: Double, y: Double)]) {
    let dimensions = points.first?.count ?? 0
    let count = Double(points.count)
    let mean = (0..<dimensions).map { j in points.reduce(0.0) { $0 + Double($1[j]) } / count }
    var covariance = [[Double]](repeating: [Double](repeating: 0, count: dimensions), count: dimensions)
    for point in points {
        for i in 0..<dimensions {
            for j in 0..<dimensions { covariance[i][j] += (Double(point[i]) - mean[i]) * (Double(point[j]) - mean[j]) / count }
        }
    }
    var components: [[Double]] = []
    for component in 0..<2 {
        var vector = (0..<dimensions).map { Double(($0 * 7 + component * 3) % 5) + 1 }
        for _ in 0..<200 {
            var next = covariance.map { row in zip(row, vector).reduce(0) { $0 + $1.0 * $1.1 } }
            for previous in components {  // stay orthogonal to the components already found
                let overlap = zip(next, previous).reduce(0) { $0 + $1.0 * $1.1 }
                next = zip(next, previous).map { $0 - overlap * $1 }
            }
            let norm = next.reduce(0) { $0 + $1 * $1 }.squareRoot()
            vector = next.map { $0 / max(norm, 1e-12) }
        }
        components.append(vector)
    }
    func project(_ point: [Float]) -> (x: Double, y: Double) {
        let centred = (0..<dimensions).map { Double(point[$0]) - mean[$0] }
        return (zip(centred, components[0]).reduce(0) { $0 + $1.0 * $1.1 }, zip(centred, components[1]).reduce(0) { $0 + $1.0 * $1.1 })
    }
    return (points.map(project), others.map(project))
}
