import Foundation

/// What prose may cite from a run: the weaver fills `{{metric.test_loss}}`, `{{run.seed}}`, … from
/// these, and a name not among them is an author mistake naming its line.
extension RunRecord {
    /// The values prose may cite, by placeholder name (`metric.test_loss`, `run.seed`, …).
    public var citableValues: [String: String] {
        var values: [String: String] = [
            "run.seed": "\(seed)", "run.threads": "\(threads)", "run.dataset": dataset.title,
            "run.wall_seconds": String(format: "%.0f", wallSeconds),
        ]
        for metric in metrics { values["metric.\(metric.name)"] = metric.display }
        for (name, text) in texts { values["text.\(name)"] = text }
        for training in trainings {
            values["training.\(training.name).epochs"] = "\(training.epochs.count)"
            values["training.\(training.name).seconds"] = String(format: "%.0f", training.trainingSeconds)
        }
        return values
    }
}
