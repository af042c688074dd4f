import Foundation
import Learning

extension PatchPrior {
    /// The prior's prediction of the image token after `written` in an image of class `label`: the
    /// probability of each of the `vocabulary` image codes. It is the softmax of the last
    /// position's logits over the image codes alone, the distribution generation draws from (class
    /// tokens are never drawn), so a page script that shows the same numbers can be checked against it.
    public func nextTokenProbabilities(label: Int, written: [Int]) -> [Double] {
        let sequence = [vocabulary + label] + written
        let logits = withoutGradients { self.logits(sequence, length: sequence.count).scalars }
        let width = logits.count / sequence.count
        let last = logits[(sequence.count - 1) * width..<(sequence.count - 1) * width + vocabulary].map(Double.init)
        let largest = last.max() ?? 0
        let weights = last.map { Foundation.exp($0 - largest) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }
}
