@testable import Notebook
@testable import RunFormat
@testable import Weaver
import XCTest

/// Names that a chapter looks up — a training's per-epoch metric, another chapter's metric — fail
/// with an error that lists the names there are, instead of becoming NaN or a blank cell.
final class RunLookupTests: XCTestCase {
    func testUnknownTrainingMetricNamesTheKnownOnes() throws {
        let history = TrainingHistory(model: "vae", epochs: [["epoch": 1, "test_loss": 110], ["epoch": 2, "test_loss": 105]])
        XCTAssertEqual(history.final("test_loss"), 105)
        XCTAssertEqual(history.series("test_loss").map(\.y), [110, 105])
        XCTAssertThrowsError(try history.checkKnown("tset_loss")) { error in
            XCTAssertEqual(error as? NotebookError, .unknownTrainingMetric(model: "vae", name: "tset_loss", known: ["epoch", "test_loss"]))
            XCTAssertEqual("\(error)", "training 'vae' reported no metric 'tset_loss'; it reported: epoch, test_loss")
        }
    }

    func testOtherChaptersMetricsAreLookedUpByName() throws {
        var record = RunRecord(chapter: "autoencoder", seed: 1, threads: 2, dataset: .init(name: "mnist", title: "MNIST", sha256: ""), sourceSHA256: "")
        record.metrics = [.init(name: "test_mse_per_image", value: 7.5, display: "7.50", line: 3)]
        let results = ChapterResults(record: record)
        XCTAssertEqual(try results.checkedMetric("test_mse_per_image").display, "7.50")
        XCTAssertThrowsError(try results.checkedMetric("test_mse")) { error in
            XCTAssertEqual("\(error)", "chapter 'autoencoder' recorded no metric 'test_mse'; it recorded: test_mse_per_image")
        }
    }

    func testTableCellsShowMetricsAsTheirDisplay() {
        let metric = RunRecord.Metric(name: "accuracy", value: 0.981, display: "98.1%", line: 1)
        let cells: [any TableCell] = ["classifier", metric]
        XCTAssertEqual(cells.map(\.tableText), ["classifier", "98.1%"])
    }

    func testFormattedMatchesPrintf() {
        XCTAssertEqual(formatted(Float(3.14159), "%.1f"), "3.1")
        XCTAssertEqual(formatted(98.123, "%.1f%%"), "98.1%")
    }
}
