import CKernels

/// Softmax cross-entropy in which target r counts `weights[r]` times: the loss is
/// Σ wᵣ·(−log pᵣ(labelᵣ)) / Σ wᵣ over the target rows, and row r's gradient is
/// wᵣ/Σw · (softmax − one-hot). With every weight 1 it is `softmaxCrossEntropy`.
///
/// Why a model needs it: in a sequence of 58 targets the few that matter most to a reader can be
/// drowned by the rest. Chapter 5's image-first sequences hold one class word among 49 image
/// tokens; weighting the caption's targets gives recognising the image the share of the gradient
/// that the page asks of it. A label of −1 (padding) counts for nothing whatever its weight.
///
/// The forward pass is the unweighted kernel (`CKernels/losses.c`), which keeps each row's loss
/// and probabilities; the backward pass scales each row by its weight.
public func weightedSoftmaxCrossEntropy(logits: Tensor, labels: [Int], weights: [Float]) -> Tensor {
    let rows = logits.rows, classes = logits.columns
    // Checked in release builds too (they drop preconditions): the kernel indexes rows by label.
    guard labels.count == rows, weights.count == rows else {
        fatalError("weightedSoftmaxCrossEntropy: \(rows) rows but \(labels.count) labels and \(weights.count) weights")
    }
    if let label = labels.first(where: { $0 >= classes }) { fatalError("weightedSoftmaxCrossEntropy: label \(label) outside 0..<\(classes)") }
    if let weight = weights.first(where: { !($0 >= 0 && $0.isFinite) }) { fatalError("weightedSoftmaxCrossEntropy: weight \(weight) is not a finite number ≥ 0") }
    var totalWeight = 0.0
    for row in 0..<rows where labels[row] >= 0 { totalWeight += Double(weights[row]) }
    let denominator = totalWeight > 0 ? totalWeight : 1
    let probabilities = BufferPool.shared.take(logits.count)
    let loss = Tensor(uninitializedShape: [1], inputs: [logits]) { loss in
        let scale = loss.gradientBuffer()[0] / Float(denominator)
        logits.addToGradient { gradient in
            for row in 0..<rows where labels[row] >= 0 {
                let rowScale = scale * weights[row], first = row * classes
                for j in 0..<classes { gradient[first + j] += rowScale * probabilities[first + j] }
                gradient[first + labels[row]] -= rowScale
            }
        }
    }
    let rowLosses = [Float](unsafeUninitializedCapacity: rows) { losses, initialized in
        labels.withUnsafeBufferPointer { latent_softmax_cross_entropy(logits.data, $0.baseAddress, rows, classes, probabilities, losses.baseAddress) }
        initialized = rows
    }
    var total: Double = 0
    for row in 0..<rows where labels[row] >= 0 { total += Double(rowLosses[row]) * Double(weights[row]) }
    loss.data[0] = Float(total / denominator)
    loss.keepForBackward(probabilities, count: logits.count)
    return loss
}
