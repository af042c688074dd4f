import CKernels
import Foundation

// Losses, each fused into one op: the value and its gradient come from one pass over the data,
// written in a form that cannot overflow (no log of 0, no exp of a large number).

/// How a loss combines per-scalar terms.
public enum Reduction: Sendable {
    /// Add them: the scale the VAE's ELBO is written in (nats per image when divided by the batch).
    case sum
    /// Average them.
    case mean
}

/// Binary cross-entropy between `targets` in [0, 1] and sigmoid(`logits`), without ever forming
/// the sigmoid: per scalar, max(l, 0) − l·t + log(1 + e^−|l|), whose gradient is sigmoid(l) − t.
public func binaryCrossEntropy(logits: Tensor, targets: Tensor, reduction: Reduction = .sum) -> Tensor {
    precondition(logits.shape == targets.shape, "binaryCrossEntropy: logits \(logits.shape) vs targets \(targets.shape)")
    let count = logits.count
    let scale: Float = reduction == .sum ? 1 : 1 / Float(count)
    let residual = BufferPool.shared.take(count)  // sigmoid(l) − t, kept for the backward pass
    let loss = Tensor(uninitializedShape: [1], inputs: [logits]) { loss in
        let upstream = loss.gradientBuffer()[0] * scale
        logits.addToGradient { gradient in for i in 0..<count { gradient[i] += upstream * residual[i] } }
    }
    let total = latent_binary_cross_entropy(logits.data, targets.data, residual, count)
    loss.data[0] = Float(total) * scale
    loss.keepForBackward(residual, count: count)
    return loss
}

/// Mean (or summed) squared difference: Σ(p − t)², the plain auto-encoder's reconstruction loss.
public func meanSquaredError(_ prediction: Tensor, _ target: Tensor, reduction: Reduction = .mean) -> Tensor {
    precondition(prediction.shape == target.shape, "meanSquaredError: \(prediction.shape) vs \(target.shape)")
    let count = prediction.count
    let scale: Float = reduction == .sum ? 1 : 1 / Float(count)
    let loss = Tensor(uninitializedShape: [1], inputs: [prediction, target]) { loss in
        let upstream = 2 * scale * loss.gradientBuffer()[0]
        prediction.addToGradient { gradient in
            ComputeThreads.forEachPart(of: count, minimumPerPart: ComputeThreads.smallestPart) { part in
                for i in part { gradient[i] += upstream * (prediction.data[i] - target.data[i]) }
            }
        }
        target.addToGradient { gradient in
            ComputeThreads.forEachPart(of: count, minimumPerPart: ComputeThreads.smallestPart) { part in
                for i in part { gradient[i] -= upstream * (prediction.data[i] - target.data[i]) }
            }
        }
    }
    let total = ComputeThreads.sum(over: count, minimumPerPart: ComputeThreads.smallestPart) { part in
        var sum: Double = 0
        for i in part {
            let difference = prediction.data[i] - target.data[i]
            sum += Double(difference * difference)
        }
        return sum
    }
    loss.data[0] = Float(total) * scale
    return loss
}

/// KL(N(μ, σ²) ‖ N(0, 1)) summed over every dimension and example, from μ and log σ²:
/// −½ Σ (1 + log σ² − μ² − σ²). Its gradient: ∂/∂μ = μ, ∂/∂log σ² = ½(σ² − 1).
public func gaussianKLDivergence(mean: Tensor, logVariance: Tensor) -> Tensor {
    precondition(mean.shape == logVariance.shape, "gaussianKLDivergence: μ \(mean.shape) vs log σ² \(logVariance.shape)")
    let count = mean.count
    let loss = Tensor(uninitializedShape: [1], inputs: [mean, logVariance]) { loss in
        let upstream = loss.gradientBuffer()[0]
        mean.addToGradient { gradient in for i in 0..<count { gradient[i] += upstream * mean.data[i] } }
        logVariance.addToGradient { gradient in
            for i in 0..<count { gradient[i] += upstream * 0.5 * (Foundation.exp(logVariance.data[i]) - 1) }
        }
    }
    var total: Double = 0
    for i in 0..<count {
        let m = mean.data[i], lv = logVariance.data[i]
        total += Double(1 + lv - m * m - Foundation.exp(lv))
    }
    loss.data[0] = Float(-0.5 * total)
    return loss
}

/// Cross-entropy of softmax(`logits`) against integer `labels`, averaged over the rows:
/// −log p(label). Computed with the log-sum-exp shift; the gradient is softmax − one-hot.
/// A label of −1 marks a row that is not a target (padding): it adds nothing to the loss or the
/// gradient, and the mean is over the other rows.
public func softmaxCrossEntropy(logits: Tensor, labels: [Int]) -> Tensor {
    let rows = logits.rows, classes = logits.columns
    precondition(labels.count == rows, "softmaxCrossEntropy: \(rows) rows but \(labels.count) labels")
    // Checked in release builds too (they drop preconditions): the kernel indexes rows by label.
    if let label = labels.first(where: { $0 >= classes }) { fatalError("softmaxCrossEntropy: label \(label) outside 0..<\(classes)") }
    let counted = labels.filter { $0 >= 0 }.count
    let probabilities = BufferPool.shared.take(logits.count)
    // The rows run in C (CKernels/losses.c), shared between the compute threads;
    // each row's loss is kept and the losses are added up here in row order, as one loop would.
    let loss = Tensor(uninitializedShape: [1], inputs: [logits]) { loss in
        let scale = loss.gradientBuffer()[0] / Float(Swift.max(counted, 1))
        logits.addToGradient { gradient in
            labels.withUnsafeBufferPointer { latent_softmax_cross_entropy_backward(probabilities, $0.baseAddress, rows, classes, scale, gradient) }
        }
    }
    let rowLosses = [Float](unsafeUninitializedCapacity: rows) { losses, initialized in
        labels.withUnsafeBufferPointer { latent_softmax_cross_entropy(logits.data, $0.baseAddress, rows, classes, probabilities, losses.baseAddress) }
        initialized = rows
    }
    var total: Double = 0
    for row in 0..<rows where labels[row] >= 0 { total += Double(rowLosses[row]) }
    loss.data[0] = Float(total / Double(Swift.max(counted, 1)))
    loss.keepForBackward(probabilities, count: logits.count)
    return loss
}

/// z = μ + σ·ε with σ = exp(½ log σ²): a sample from N(μ, σ²) that gradients can flow through,
/// because the randomness sits in `noise` ε ~ N(0, 1), which is data.
public func reparameterize(mean: Tensor, logVariance: Tensor, noise: Tensor) -> Tensor {
    precondition(mean.shape == logVariance.shape && mean.shape == noise.shape, "reparameterize: shapes differ")
    let count = mean.count
    let z = Tensor(uninitializedShape: mean.shape, inputs: [mean, logVariance]) { z in
        let upstream = z.gradientBuffer()
        mean.addToGradient { gradient in for i in 0..<count { gradient[i] += upstream[i] } }
        logVariance.addToGradient { gradient in  // ∂z/∂ log σ² = ½ σ ε
            for i in 0..<count { gradient[i] += upstream[i] * 0.5 * noise.data[i] * Foundation.exp(0.5 * logVariance.data[i]) }
        }
    }
    for i in 0..<count { z.data[i] = mean.data[i] + noise.data[i] * Foundation.exp(0.5 * logVariance.data[i]) }
    return z
}
