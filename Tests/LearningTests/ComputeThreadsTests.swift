import CKernels
import Datasets
@testable import Learning
import XCTest

/// The compute pool cuts work between threads without changing what is computed: every threaded
/// loop is checked against the same loop on one thread, and the product against a Double
/// reference.
final class ComputeThreadsTests: XCTestCase {
    override func tearDown() {
        ComputeThreads.set(1)
        super.tearDown()
    }

    func testEveryPartRunsOnceAndWorkersRunTheOthers() {
        ComputeThreads.set(3)
        XCTAssertEqual(ComputeThreads.current, 3)
        let parts = 3
        let slots = UnsafeMutablePointer<UInt>.allocate(capacity: 2 * parts)
        defer { slots.deallocate() }
        slots.initialize(repeating: 0, count: 2 * parts)
        // slots[part] = the thread that ran it, slots[parts + part] = how often it ran.
        latent_parallel_run({ context, part, parts in
            let slots = context!.assumingMemoryBound(to: UInt.self)
            slots[Int(part)] = UInt(pthread_self())
            slots[Int(parts + part)] += 1
        }, slots, Int32(parts))
        XCTAssertEqual(Array(UnsafeBufferPointer(start: slots + parts, count: parts)), [1, 1, 1])
        XCTAssertEqual(slots[0], UInt(pthread_self()), "the caller runs part 0")
        XCTAssertEqual(Set(UnsafeBufferPointer(start: slots, count: parts)).count, 3, "each part ran on its own thread")
    }

