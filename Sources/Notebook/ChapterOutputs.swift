import Foundation
import Integrity
import Learning

/// What a chapter records for its page besides figures (`ChapterFigures.swift`): tables,
/// metrics, sentences, notes, exported files and, last, the run record. Kept apart from
/// `Chapter`'s own declaration, which holds what a training can read (options, data, random
/// generators), and from the figures: the key of a trained model follows the files its code
/// reaches by name (`DependencyAnalysis`), so a shared model whose function records a metric
/// after training does not depend on how figures are drawn.
extension Chapter {
    // MARK: Outputs for the page

    /// A table shown after this code. Cells are text or metrics (shown as the metric's display, so
    /// a table and the prose that cites the same metric always agree).
    public func table(_ title: String, columns: [String], rows: [[any TableCell]], line: Int = #line) {
        record.tables.append(.init(title: title, columns: columns, rows: rows.map { $0.map(\.tableText) }, line: line))
    }

    /// A named number for the page and the run record, citable in prose as `{{metric.name}}`;
    /// `format` is a printf format for its display. Returns the recorded metric, whose `display` a
    /// table or a computed sentence can use as it is. The page shows it under the code as
    /// "name = value" only when `shown` (a number the prose does not cite and no table holds), so a
    /// reader meets each number once.
    @discardableResult
    public func metric(_ name: String, _ value: Double, format: String = "%.2f", shown: Bool = false, line: Int = #line) -> RunRecord.Metric {
        let metric = RunRecord.Metric(name: name, value: value, display: Chapter.display(value, format: format), line: line, shown: shown ? true : nil)
        record.metrics.removeAll { $0.name == name }
        record.metrics.append(metric)
        return metric
    }

    /// `value` formatted with `format`; whole numbers of five digits or more get thousands separators.
    static func display(_ value: Double, format: String) -> String {
        let text = formatted(value, format)
        guard format == "%.0f", abs(value) >= 10_000 else { return text }
        var digits = Array(text.drop { $0 == "-" })
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: index)
            index -= 3
        }
        return (value < 0 ? "−" : "") + String(digits)
    }

    /// A sentence computed from the run's numbers (a verdict, a comparison), citable in prose as
    /// `{{text.name}}`, so the text can never disagree with the numbers.
    public func text(_ name: String, _ value: String) {
        record.texts[name] = value
    }

    /// A line of text shown after this code (e.g. what a step found).
    public func note(_ text: String, line: Int = #line) {
        record.notes.append(.init(text: text, line: line))
    }

    /// Lets `write` put files of its own (data a reader can download) into this run's folder; they
    /// are published beside the page. A failure stops the chapter with the error.
    public func export(_ write: (_ folder: String) throws -> Void) {
        do { try write(options.output) } catch { fail(error) }
    }

    /// The results of an earlier chapter of this build, to compare with. A chapter that has not run
    /// yet stops this one with an error saying which to run first.
    public func results(of otherSlug: String) -> ChapterResults {
        let path = SiteLayout.record(of: otherSlug, besideRun: options.output)
        guard FileManager.default.fileExists(atPath: path) else {
            fail(NotebookError.missingRunRecord(chapter: otherSlug, wantedBy: slug))
        }
        do {
            let results = ChapterResults(record: try RunRecord.read(from: path))
            // Recorded, so the chapter reruns when these results change, and only then.
            record.resultsRead = (record.resultsRead ?? [:]).merging([otherSlug: results.record.metricsDigest]) { $1 }
            return results
        } catch { fail(error) }
    }

    /// Writes `run.json`. Call it last.
    public func finish() {
        record.wallSeconds = Date().timeIntervalSince(started)
        record.peakMemoryMB = peakResidentMegabytes()
        record.dataset.sha256 = dataFingerprint
        record.versions = ["swift": options.resolvedToolchain, "OpenBLAS kernels": BLAS.kernelFamily, "run record": "1"]
        do {
            // Keep the exact sources this run executed, so its page shows them even if the files change later.
            try writeAtomically(Data(source.text.utf8), to: (options.output as NSString).appendingPathComponent(RunSources.chapterFile))
            for path in source.cells.flatMap(\.shownFiles) {
                try writeAtomically(Data(try projectText(path).utf8), to: RunSources.includedPath(path, in: options.output))
            }
            record.outputs = try RunOutputs.manifest(of: options.output)
            try record.write(to: SiteLayout.record(in: options.output))
        } catch { fail(error) }
        FileHandle.standardError.write(Data("[\(slug)] done in \(String(format: "%.1f", record.wallSeconds)) s\n".utf8))
    }
}
