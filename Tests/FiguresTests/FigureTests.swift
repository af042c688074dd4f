@testable import Figures
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// Every figure type renders from synthetic data: right size, ink where content belongs,
/// well-formed SVG, and the same bytes every time.
final class FigureTests: XCTestCase {
    /// Counts device pixels in `rect` (logical units) that differ clearly from the background.
    func inkedPixels(_ canvas: Canvas, in rect: Rect, background: Color = Style.light.background) -> Int {
        var count = 0
        let scale = canvas.scale
        for y in Int(rect.minY * scale)..<Int(rect.maxY * scale) {
            for x in Int(rect.minX * scale)..<Int(rect.maxX * scale) {
                guard let pixel = canvas.pixel(x: x, y: y) else { continue }
                let distance = abs(Double(pixel.red) / 255 - background.red) + abs(Double(pixel.green) / 255 - background.green)
                    + abs(Double(pixel.blue) / 255 - background.blue)
                if distance > 0.15 { count += 1 }
            }
        }
        return count
    }

    /// An SVG's bytes depend on the figure alone: not on how many surfaces the process made before
    /// it (Cairo numbers them all), so figures drawn side by side are the same files as drawn in turn.
    func testTheSameFigureIsTheSameSVGWhateverWasDrawnBefore() throws {
        let plot = LinePlot(series: [.init(name: "a", points: [(0, 1), (1, 2)])], xLabel: "x", yLabel: "y")
        let first = try plot.render(.svg).encoded()
        for _ in 0..<3 { _ = try plot.render(.png(scale: 1)).encoded() }
        let again = try plot.render(.svg).encoded()
        XCTAssertEqual(first, again)
        XCTAssertTrue(String(decoding: first, as: UTF8.self).contains("id=\"surface1\""))
    }