    func testAJobStartedInsideAPartRunsInline() {
        ComputeThreads.set(2)
        let counts = UnsafeMutablePointer<Int>.allocate(capacity: 4)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0, count: 4)
        latent_parallel_run({ context, outer, _ in
            let inner = ComputeThreadsTests.Nested(counts: context!.assumingMemoryBound(to: Int.self), outer: Int(outer))
            withUnsafePointer(to: inner) { pointer in
                latent_parallel_run({ context, part, _ in
                    let nested = context!.assumingMemoryBound(to: ComputeThreadsTests.Nested.self).pointee
                    nested.counts[2 * nested.outer + Int(part)] += 1
                }, UnsafeMutableRawPointer(mutating: pointer), 2)
            }
        }, counts, 2)
        XCTAssertEqual(Array(UnsafeBufferPointer(start: counts, count: 4)), [1, 1, 1, 1])
    }

    struct Nested {
        let counts: UnsafeMutablePointer<Int>
        let outer: Int
    }

    func testThreadedProductsMatchADoubleReference() {
        ComputeThreads.set(2)
        // Large enough to be cut: by columns (n ≥ m) and by rows (m > n), with transposes,
        // sizes that are no multiple of the 16-wide blocks, and alpha, beta ≠ 1.
        let cases: [(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool)] = [
            (64, 300, 80, false, false), (300, 64, 80, true, false), (100, 517, 33, false, true),
            (333, 97, 40, true, true), (517, 70, 29, false, false),
        ]
        var generator = SeededGenerator(seed: 11)
        for (m, n, k, transposeA, transposeB) in cases {
            let a = Tensor.randomUniform([m * k], in: -1...1, using: &generator).scalars
            let b = Tensor.randomUniform([k * n], in: -1...1, using: &generator).scalars
            let start = Tensor.randomUniform([m * n], in: -1...1, using: &generator).scalars
            var c = start
            BLAS.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 2, a: a, b: b, beta: 0.5, c: &c)
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var sum = 0.0
                    for p in 0..<k {
                        let left = transposeA ? a[p * m + i] : a[i * k + p]
                        let right = transposeB ? b[j * k + p] : b[p * n + j]
                        sum += Double(left) * Double(right)
                    }
                    worst = max(worst, abs(2 * sum + 0.5 * Double(start[i * n + j]) - Double(c[i * n + j])))
                }
            }
            // Float products summed over k terms of size ≤ 1: rounding stays far below 1e-5·k.
            XCTAssertLessThan(worst, 1e-5 * Double(k), "\(m)×\(n)×\(k) \(transposeA ? "Aᵀ" : "A")·\(transposeB ? "Bᵀ" : "B")")
        }
    }

    func testThreadedProductOfSubMatricesLeavesTheRestAlone() {
        ComputeThreads.set(2)
        let (m, n, k, width) = (200, 300, 100, 310)  // C is the left 300 columns of a 200 × 310 matrix
        var generator = SeededGenerator(seed: 12)
        let a = Tensor.randomUniform([m * k], in: -1...1, using: &generator).scalars
        let b = Tensor.randomUniform([k * n], in: -1...1, using: &generator).scalars
        var wide = [Float](repeating: 7, count: m * width)
        BLAS.gemm(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, lda: k, b: b, ldb: n, beta: 0, c: &wide, ldc: width)
        var narrow = [Float](repeating: 0, count: m * n)
        ComputeThreads.set(1)
        BLAS.gemm(transposeA: false, transposeB: false, m: m, n: n, k: k, a: a, b: b, beta: 0, c: &narrow)
        // OpenBLAS may round a block's edge differently from the same element inside a wider block,
        // so the two agree to rounding, not bit for bit; the columns beyond C must be untouched.
        var worst: Float = 0, untouched = true
        for row in 0..<m {
            for column in 0..<n { worst = max(worst, abs(wide[row * width + column] - narrow[row * n + column])) }
            untouched = untouched && wide[row * width + n..<(row + 1) * width].allSatisfy { $0 == 7 }
        }
        XCTAssertLessThan(worst, 1e-4)
        XCTAssertTrue(untouched, "the product wrote outside its \(n) columns")
    }

    /// Runs `body` once on one thread and once on two and returns both results.
    func onOneThreadAndOnTwo<Result>(_ body: () -> Result) -> (one: Result, two: Result) {
        ComputeThreads.set(1)
        let one = body()
        ComputeThreads.set(2)
        return (one, body())
    }

    func testThreadedAdamStepIsTheSameAsOnOneThread() {
        let results = onOneThreadAndOnTwo { () -> [Float] in
            var generator = SeededGenerator(seed: 13)
            let weight = Tensor.randomUniform([300, 301], in: -1...1, requiresGradient: true, using: &generator)
            let optimizer = Adam(parameters: [("weight", weight)])
            for _ in 1...3 {
                let gradient = weight.gradientBuffer()
                for i in 0..<weight.count { gradient[i] = generator.normal() }
                optimizer.update()
            }
            return weight.scalars
        }
        XCTAssertEqual(results.one, results.two)
    }

    func testThreadedCrossEntropyIsTheSameAsOnOneThread() {
        let results = onOneThreadAndOnTwo { () -> (loss: Float, gradient: [Float]) in
            var generator = SeededGenerator(seed: 14)
            let logits = Tensor.randomUniform([128, 784], in: -8...8, requiresGradient: true, using: &generator)
            let targets = Tensor.randomUniform([128, 784], in: 0...1, using: &generator)
            let loss = binaryCrossEntropy(logits: logits, targets: targets)
            loss.backward()
            return (loss.item, logits.gradient!)
        }
        XCTAssertEqual(results.one.gradient, results.two.gradient)
        // The two halves' sums are added at the end instead of running on: only the last bits move.
        XCTAssertEqual(results.one.loss, results.two.loss, accuracy: abs(results.one.loss) * 1e-6)
    }

    func testThreadedImageGatherIsTheSameAsOnOneThread() {
        var generator = SeededGenerator(seed: 15)
        let count = 300, size = Dataset.mnist.pixelsPerImage
        let pixels = (0..<count * size).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let images = LabelledImages(dataset: .mnist, split: .train, pixels: pixels, labels: [UInt8](repeating: 0, count: count))
        let order = Permutation.shuffled(count: count, using: &generator)
        let results = onOneThreadAndOnTwo { images.floats(of: order) }
        XCTAssertEqual(results.one, results.two)
        let scale: Float = 1 / 255
        let expected: [Float] = order.flatMap { (index: Int) -> [Float] in
            pixels[index * size..<(index + 1) * size].map { (byte: UInt8) -> Float in Float(byte) * scale }
        }
        XCTAssertEqual(results.two, expected)
    }

    /// Value and gradients of `ops` applied to fresh random inputs of `shapes`, reduced to a scalar
    /// by a fixed random weighting so that every output element gets its own upstream gradient.
    func outputAndGradients(shapes: [[Int]], seed: UInt64, _ ops: ([Tensor]) -> Tensor) -> [[Float]] {
        var generator = SeededGenerator(seed: seed)
        let inputs = shapes.map { Tensor.randomUniform($0, in: -1...1, requiresGradient: true, using: &generator) }
        let output = ops(inputs)
        let weighting = Tensor.randomUniform(output.shape, in: -1...1, using: &generator)
        (output * weighting).sum().backward()
        return [output.scalars] + inputs.map { $0.gradient! }
    }

    func testThreadedTransformerOpsAreTheSameAsOnOneThread() {
        // 6 sequences of 9 positions, width 16 (2 heads): attention, layer norm and GELU cut by
        // sequence, row and element; none of them changes a sum's order, so the bits match.
        let results = onOneThreadAndOnTwo {
            outputAndGradients(shapes: [[54, 48], [16], [16]], seed: 16) { inputs in
                let attended = causalSelfAttention(inputs[0], batch: 6, sequence: 9, heads: 2)
                return gelu(layerNorm(attended, gain: inputs[1], bias: inputs[2]))
            }
        }
        XCTAssertEqual(results.one, results.two)
    }

    func testThreadedConvolutionsAreTheSameAsOnOneThread() {
        // A batch of 5 [12, 12, 3] images: im2col and col2im cut by image, each image's patches
        // copied and added back in the same order as on one thread.
        let results = onOneThreadAndOnTwo {
            outputAndGradients(shapes: [[5, 12, 12, 3], [27, 8], [8], [8, 4 * 4 * 2], [2]], seed: 17) { inputs in
                let down = conv2d(inputs[0], weight: inputs[1], bias: inputs[2], kernel: 3, stride: 2, padding: 1)
                return transposedConv2d(relu(down), weight: inputs[3], bias: inputs[4], kernel: 4, stride: 2, padding: 1)
            }
        }
        XCTAssertEqual(results.one, results.two)
    }

    func testThreadedGELUIsTheSameAsOnOneThread() {
        let results = onOneThreadAndOnTwo { outputAndGradients(shapes: [[200, 300]], seed: 18) { gelu($0[0]) } }
        XCTAssertEqual(results.one, results.two)
    }

    func testThreadedElementwiseOpsAreTheSameAsOnOneThread() {
        // 90,000 scalars, cut in two: ReLU, sigmoid, exp, log and the affine ops forward and backward.
        let results = onOneThreadAndOnTwo {
            outputAndGradients(shapes: [[300, 300]], seed: 19) { inputs in
                let x = inputs[0]
                return sigmoid(relu(x) * 2 + 0.5) + log(exp(x) + 1) - x
            }
        }
        XCTAssertEqual(results.one, results.two)
    }

    func testThreadedSquaredErrorIsTheSameGradientAndAPartOrderedSum() {
        let results = onOneThreadAndOnTwo {
            outputAndGradients(shapes: [[300, 300], [300, 300]], seed: 20) { meanSquaredError($0[0], $0[1]) }
        }
        XCTAssertEqual(Array(results.one.dropFirst()), Array(results.two.dropFirst()), "the gradients")
        XCTAssertEqual(Double(results.one[0][0]), Double(results.two[0][0]), accuracy: 1e-6 * Double(results.one[0][0]), "the loss")
    }

    func testPartSumsAreAddedInPartOrder() {
        // Values whose sum depends on the order of addition: 10¹⁶, ones (each lost when added to
        // 10¹⁶), −10¹⁶. On two threads each half is summed on its own and the halves added, part 0
        // first, so the second half's ones survive.
        let count = 80_000
        let values = (0..<count).map { $0 == 0 ? 1e16 : $0 == count - 1 ? -1e16 : 1.0 }
        func total() -> Double {
            ComputeThreads.sum(over: count, minimumPerPart: ComputeThreads.smallestPart) { part in
                part.reduce(0.0) { $0 + values[$1] }
            }
        }
        let results = onOneThreadAndOnTwo { [total()] }
        XCTAssertEqual(results.one[0], values.reduce(0, +), "one part: the plain loop's sum")
        let half = values[..<(count / 2)].reduce(0, +), otherHalf = values[(count / 2)...].reduce(0, +)
        XCTAssertEqual(results.two[0], half + otherHalf, "two parts: each half's sum, added in order")
        XCTAssertNotEqual(results.one[0], results.two[0], "the values were chosen so that the order shows")
    }
}
