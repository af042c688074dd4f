import Datasets
import Foundation
import Learning

/// A small MLP classifier (784 → 512 → 256 → 10, ReLU), trained once and shared by the chapters
/// to judge generated images: does a decoded sample look like any class at all?
public struct DigitClassifier: Layer {
    public let hidden1: Linear
    public let hidden2: Linear
    public let output: Linear

    public init(classes: Int = 10, using generator: inout SeededGenerator) {
        hidden1 = Linear(784, 512, using: &generator)
        hidden2 = Linear(512, 256, using: &generator)
        output = Linear(256, classes, using: &generator)
    }

    public func logits(_ x: Tensor) -> Tensor { output(relu(hidden2(relu(hidden1(x))))) }

    /// Class probabilities, one row per image.
    public func probabilities(_ x: Tensor) -> [[Float]] {
        let logits = self.logits(x)
        let classes = logits.columns
        return (0..<logits.rows).map { row in
            let values = Array(UnsafeBufferPointer(start: logits.data + row * classes, count: classes))
            let largest = values.max()!
            let exponentials = values.map { Foundation.exp($0 - largest) }
            let total = exponentials.reduce(0, +)
            return exponentials.map { $0 / total }
        }
    }

    /// One epoch of Adam on cross-entropy over `images`; returns the mean loss.
    public func trainEpoch(on images: LabelledImages, optimizer: Optimizer, using generator: inout SeededGenerator) throws -> Double {
        var total: Double = 0
        for (step, batch) in images.shuffledBatches(size: 128, using: &generator).enumerated() {
            let loss = softmaxCrossEntropy(logits: logits(Tensor(images: images, indices: batch)), labels: images.labels(of: batch))
            loss.backward()
            optimizer.update()
            try checkFinite(loss.item, epoch: 0, step: step)
            total += Double(loss.item) * Double(batch.count)
        }
        return total / Double(images.count)
    }

    /// Trains for `epochs` epochs, calling `report(epoch, mean loss, test accuracy)` after each.
    public func train(
        on images: LabelledImages, test: LabelledImages, epochs: Int, optimizer: Optimizer, using generator: inout SeededGenerator,
        report: (Int, Double, Double) -> Void
    ) throws {
        for epoch in 1...epochs {
            let loss = try trainEpoch(on: images, optimizer: optimizer, using: &generator)
            report(epoch, loss, accuracy(on: test))
        }
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
