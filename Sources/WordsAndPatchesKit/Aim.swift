import Notebook

/// One aim chapters 5 and 6 set before anything trains: what is measured, what the run measured,
/// and the share it should reach; a table row of aims says which were met and by how much not.
public struct Aim {
    public let what: String
    public let measured: RunRecord.Metric
    public let aim: Double

    public init(what: String, measured: RunRecord.Metric, aim: Double) {
        self.what = what
        self.measured = measured
        self.aim = aim
    }

    public var met: Bool { measured.value >= aim }
    /// What the page says in the verdict's last column.
    public var verdict: String { met ? "yes" : "no, short by \(formatted(aim - measured.value, "%.1f")) points" }
}
