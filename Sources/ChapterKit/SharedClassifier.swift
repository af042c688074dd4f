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
        let classifier = DigitClassifier(classes: dataset.classNames.count, using: &weights)
        let optimizer = Adam(parameters: classifier.namedParameters, learningRate: 1e-3)
        _ = trainedShared("classifier", state: classifier.namedTensors + optimizer.namedState, epochs: epochs(standardEpochs), line: line) { progress in
            var batchOrder = random("classifier batches")
            try classifier.train(on: train, test: test, epochs: progress.epochs, optimizer: optimizer, using: &batchOrder) { epoch, loss, accuracy in
                progress.epoch(epoch, ["train_loss": loss, "test_accuracy": accuracy])
            }
        }
        metric("classifier_accuracy", 100 * classifier.accuracy(on: test), format: "%.2f%%", line: line)
        return classifier
    }
}
