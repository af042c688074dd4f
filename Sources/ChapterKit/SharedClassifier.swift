import Learning
import Models
import Notebook

extension Chapter {
    /// The digit classifier that judges generated images, trained once for the whole site: every
    /// chapter that asks gets the same weights, restored from the shared checkpoint after the first.
    /// Its test accuracy is recorded as the metric `classifier_accuracy`; the training summary and
    /// the metric appear on the page after the code that calls this (`line`).
    public func sharedClassifier(epochs standardEpochs: Int = 8, line: Int = #line) -> DigitClassifier {
        var weights = random("classifier weights")
        let classifier = DigitClassifier(pixels: test.pixelsPerImage, classes: dataset.classNames.count, using: &weights)
        let optimizer = Adam(parameters: classifier.namedParameters, learningRate: 1e-3)
        _ = trainOrRestoreShared("classifier", model: classifier, optimizer: optimizer, epochs: epochs(standardEpochs), line: line) { progress in
            var batchOrder = random("classifier batches")
            for epoch in 1...progress.epochs {
                var total: Double = 0
                for batch in train.shuffledBatches(size: 128, using: &batchOrder) {
                    let loss = classifier.loss(Tensor(images: train, indices: batch), labels: train.labels(of: batch))
                    loss.backward()
                    optimizer.update()
                    total += try progress.step(loss) * Double(batch.count)
                }
                progress.epoch(epoch, ["train_loss": total / Double(train.count), "test_accuracy": classifier.accuracy(on: test)])
            }
        }
        metric("classifier_accuracy", 100 * classifier.accuracy(on: test), format: "%.2f%%", line: line)
        return classifier
    }
}
