@testable import Figures
import Foundation
import RunFormat
import XCTest

/// Figures drawn for the width they are shown at: every figure's text is at least 8 px, and every
/// figure wider than a phone's column reflows to `FigureFiles.phoneWidth` with its text still 8 px or
/// more, except a heat map of printed numbers, which a page scrolls instead.
final class NarrowLayoutTests: XCTestCase {
    func testEveryGalleryFigureHasLegibleTextAndANarrowLayoutThatFits() throws {
        for (name, figure) in Gallery.figures() {
            let wide = try figure.render(.png(scale: 1))
            XCTAssertGreaterThanOrEqual(wide.smallestTextSize, 8, "\(name): text below 8 px")
            guard wide.width > FigureFiles.phoneWidth else { continue }
            guard let narrow = figure.laidOut(forWidth: FigureFiles.phoneWidth, style: .light) else {
                let printsValues = (figure as? HeatMap)?.showValues ?? false
                XCTAssertTrue(printsValues, "\(name): only a heat map of printed numbers may refuse to reflow")
                continue
            }
            let drawn = try narrow.render(.png(scale: 1))
            XCTAssertLessThanOrEqual(drawn.width, FigureFiles.phoneWidth + 2, "\(name): narrow layout is \(drawn.width) px wide")
            XCTAssertGreaterThanOrEqual(drawn.smallestTextSize, 8, "\(name): narrow layout has text below 8 px")
            XCTAssertEqual(try narrow.render(.png(scale: 2)).encoded(), try narrow.render(.png(scale: 2)).encoded(), "\(name): deterministic")
        }
    }

    func testAnImageGridSplitsItsBlocksKeepingOriginalsAboveTheirReconstructions() throws {
        let image = { (value: Float) in [Float](repeating: value, count: 784) }
        let originals = (0..<8).map { image(Float($0) / 10) }, reconstructions = (0..<8).map { image(Float($0) / 10 + 0.05) }
        let grid = ImageGrid.pairs(originals: originals, reconstructions: reconstructions, columns: 8,
                                   reconstructionCaptions: (0..<8).map { "\($0)" })
        let narrow = try XCTUnwrap(grid.laidOut(forWidth: FigureFiles.phoneWidth, style: .light) as? ImageGrid)
        XCTAssertEqual(narrow.columns, 4)
        XCTAssertEqual(narrow.rowLabels, ["original", "reconstruction", "original", "reconstruction"])
        // Each original sits straight above its own reconstruction, with its caption under it.
        for row in stride(from: 0, to: 4, by: 2) {
            for column in 0..<4 {
                let above = narrow.images[row * 4 + column], below = narrow.images[(row + 1) * 4 + column]
                XCTAssertEqual(below[0] - above[0], 0.05, accuracy: 1e-6)
                XCTAssertEqual(narrow.cellCaptions[(row + 1) * 4 + column], "\(Int((above[0] * 10).rounded()))")
            }
        }
    }

    func testAnUnevenSplitLeavesBlankCellsNotShiftedImages() throws {
        let images = (0..<12).map { [Float](repeating: Float($0) / 12, count: 784) }
        let grid = ImageGrid(images: images, columns: 12, cellSize: 40, gutter: 3, rowLabels: ["epoch 1"])
        let narrow = try XCTUnwrap(grid.laidOut(forWidth: FigureFiles.phoneWidth, style: .light) as? ImageGrid)
        XCTAssertEqual(narrow.columns * narrow.rows, 12, "twelve columns cut into even chunks")
        XCTAssertEqual(narrow.images.map { $0[0] }, images.map { $0[0] }, "the row's order is kept")
        XCTAssertEqual(narrow.rowLabels, [String](repeating: "epoch 1", count: narrow.rows))
    }

    func testArchitectureTurnsTopToBottomAndKeepsItsLabelSizes() throws {
        let figure = try XCTUnwrap(Gallery.figures().first { $0.name == "architecture-vae" }?.figure as? ArchitectureDiagram)
        let narrow = try XCTUnwrap(figure.laidOut(forWidth: FigureFiles.phoneWidth, style: .light) as? ArchitectureDiagram)
        XCTAssertTrue(narrow.topToBottom)
        let size = narrow.bodySize(style: .light)
        XCTAssertGreaterThan(size.height, size.width, "stages stack downwards")
        let wideCanvas = try figure.render(.png(scale: 1)), narrowCanvas = try narrow.render(.png(scale: 1))
        XCTAssertGreaterThanOrEqual(narrowCanvas.smallestTextSize, wideCanvas.smallestTextSize, "labels keep their size")
    }

    func testLogTicksInsideOneDecadeAreNeverFewerThanFour() {
        let ticks = NiceTicks(logFrom: 0.06, to: 0.3)
        XCTAssertGreaterThanOrEqual(ticks.values.count, 4)
        XCTAssertEqual(ticks.labels, ["0.07", "0.1", "0.15", "0.2", "0.3"])
        XCTAssertEqual(NiceTicks(logFrom: 0.05, to: 30).values, [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20], "wider ranges keep 1-2-5")
    }

    func testHeatMapNumbersContrastWithEveryShade() {
        for style in [Style.light, Style.dark] {
            for step in 0...50 {
                let cell = HeatMap.shade(Double(step) / 50, style: style)
                XCTAssertGreaterThanOrEqual(cell.contrast(with: HeatMap.textColor(on: cell)), 4.5, "shade \(step)/50")
            }
        }
    }

    func testOtherPointsAreCrossesNotAClassColour() throws {
        let plot = ScatterPlot(points: [(0, 0, 1), (1, 1, 10)], classNames: (0...9).map(String.init) + ["draw"], xLabel: "x", yLabel: "y")
        let entries = plot.legendEntries(style: .light)
        guard case .dot = entries[1].swatch, case .cross = entries[10].swatch else {
            return XCTFail("class 1 should be a dot and the draws crosses: \(entries.map(\.swatch))")
        }
    }
}
