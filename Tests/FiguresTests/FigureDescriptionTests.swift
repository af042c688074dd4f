@testable import Figures
import XCTest

/// Each figure type says what it draws from its own data: the numbers in the words are the data's.
final class FigureDescriptionTests: XCTestCase {
    func testALinePlotNamesEachCurveWithItsFirstLastAndLowestValues() {
        let plot = LinePlot(series: [.init(name: "train", points: [(1, 0.5), (2, 0.2), (3, 0.25)]),
                                     .init(name: "test", points: [(1, 0.6), (3, 0.3)], dashed: true)],
                            xLabel: "epoch", yLabel: "loss", guides: [.init(label: "aim", y: 0.1)])
        XCTAssertEqual(plot.dataDescription, "Line plot of loss against epoch, 2 curves: train from 0.5 at 1 to 0.25 at 3 (lowest 0.2 at 2), "
            + "test from 0.6 at 1 to 0.3 at 3. Reference lines: aim at 0.1.")
        var titled = plot
        titled.title = "Loss"
        XCTAssertEqual(titled.alternativeText, "Loss. " + plot.dataDescription)
    }

    func testAScatterPlotDescribesEachClassAsACluster() {
        let points: [(x: Double, y: Double, label: Int)] = [(0, 0, 0), (2, 0, 0), (10, 10, 1), (10, 12, 1), (10, 8, 1)]
        let plot = ScatterPlot(points: points, classNames: ["zero", "one"], xLabel: "z₁", yLabel: "z₂")
        XCTAssertEqual(plot.dataDescription, "Scatter plot of 5 points, z₁ from 0 to 10 across, z₂ from 0 to 12 up, in 2 groups. "
            + "zero: 2 around (1, 0), spread 1; one: 3 around (10, 10), spread 1.63.")
    }

    func testAnImageGridSaysItsRowsAndCaptionsAndABarChartItsExtremes() {
        let grid = ImageGrid(images: Array(repeating: [Float](repeating: 0, count: 4), count: 6), imageSide: 2, columns: 3,
                             rowLabels: ["original", "reconstruction"], cellCaptions: ["", "", "", "0.1", "0.2", "0.3"])
        XCTAssertEqual(grid.dataDescription, "Grid of 6 images (2 × 2 pixels each) in 2 rows of up to 3, rows labelled “original”, “reconstruction”. "
            + "Under the images: 0.1, 0.2, 0.3.")
        let bars = BarChart(values: [3, 12_500, 0.25], labels: ["a", "b", "c"], xLabel: "letter", yLabel: "count")
        XCTAssertEqual(bars.dataDescription, "Bar chart of count by letter, 3 bars: largest b at 12,500, smallest c at 0.25.")
    }

    func testAHeatMapNamesWhereItsExtremesAre() {
        let map = HeatMap(values: [[0.1, 0.9], [0.4, 0.05]], rowLabels: ["r1", "r2"], columnLabels: ["c1", "c2"],
                          rowTitle: "query", columnTitle: "key")
        XCTAssertEqual(map.dataDescription, "Heat map of 2 rows (query) by 2 columns (key): values from 0.05 (r2, c2) to 0.9 (r1, c2).")
    }

    func testNumbersAreSaidAsAReaderWouldSayThem() {
        XCTAssertEqual(FigureWords.spoken(154.37), "154")
        XCTAssertEqual(FigureWords.spoken(0.012345), "0.0123")
        XCTAssertEqual(FigureWords.spoken(60_000), "60,000")
        XCTAssertEqual(FigureWords.spoken(-2.5), "-2.5")
        XCTAssertEqual(FigureWords.spoken(.nan), "not a number")
        XCTAssertEqual(FigureWords.listed(["a", "b", "c"], limit: 2), "a, b and 1 more")
    }
}
