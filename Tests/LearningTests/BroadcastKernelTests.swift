import CKernels
@testable import Learning
import XCTest

/// A bias is a row broadcast over many rows: the forward pass writes it into every row
/// (`latent_repeat_row`) and the backward pass sums ∂y's columns into its gradient
/// (`latent_accumulate_rows`). Both kernels take special paths for some widths (one column, whole
/// blocks of 16); every path must give the plain loop's numbers, bit for bit, on one thread or two.
final class BroadcastKernelTests: XCTestCase {
    override func tearDown() {
        ComputeThreads.set(1)
        super.tearDown()
    }

    /// Runs `body(threads, width, rows)` on one thread and on two, for widths of each path and of
    /// their mixtures and for rows from one to enough to be cut between threads.
    private func forEveryShape(_ body: (Int, Int, Int) -> Void) {
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            for width in [1, 3, 15, 16, 17, 32, 47, 48, 64, 65, 80, 130, 400] {
                for rows in [1, 7, 1_300] { body(threads, width, rows) }
            }
        }
    }

    func testColumnSumsAddEachColumnInRowOrder() {
        var generator = SeededGenerator(seed: 40)
        forEveryShape { threads, width, rows in
            // Values of very different sizes, so that any other order of addition changes the bits.
            let upstream = (0..<rows * width).map { _ in Float.random(in: -1...1, using: &generator) * Float(1 << Int.random(in: 0...20, using: &generator)) }
            let start = (0..<width).map { Float($0) * 0.25 }
            for scale: Float in [1, -0.5] {  // exact products, so fused and separate multiply-adds agree
                var expected = start
                for row in 0..<rows {
                    for column in 0..<width { expected[column] += scale * upstream[row * width + column] }
                }
                var gradient = start
                latent_accumulate_rows(upstream, &gradient, rows * width, width, scale)
                XCTAssertEqual(gradient, expected, "\(rows) rows of \(width), scale \(scale), \(threads) thread(s)")
            }
        }
    }

    func testRepeatedRowFillsEveryRowAndNothingElse() {
        var generator = SeededGenerator(seed: 41)
        forEveryShape { threads, width, rows in
            let row = (0..<width).map { _ in Float.random(in: -1...1, using: &generator) }
            var output = [Float](repeating: .nan, count: rows * width + 1)
            latent_repeat_row(row, &output, rows, width)
            XCTAssertEqual(Array(output[..<(rows * width)]), Array((0..<rows).map { _ in row }.joined()),
                           "\(rows) rows of \(width), \(threads) thread(s)")
            XCTAssertTrue(output[rows * width].isNaN, "the value after the last row is left alone")
        }
    }

    /// A table of rows (one per position) added to every sequence of a batch, and its gradient.
    func testBlockBroadcastAddsAPositionTableToEverySequence() {
        let x = parameter([6, 2], seed: 65), positions = parameter([3, 2], seed: 66)
        assertGradientsMatch([x, positions]) { x + positions }
        XCTAssertEqual((Tensor(zeros: [6, 2]) + Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])).scalars, [1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6])
    }
}
