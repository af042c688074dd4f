@testable import Learning
import XCTest

/// Every differentiable op and fused loss, checked against finite differences.
final class GradientTests: XCTestCase {
    func testMatmulInAllFourTransposeCombinations() {
        for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
            let a = parameter(transposeA ? [4, 3] : [3, 4], seed: 1)
            let b = parameter(transposeB ? [5, 4] : [4, 5], seed: 2)
            assertGradientsMatch([a, b]) { a.matmul(b, transposeSelf: transposeA, transposeOther: transposeB) }
        }
    }

    func testAffineMatchesMatmulPlusBias() {
        let x = parameter([6, 4], seed: 3), w = parameter([4, 3], seed: 4), b = parameter([3], seed: 5)
        assertGradientsMatch([x, w, b]) { affine(x, w, b) }
        XCTAssertEqual(affine(x, w, b).scalars, (x.matmul(w) + b).scalars)
    }

    func testAdditionSubtractionProductSameShape() {
        let a = parameter([3, 4], seed: 6), b = parameter([3, 4], seed: 7)
        assertGradientsMatch([a, b]) { a + b }
        assertGradientsMatch([a, b]) { a - b }
        assertGradientsMatch([a, b]) { a * b }
    }

    func testBroadcastRowGradientsSumOverRows() {
        let a = parameter([5, 3], seed: 8), row = parameter([3], seed: 9)
        assertGradientsMatch([a, row]) { a + row }
        assertGradientsMatch([a, row]) { a - row }
        assertGradientsMatch([a, row]) { a * row }
    }

    func testScalarOps() {
        let x = parameter([2, 5], seed: 10)
        assertGradientsMatch([x]) { x * 2.5 }
        assertGradientsMatch([x]) { x + 0.75 }
        assertGradientsMatch([x]) { -x }
    }

    func testActivations() {
        let x = parameter([4, 6], seed: 11, range: -2...2, awayFromZero: 0.05)
        assertGradientsMatch([x]) { relu(x) }
        assertGradientsMatch([x]) { sigmoid(x) }
        assertGradientsMatch([x]) { exp(x) }
        assertGradientsMatch([x]) { gelu(x) }
        let positive = parameter([3, 3], seed: 12, range: 0.5...2)
        assertGradientsMatch([positive]) { log(positive) }
    }

    func testReductionsAndReshape() {
        let x = parameter([3, 4], seed: 13)
        assertGradientsMatch([x]) { x.sum() }
        assertGradientsMatch([x]) { x.mean() }
        assertGradientsMatch([x]) { x.reshaped([2, 6]) }
    }

    func testColumnSliceAndConcatenation() {
        let a = parameter([3, 5], seed: 14), b = parameter([3, 2], seed: 15)
        assertGradientsMatch([a]) { a.columns(1..<4) }
        assertGradientsMatch([a, b]) { concatenateColumns([a, b, a]) }
    }

    func testBinaryCrossEntropyOnLogits() {
        let logits = parameter([4, 5], seed: 16, range: -4...4)
        let targets = data([4, 5], seed: 17, range: 0...1)
        assertGradientsMatch([logits]) { binaryCrossEntropy(logits: logits, targets: targets) }
        assertGradientsMatch([logits]) { binaryCrossEntropy(logits: logits, targets: targets, reduction: .mean) }
    }

    func testBinaryCrossEntropyIsStableForHugeLogits() {
        let logits = Tensor(shape: [1, 4], scalars: [-200, 200, -200, 200], requiresGradient: true)
        let targets = Tensor(shape: [1, 4], scalars: [0, 1, 1, 0])
        let loss = binaryCrossEntropy(logits: logits, targets: targets)
        XCTAssertEqual(loss.item, 400, accuracy: 1e-3, "two confident right answers cost 0, two wrong ones 200 each")
        loss.backward()
        // σ(l) − t; σ(−200) ≈ 1e−87 is below Float's range, the kernel gives e^−87 ≈ 2e−38 there.
        for (gradient, expected) in zip(logits.gradient!, [Float(0), 0, -1, 1]) { XCTAssertEqual(gradient, expected, accuracy: 1e-30) }
    }

    func testBinaryCrossEntropyKernelMatchesDoubleReference() {
        var generator = SeededGenerator(seed: 31)
        let count = 10_003  // not a multiple of the vector width or block size
        let logits = Tensor(shape: [count], scalars: (0..<count).map { _ in generator.uniform(in: -30...30) }, requiresGradient: true)
        let targets = Tensor(shape: [count], scalars: (0..<count).map { _ in generator.uniform() })
        let loss = binaryCrossEntropy(logits: logits, targets: targets)
        loss.backward()
        var reference: Double = 0
        let gradient = logits.gradient!
        for i in 0..<count {
            let l = Double(logits.data[i]), t = Double(targets.data[i])
            reference += max(l, 0) - l * t + Foundation.log1p(Foundation.exp(-abs(l)))
            let sigmoid = 1 / (1 + Foundation.exp(-l))
            XCTAssertEqual(Double(gradient[i]), sigmoid - t, accuracy: 1e-6)
        }
        XCTAssertEqual(Double(loss.item), reference, accuracy: reference * 1e-6)
    }

    func testMeanSquaredError() {
        let prediction = parameter([3, 4], seed: 18), target = parameter([3, 4], seed: 19)
        assertGradientsMatch([prediction, target]) { meanSquaredError(prediction, target) }
        assertGradientsMatch([prediction, target]) { meanSquaredError(prediction, target, reduction: .sum) }
    }

    func testGaussianKLDivergence() {
        let mean = parameter([3, 4], seed: 20), logVariance = parameter([3, 4], seed: 21)
        assertGradientsMatch([mean, logVariance]) { gaussianKLDivergence(mean: mean, logVariance: logVariance) }
        let standard = gaussianKLDivergence(mean: Tensor(zeros: [2, 3]), logVariance: Tensor(zeros: [2, 3]))
        XCTAssertEqual(standard.item, 0, "KL of N(0, 1) to itself is zero")
    }

    func testSoftmaxCrossEntropy() {
        let logits = parameter([4, 5], seed: 22, range: -3...3)
        assertGradientsMatch([logits]) { softmaxCrossEntropy(logits: logits, labels: [0, 3, 4, 1]) }
        let uniform = softmaxCrossEntropy(logits: Tensor(zeros: [2, 10]), labels: [1, 7])
        XCTAssertEqual(uniform.item, Float(Foundation.log(10.0)), accuracy: 1e-6)
    }

    /// The C kernel's vector path (whole blocks of 16 classes, then the rest) against the formula
    /// in Double, on rows wide enough to take it and with scores far apart, on two threads.
    func testSoftmaxCrossEntropyMatchesTheFormulaOnWideRows() {
        ComputeThreads.set(2)
        defer { ComputeThreads.set(1) }
        let rows = 300, classes = 70
        let logits = parameter([rows, classes], seed: 29, range: -30...30)
        let labels = (0..<rows).map { $0 % 7 == 3 ? -1 : ($0 * 13) % classes }
        var expectedLoss = 0.0, counted = 0.0
        var expectedGradient = [Double](repeating: 0, count: rows * classes)
        for row in 0..<rows where labels[row] >= 0 {
            let z = logits.row(row).map(Double.init), largest = z.max()!
            let partition = z.reduce(0) { $0 + Foundation.exp($1 - largest) }
            expectedLoss += Foundation.log(partition) + largest - z[labels[row]]
            counted += 1
            for j in 0..<classes { expectedGradient[row * classes + j] = Foundation.exp(z[j] - largest) / partition - (j == labels[row] ? 1 : 0) }
        }
        logits.zeroGradient()
        let loss = softmaxCrossEntropy(logits: logits, labels: labels)
        loss.backward()
        XCTAssertEqual(Double(loss.item), expectedLoss / counted, accuracy: 1e-5 * expectedLoss / counted)
        let gradientError = zip(logits.gradient!, expectedGradient).map { abs(Double($0) * counted - $1) }.max()!
        XCTAssertLessThan(gradientError, 1e-5)
    }

    /// Weighted rows: the finite-difference gradient; a row of weight 3 counts as that row three
    /// times over; a padding row's weight counts for nothing; weights of 1 are the plain mean.
    func testWeightedSoftmaxCrossEntropy() {
        let logits = parameter([4, 5], seed: 30, range: -3...3)
        assertGradientsMatch([logits]) { weightedSoftmaxCrossEntropy(logits: logits, labels: [0, 3, -1, 1], weights: [1, 3, 0.5, 2]) }
        let asRepeated = Tensor(shape: [6, 5], scalars: [0, 1, 1, 1, 3, 3].flatMap { logits.row($0) })
        XCTAssertEqual(weightedSoftmaxCrossEntropy(logits: logits, labels: [0, 3, -1, 1], weights: [1, 3, 7, 2]).item,
                       softmaxCrossEntropy(logits: asRepeated, labels: [0, 3, 3, 3, 1, 1]).item, accuracy: 1e-6)
        XCTAssertEqual(weightedSoftmaxCrossEntropy(logits: logits, labels: [0, 3, 4, 1], weights: [1, 1, 1, 1]).item,
                       softmaxCrossEntropy(logits: logits, labels: [0, 3, 4, 1]).item, accuracy: 1e-6)
        let heavy = Tensor(shape: [4, 5], scalars: (0..<4).flatMap { logits.row($0) }, requiresGradient: true)
        let plain = Tensor(shape: [4, 5], scalars: (0..<4).flatMap { logits.row($0) }, requiresGradient: true)
        weightedSoftmaxCrossEntropy(logits: heavy, labels: [0, 3, 4, 1], weights: [5, 1, 1, 1]).backward()
        softmaxCrossEntropy(logits: plain, labels: [0, 3, 4, 1]).backward()
        let ratio = heavy.gradient![0] / plain.gradient![0], otherRatio = heavy.gradient![5] / plain.gradient![5]
        XCTAssertEqual(ratio / otherRatio, 5, accuracy: 1e-4, "the first row's gradient is five times the others', relative to the plain loss")
    }

    func testReparameterizedSample() {
        let mean = parameter([3, 4], seed: 23), logVariance = parameter([3, 4], seed: 24)
        let noise = data([3, 4], seed: 25, range: -2...2)
        assertGradientsMatch([mean, logVariance]) { reparameterize(mean: mean, logVariance: logVariance, noise: noise) }
    }

    func testSharedInputAccumulatesGradientFromBothUses() {
        let x = parameter([2, 3], seed: 26)
        assertGradientsMatch([x]) { x * x + relu(x) }
    }

    func testDataInputsGetNoGradient() {
        let x = data([2, 3], seed: 27), w = parameter([3, 2], seed: 28)
        x.matmul(w).sum().backward()
        XCTAssertNil(x.gradient)
        XCTAssertNotNil(w.gradient)
        XCTAssertFalse(relu(x).requiresGradient, "ops on data record no backward step")
    }
}
