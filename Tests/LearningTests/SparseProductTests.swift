import CKernels
@testable import Learning
import XCTest

/// The products that skip a mostly-zero left operand (sparse_product.c, used by `affine` for
/// batches of images): each value of C must be its old value plus the non-zero terms in index
/// order, one fused multiply-add each — exactly what a plain loop of `fma` gives — on one thread or
/// two, for widths that are whole blocks of 16, parts of one, and both.
final class SparseProductTests: XCTestCase {
    override func tearDown() {
        ComputeThreads.set(1)
        latent_sparse_allow_compress(1)
        super.tearDown()
    }

    /// A rows × columns matrix with about `density` of its values non-zero, of very different sizes
    /// (so that another order of addition changes the bits), and one row left all zero.
    private func sparseMatrix(_ rows: Int, _ columns: Int, density: Double, using generator: inout SeededGenerator) -> [Float] {
        (0..<rows * columns).map { index in
            guard index / columns != rows / 2, Double.random(in: 0..<1, using: &generator) < density else { return 0 }
            return Float.random(in: -1...1, using: &generator) * Float(1 << Int.random(in: 0...12, using: &generator))
        }
    }

    /// Values of very different sizes, drawn once: the dense operands are slices of them at a random
    /// offset (drawing each afresh made these debug-built tests three times as slow).
    private static let values: [Float] = {
        var generator = SeededGenerator(seed: 49)
        return (0..<300_007).map { _ in Float.random(in: -1...1, using: &generator) * Float(1 << Int.random(in: 0...12, using: &generator)) }
    }()

    private func denseMatrix(_ count: Int, using generator: inout SeededGenerator) -> [Float] {
        let offset = Int.random(in: 0..<Self.values.count - count, using: &generator)
        return Array(Self.values[offset..<offset + count])
    }

    /// Every shape on one thread and two, listing with AVX-512's compress (where the CPU has it) and
    /// with the plain loop other CPUs use.
    private func forEveryShape(_ body: (_ threads: Int, _ m: Int, _ n: Int, _ k: Int, _ density: Double) -> Void) {
        for (threads, compress) in [(1, 1), (2, 1), (2, 0)] {
            ComputeThreads.set(threads)
            latent_sparse_allow_compress(Int32(compress))
            for (m, k) in [(1, 1), (5, 17), (130, 100), (64, 300), (600, 20)] {  // 600 rows: listed in chunks
                for n in [1, 15, 16, 20, 33, 130, 400] {
                    // A dense A only where it is cheap to check (the tests build in debug mode).
                    for density in m * k < 2_000 ? [0.0, 0.05, 0.3, 1.0] : [0.0, 0.05, 0.3] { body(threads, m, n, k, density) }
                }
            }
        }
    }

    /// C += S·B with S = A (or Aᵀ) and A sparse, against the plain loop: C[r, j] gets S[r, i]·B[i, j]
    /// for the non-zero S[r, i] in order of i, one fused multiply-add each.
    private func assertMatchesThePlainLoop(transposed: Bool, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        forEveryShape { threads, m, n, k, density in
            let a = sparseMatrix(m, k, density: density, using: &generator)
            let (rows, depth) = transposed ? (k, m) : (m, k)  // S's shape
            let s = { (r: Int, i: Int) in transposed ? a[i * k + r] : a[r * k + i] }
            let b = denseMatrix(depth * n, using: &generator)
            let start = denseMatrix(rows * n, using: &generator)
            var expected = start
            for r in 0..<rows {
                let nonZeros = (0..<depth).filter { s(r, $0) != 0 }
                for j in 0..<n {
                    for i in nonZeros { expected[r * n + j].addProduct(s(r, i), b[i * n + j]) }
                }
            }
            var c = start
            if transposed { latent_sparse_transposed_product(a, b, &c, m, n, k) } else { latent_sparse_product(a, b, &c, m, n, k) }
            XCTAssertEqual(c, expected, "\(transposed ? "Aᵀ" : "A") with A \(m)×\(k) at density \(density), n \(n), \(threads) thread(s)")
        }
    }

    func testProductAddsEachRowsNonZerosInIndexOrder() {
        assertMatchesThePlainLoop(transposed: false, seed: 50)
    }

    func testTransposedProductAddsEachColumnsNonZerosInRowOrder() {
        assertMatchesThePlainLoop(transposed: true, seed: 51)
    }

    func testCountingStopsJustPastTheLimit() {
        var values = [Float](repeating: 0, count: 100)
        for index in [0, 15, 16, 17, 63, 99] { values[index] = 1 }
        values[50] = -0.0  // a negative zero is a zero
        XCTAssertEqual(latent_count_nonzeros(values, 100, 100), 6)
        XCTAssertEqual(latent_count_nonzeros(values, 100, 6), 6)
        XCTAssertGreaterThan(latent_count_nonzeros(values, 100, 5), 5)
        XCTAssertEqual(latent_count_nonzeros(values, 16, 100), 2)
        // Long enough to be cut between two threads, each part stopping on its own.
        ComputeThreads.set(2)
        let long = (0..<40_000).map { $0 % 10 == 0 ? Float(1) : 0 }
        XCTAssertEqual(latent_count_nonzeros(long, long.count, 4_000), 4_000)
        XCTAssertGreaterThan(latent_count_nonzeros(long, long.count, 3_999), 3_999)
        XCTAssertGreaterThan(latent_count_nonzeros(long, long.count, 100), 100)
    }

    /// `affine` takes the sparse way for a batch that is at most a third non-zero: its gradients
    /// still match finite differences, and its output matches the dense product's to rounding.
    func testAffineOnAMostlyZeroBatch() {
        var generator = SeededGenerator(seed: 52)
        let pixels = (0..<8 * 40).map { _ -> Float in Double.random(in: 0..<1, using: &generator) < 0.2 ? generator.uniform(in: 0.1...1) : 0 }
        let x = Tensor(shape: [8, 40], scalars: pixels)
        XCTAssertTrue(isMostlyZeros(x))
        XCTAssertFalse(isMostlyZeros(data([8, 40], seed: 53, range: 0.1...1)))
        let w = parameter([40, 20], seed: 54), b = parameter([20], seed: 55)
        assertGradientsMatch([w, b]) { affine(x, w, b) }
        let dense = x.matmul(w) + b
        for (sparse, expected) in zip(affine(x, w, b).scalars, dense.scalars) { XCTAssertEqual(sparse, expected, accuracy: 1e-5) }
    }
}
