import Datasets
import Foundation
import Learning

/// A small MLP classifier (pixels → 512 → 256 → classes, ReLU), trained once and shared by the chapters
/// to judge generated images: does a decoded sample look like any class at all?
public struct DigitClassifier: Layer {
    /// Pixels → 512.
    public let hidden1: Linear
    /// 512 → 256.
    public let hidden2: Linear
    /// 256 → one score per class.
    public let output: Linear

    /// A classifier of `pixels`-pixel images into `classes` classes, its weights drawn from `generator`.
    public init(pixels: Int = 784, classes: Int = 10, using generator: inout SeededGenerator) {
        hidden1 = Linear(pixels, 512, using: &generator)
        hidden2 = Linear(512, 256, using: &generator)
        output = Linear(256, classes, using: &generator)
    }

    /// Unnormalised class scores, [images, classes]: what the cross-entropy loss trains on.
    public func logits(_ x: Tensor) -> Tensor { output(relu(hidden2(relu(hidden1(x))))) }

    /// Class probabilities, one row per image (evaluation: records no gradients).
    public func probabilities(_ x: Tensor) -> [[Float]] {
        let logits = withoutGradients { self.logits(x) }
        return rows(of: logits).map { values in
            let largest = values.max()!
            let exponentials = values.map { Foundation.exp($0 - largest) }
            let total = exponentials.reduce(0, +)
            return exponentials.map { $0 / total }
        }
    }

    /// Mean cross-entropy of the predicted classes against `labels`: the training loss.
    public func loss(_ x: Tensor, labels: [Int]) -> Tensor {
        softmaxCrossEntropy(logits: logits(x), labels: labels)
    }

    /// The share of `images` classified correctly.
    public func accuracy(on images: LabelledImages) -> Double {
        var correct = 0
        for batch in images.batches(size: 1000) {
            let predictions = probabilities(Tensor(images: images, indices: batch)).map(predictedClass)
            for (prediction, label) in zip(predictions, images.labels(of: batch)) where prediction == label { correct += 1 }
        }
        return Double(correct) / Double(images.count)
    }
}
