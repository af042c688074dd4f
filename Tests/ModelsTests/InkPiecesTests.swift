import Models
import XCTest

/// Pieces of ink are counted as a reader would: one stroke is one piece however it bends, strokes
/// that touch only at a corner are one, apart they are two, and specks are not counted.
final class InkPiecesTests: XCTestCase {
    /// A blank 8 × 8 image with ink at the (row, column) pairs given.
    func image(_ inked: [(Int, Int)]) -> [Float] {
        var pixels = [Float](repeating: 0, count: 64)
        for (row, column) in inked { pixels[row * 8 + column] = 1 }
        return pixels
    }

    func testStrokesSpecksAndCorners() {
        XCTAssertEqual(inkPieces(image([]), side: 8), 0)
        let bent = [(1, 1), (2, 1), (3, 1), (3, 2), (3, 3)]
        XCTAssertEqual(inkPieces(image(bent), side: 8), 1, "an L is one stroke")
        XCTAssertEqual(inkPieces(image(bent + [(4, 4), (5, 5), (6, 6)]), side: 8), 1, "a diagonal touch joins")
        XCTAssertEqual(inkPieces(image(bent + [(6, 5), (6, 6), (6, 7)]), side: 8), 2, "apart, two pieces")
        XCTAssertEqual(inkPieces(image(bent + [(7, 7)]), side: 8), 1, "a one-pixel speck is no piece")
        XCTAssertEqual(inkPieces(image(bent + [(7, 7)]), side: 8, smallest: 1), 2)
        var faint = image(bent)
        faint[1 * 8 + 1] = 0.4
        faint[2 * 8 + 1] = 0.4
        faint[3 * 8 + 1] = 0.4  // the L's upright below the threshold: its foot, 2 pixels, is a speck
        XCTAssertEqual(inkPieces(faint, side: 8), 0)
    }
}
