import Foundation
import Learning

/// How sure a prior is of each next patch while it writes: the probability of its favourite token,
/// averaged over given images' positions on the border of the 7 × 7 grid and inside it. Each
/// image's 49 predictions come from one pass over its sequence (class token, then its tokens).
public struct PatchCertainty: Sendable {
    /// The mean probability of the favourite token at border positions, and at inner ones.
    public let border: Double, inner: Double

    public init(prior: PatchPrior, labels: [Int], samples: [[Int]]) {
        let side = VQVAE.gridSide
        var (borderTotal, innerTotal, borderCount, innerCount) = (0.0, 0.0, 0, 0)
        for (label, tokens) in zip(labels, samples) {
            for (position, probabilities) in Self.predictions(prior: prior, label: label, tokens: tokens).enumerated() {
                let favourite = probabilities.max() ?? 0
                let (row, column) = (position / side, position % side)
                if row == 0 || row == side - 1 || column == 0 || column == side - 1 {
                    borderTotal += favourite
                    borderCount += 1
                } else {
                    innerTotal += favourite
                    innerCount += 1
                }
            }
        }
        border = borderTotal / Double(max(borderCount, 1))
        inner = innerTotal / Double(max(innerCount, 1))
    }

    /// The prior's next-token distribution over the image codes before each of `tokens`.
    static func predictions(prior: PatchPrior, label: Int, tokens: [Int]) -> [[Double]] {
        let inputs = prior.inputs(label: label, tokens: tokens[...])
        let logits = withoutGradients { prior.logits(inputs, length: inputs.count).scalars }
        let width = logits.count / inputs.count
        return (0..<inputs.count).map { row in
            let scores = logits[row * width..<row * width + prior.vocabulary].map(Double.init)
            let largest = scores.max() ?? 0
            let weights = scores.map { Foundation.exp($0 - largest) }
            let total = weights.reduce(0, +)
            return weights.map { $0 / total }
        }
    }
}
