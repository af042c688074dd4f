/// What an earlier chapter measured, read from its run record: `chapter.results(of: "vae")`.
public struct ChapterResults: Sendable {
    /// The earlier chapter's whole run record, for what `metric(_:)` does not cover.
    public let record: RunRecord

    /// The metric called `name`. A name the chapter never recorded stops the chapter that asks, with
    /// an error listing the names it did record: a typo cannot quietly become a blank cell or NaN.
    public func metric(_ name: String) -> RunRecord.Metric {
        do { return try checkedMetric(name) } catch { Chapter.exit(with: error) }
    }

    /// The metric called `name`, or `unknownMetric` naming the ones there are.
    func checkedMetric(_ name: String) throws -> RunRecord.Metric {
        guard let metric = record.metrics.first(where: { $0.name == name }) else {
            throw NotebookError.unknownMetric(chapter: record.chapter, name: name, known: record.metrics.map(\.name).sorted())
        }
        return metric
    }
}

/// Something a chapter's table can show in a cell: text as it is, a metric as its display.
public protocol TableCell {
    /// The text the table shows in the cell.
    var tableText: String { get }
}

extension String: TableCell {
    public var tableText: String { self }
}

extension RunRecord.Metric: TableCell {
    public var tableText: String { display }
}