    func testEveryGalleryFigureRendersDeterministicallyWithContent() throws {
        for (name, figure) in Gallery.figures() {
            let canvas = try figure.render(.png(scale: 2))
            let body = figure.bodySize(style: .light)
            XCTAssertGreaterThanOrEqual(canvas.width, body.width, name)
            XCTAssertGreaterThan(canvas.height, body.height, name)
            // The body's area holds a real share of drawn pixels, and so does its title band.
            let bodyRect = Rect(x: figureMargin, y: canvas.height - figureMargin - body.height - (figure.caption == nil ? 0 : 30),
                                width: body.width, height: body.height)
            XCTAssertGreaterThan(inkedPixels(canvas, in: bodyRect), Int(body.width * body.height * 0.01), "\(name): body is nearly blank")
            XCTAssertGreaterThan(inkedPixels(canvas, in: Rect(x: 0, y: 0, width: canvas.width, height: figureMargin + 22)), 100, "\(name): no title")
            let png = try canvas.encoded()
            XCTAssertEqual(Array(png.prefix(8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "\(name): PNG signature")
            let size = pngSize(png)
            XCTAssertEqual(size.0, Int((canvas.width * 2).rounded(.up)), name)
            XCTAssertEqual(size.1, Int((canvas.height * 2).rounded(.up)), name)
            XCTAssertEqual(try figure.render(.png(scale: 2)).encoded(), png, "\(name): same input, same bytes")
            let svg = try figure.render(.svg).encoded()
            XCTAssertTrue(XMLParser(data: svg).parse(), "\(name): SVG is well-formed XML")
            XCTAssertTrue(String(decoding: svg, as: UTF8.self).contains("<svg"), name)
        }
    }

    func testImageGridPutsInkInsideTheCellsAndLabelsInTheMargin() throws {
        let ink = [Float](repeating: 1, count: 784), blank = [Float](repeating: 0, count: 784)
        let grid = ImageGrid(images: [ink, blank], columns: 2, cellSize: 40, gutter: 10, rowLabels: ["row"])
        let canvas = try grid.render(.png(scale: 1))
        let labelWidth = grid.labelWidth(style: .light)
        let first = Rect(x: figureMargin + labelWidth + 2, y: figureMargin + 2, width: 36, height: 36)
        let second = Rect(x: first.x + 50, y: first.y, width: 36, height: 36)
        XCTAssertEqual(inkedPixels(canvas, in: first), 36 * 36, "a full-ink image is dark everywhere")
        XCTAssertEqual(inkedPixels(canvas, in: second), 0, "a blank image stays paper-white")
        XCTAssertGreaterThan(inkedPixels(canvas, in: Rect(x: figureMargin, y: figureMargin, width: labelWidth - 12, height: 40)), 20, "row label drawn")
    }

    func testLongCellCaptionsShrinkToTheirCell() throws {
        let blank = [Float](repeating: 0, count: 784)
        let grid = ImageGrid(images: [blank, blank, blank], columns: 3, cellSize: 40, gutter: 4,
                             cellCaptions: ["Ankle boot", "Ankle boot", "Ankle boot"])
        let canvas = try grid.render(.png(scale: 2))
        let band = (y: figureMargin + 40 + 3, height: 12.0)
        for gap in 1...2 {
            // Each gutter, under the cells, stays clear: captions neither cross nor touch.
            let x = figureMargin + Double(gap) * 44 - 4
            XCTAssertEqual(inkedPixels(canvas, in: Rect(x: x, y: band.y, width: 4, height: band.height)), 0, "caption reaches gutter \(gap)")
        }
        XCTAssertGreaterThan(inkedPixels(canvas, in: Rect(x: figureMargin, y: band.y, width: 40, height: band.height)), 20, "the caption is drawn")
    }

    func testScatterPointsTakeTheirClassColour() throws {
        let plot = ScatterPlot(points: [(0, 0, 3), (1, 1, 3)], classNames: ["a", "b", "c", "d"], xLabel: "x", yLabel: "y", pointRadius: 6)
        let canvas = try plot.render(.png(scale: 1))
        let axes = Axes(body: Rect(x: figureMargin, y: figureMargin, width: plot.size, height: plot.size), x: padded(0, 1), y: padded(0, 1))
        let center = axes.point(0, 0)
        let pixel = try XCTUnwrap(canvas.pixel(x: Int(center.x), y: Int(center.y)))
        let expected = Style.light.classColor(3).mixed(with: Style.light.panel, 0.25)
        XCTAssertEqual(Double(pixel.green) / 255, expected.green, accuracy: 0.05)
        XCTAssertEqual(Double(pixel.red) / 255, expected.red, accuracy: 0.05)
    }

    /// How many pixels of a rendered figure are within 0.06 of `color` in every channel.
    private func pixels(of color: Color, in canvas: Canvas) -> Int {
        var count = 0
        for y in 0..<Int(canvas.height) {
            for x in 0..<Int(canvas.width) {
                guard let pixel = canvas.pixel(x: x, y: y) else { continue }
                if abs(Double(pixel.red) / 255 - color.red) < 0.06, abs(Double(pixel.green) / 255 - color.green) < 0.06,
                   abs(Double(pixel.blue) / 255 - color.blue) < 0.06 { count += 1 }
            }
        }
        return count
    }

    /// A series drawn in the colour it names, not its place; a guide draws a line across the plot.
    func testSeriesTakeTheColourTheyNameAndGuidesDrawALine() throws {
        let points: [(x: Double, y: Double)] = [(0, 0), (1, 1), (2, 0.5)]
        let own = try LinePlot(series: [.init(name: "a", points: points)], xLabel: "x", yLabel: "y").render(.png(scale: 1))
        let named = try LinePlot(series: [.init(name: "a", points: points, colorIndex: 1)], xLabel: "x", yLabel: "y").render(.png(scale: 1))
        let first = Style.light.seriesColor(0), second = Style.light.seriesColor(1)
        XCTAssertGreaterThan(pixels(of: first, in: own), 100)
        XCTAssertLessThan(pixels(of: first, in: named), 10)
        XCTAssertGreaterThan(pixels(of: second, in: named), 100)
        let plain = try LinePlot(series: [.init(name: "a", points: points)], xLabel: "x", yLabel: "y").render(.png(scale: 1))
        let guided = try LinePlot(series: [.init(name: "a", points: points)], xLabel: "x", yLabel: "y",
                                  guides: [.init(label: "aim", y: 0.8)]).render(.png(scale: 1))
        // The guide lies inside the data's range, so the axes are the same and it is all that differs.
        var changedRows: [Int: Int] = [:]
        for y in 0..<Int(plain.height) {
            for x in 0..<Int(plain.width) {
                guard let a = plain.pixel(x: x, y: y), let b = guided.pixel(x: x, y: y) else { continue }
                if a.red != b.red || a.green != b.green || a.blue != b.blue { changedRows[y, default: 0] += 1 }
            }
        }
        let busiest = try XCTUnwrap(changedRows.max { $0.value < $1.value })
        XCTAssertGreaterThan(busiest.value, 120, "a dotted line across the plot")
        XCTAssertTrue(changedRows.keys.allSatisfy { abs($0 - busiest.key) <= 16 }, "the line and its label, nothing else: \(changedRows.keys.sorted())")
    }

    func testDarkStyleDrawsOnADarkBackground() throws {
        let canvas = try Gallery.figures()[0].figure.render(.png(scale: 1), style: .dark)
        let corner = try XCTUnwrap(canvas.pixel(x: 1, y: 1))
        XCTAssertLessThan(Int(corner.red) + Int(corner.green) + Int(corner.blue), 100)
    }

    func testHeatMapSmallValuesRecedeIntoEitherPage() throws {
        // One small and one large cell: on the light page the small one is light and the large one
        // dark; on the dark page the small one is dark and the large one light.
        let map = HeatMap(values: [[0, 1]], rowLabels: ["r"], columnLabels: ["a", "b"], showValues: false, cellSize: 40)
        func lightness(_ canvas: Canvas, column: Int) throws -> Int {
            let left = figureMargin + map.labelWidth(style: .light) + (Double(column) + 0.5) * 40
            let pixel = try XCTUnwrap(canvas.pixel(x: Int(left), y: Int(figureMargin + 22 + 20)))
            return Int(pixel.red) + Int(pixel.green) + Int(pixel.blue)
        }
        let light = try map.render(.png(scale: 1), style: .light), dark = try map.render(.png(scale: 1), style: .dark)
        XCTAssertGreaterThan(try lightness(light, column: 0), 700, "small value on the light page")
        XCTAssertLessThan(try lightness(light, column: 1), 250, "large value on the light page")
        XCTAssertLessThan(try lightness(dark, column: 0), 120, "small value on the dark page")
        XCTAssertGreaterThan(try lightness(dark, column: 1), 550, "large value on the dark page")
    }

    func testCairoFailureIsAThrownErrorWithCairosMessage() {
        XCTAssertThrowsError(try Canvas(width: 100_000, height: 100_000, target: .png(scale: 2))) { error in
            guard case let .cairo(_, message)? = error as? FigureError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("invalid value") || message.contains("size"), message)
        }
    }

    func testBadDataIsRejectedWithTheFigureNamed() {
        XCTAssertThrowsError(try ImageGrid(images: [[0, 1]], columns: 1).render(.png(scale: 1))) { error in
            XCTAssertTrue("\(error)".contains("ImageGrid"), "\(error)")
        }
        XCTAssertThrowsError(try LinePlot(series: [.init(name: "a", points: [(1, 0)])], xLabel: "", yLabel: "", logY: true).render(.svg))
        XCTAssertThrowsError(try LinePlot(series: [.init(name: "a", points: [(1, .nan)])], xLabel: "", yLabel: "").render(.svg))
    }

    func testWriteProducesBothFilesAtomically() throws {
        let folder = NSTemporaryDirectory() + "latent-figures-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let size = try Gallery.figures()[1].figure.write(to: folder + "/samples")
        XCTAssertGreaterThan(size.width, 100)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(), ["samples.png", "samples.svg"])
    }

    func testTicksAreRoundAndLabelledWithoutSpuriousDecimals() {
        XCTAssertEqual(NiceTicks(from: 0, to: 63).labels, ["0", "20", "40", "60"])
        XCTAssertEqual(NiceTicks(from: 0, to: 1).labels, ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
        XCTAssertEqual(NiceTicks(from: 98, to: 160, targetCount: 5).labels, ["100", "120", "140", "160"])
        XCTAssertEqual(NiceTicks(logFrom: 0.5, to: 5000).values, [1, 10, 100, 1000])
        XCTAssertEqual(NiceTicks(from: 0, to: 1, targetCount: 4).labels, ["0.00", "0.25", "0.50", "0.75", "1.00"])
        XCTAssertEqual(NiceTicks(logFrom: 0.05, to: 30).values, [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20])
        XCTAssertEqual(NiceTicks.format(-0.0123, significant: 3), "−0.0123")
    }

    /// Width and height from a PNG's IHDR chunk.
    func pngSize(_ data: Data) -> (Int, Int) {
        let bytes = [UInt8](data)
        func word(_ offset: Int) -> Int { bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (word(16), word(20))
    }
}
