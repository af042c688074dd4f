@testable import Learning
import XCTest

/// The engine learns: a tiny network fits XOR, and optimizers do what their formulas say.
final class TrainingTests: XCTestCase {
    struct TwoLayerNetwork: Layer {
        let hidden: Linear
        let output: Linear
        func callAsFunction(_ x: Tensor) -> Tensor { output(relu(hidden(x))) }
    }

    func testSmallNetworkLearnsXOR() throws {
        var generator = SeededGenerator(seed: 3)
        let network = TwoLayerNetwork(hidden: Linear(2, 16, using: &generator), output: Linear(16, 1, using: &generator))
        let optimizer = Adam(parameters: network.namedParameters, learningRate: 0.05)
        let inputs = Tensor(shape: [4, 2], scalars: [0, 0, 0, 1, 1, 0, 1, 1])
        let targets = Tensor(shape: [4, 1], scalars: [0, 1, 1, 0])
        var firstLoss: Float = 0, lastLoss: Float = 0
        for step in 1...300 {
            let loss = binaryCrossEntropy(logits: network(inputs), targets: targets, reduction: .mean)
            loss.backward()
            optimizer.update()
            try checkFinite(loss.item, epoch: 1, step: step)
            if step == 1 { firstLoss = loss.item }
            lastLoss = loss.item
        }
        XCTAssertLessThan(lastLoss, 0.05, "XOR is fitted (started at \(firstLoss))")
        let predictions = sigmoid(network(inputs)).scalars.map { $0 > 0.5 ? 1 : 0 }
        XCTAssertEqual(predictions, [0, 1, 1, 0])
    }

    func testParametersAreNamedByTheirPath() {
        var generator = SeededGenerator(seed: 1)
        let network = TwoLayerNetwork(hidden: Linear(2, 3, using: &generator), output: Linear(3, 1, using: &generator))
        XCTAssertEqual(network.namedParameters.map(\.name), ["hidden.weight", "hidden.bias", "output.weight", "output.bias"])
        XCTAssertEqual(network.parameterCount, 2 * 3 + 3 + 3 + 1)
    }

    func testLinearInitialisationFollowsPyTorchBounds() {
        var generator = SeededGenerator(seed: 2)
        let layer = Linear(100, 50, using: &generator)
        let bound: Float = 1 / 10
        XCTAssertTrue(layer.weight.scalars.allSatisfy { abs($0) <= bound })
        XCTAssertGreaterThan(layer.weight.scalars.map(abs).max()!, 0.95 * bound, "the whole range is used")
    }

    func testAdamFirstStepMovesEachParameterByTheLearningRate() {
        // After one step m̂ = g and v̂ = g², so every parameter moves by lr·sign(g) (up to ε).
        let p = Tensor(shape: [3], scalars: [1, 2, 3], requiresGradient: true)
        let optimizer = Adam(parameters: [("p", p)], learningRate: 0.1)
        (p * Tensor(shape: [3], scalars: [5, -0.001, 2])).sum().backward()
        optimizer.update()
        for (value, expected) in zip(p.scalars, [Float(0.9), 2.1, 2.9]) { XCTAssertEqual(value, expected, accuracy: 1e-5) }
        XCTAssertEqual(p.gradient!, [0, 0, 0], "update clears the gradient")
        XCTAssertEqual(optimizer.steps, 1)
    }

    func testAdamMatchesItsFormulaOverSeveralSteps() {
        // A reference Adam in Double, written from the paper's update with PyTorch's ε placement.
        let count = 40_000  // large enough to be split across threads
        let p = Tensor(shape: [count], scalars: (0..<count).map { Float($0 % 7) * 0.1 }, requiresGradient: true)
        var reference = p.scalars.map(Double.init)
        var m = [Double](repeating: 0, count: count), v = m
        let optimizer = Adam(parameters: [("p", p)], learningRate: 0.01)
        let coefficients = Tensor(shape: [count], scalars: (0..<count).map { Float(($0 % 13) - 6) })
        for t in 1...5 {
            (p * p * coefficients).sum().backward()  // ∂/∂p = 2·c·p
            optimizer.update()
            for i in 0..<count {
                let g = 2 * Double(coefficients.data[i]) * reference[i]
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g * g
                let stepSize = 0.01 / (1 - pow(0.9, Double(t)))
                reference[i] -= stepSize * m[i] / (v[i].squareRoot() / (1 - pow(0.999, Double(t))).squareRoot() + 1e-8)
            }
        }
        for i in stride(from: 0, to: count, by: 997) { XCTAssertEqual(Double(p.data[i]), reference[i], accuracy: 1e-5) }
    }

    func testSGDStep() {
        let p = Tensor(shape: [2], scalars: [1, -1], requiresGradient: true)
        let optimizer = SGD(parameters: [("p", p)], learningRate: 0.5)
        (p * p).sum().backward()  // gradient 2p
        optimizer.update()
        XCTAssertEqual(p.scalars, [0, 0])
    }

    func testNonFiniteLossNamesEpochAndStep() {
        XCTAssertThrowsError(try checkFinite(.nan, epoch: 3, step: 17)) { error in
            XCTAssertTrue("\(error)".contains("epoch 3, step 17"), "\(error)")
        }
        XCTAssertThrowsError(try checkFinite(.infinity, epoch: 1, step: 2))
        XCTAssertNoThrow(try checkFinite(1.5, epoch: 1, step: 1))
    }

    func testBufferSizeClassesWasteLittleAndAreShared() {
        for count in [1, 63, 64, 65, 100, 784, 1000, 100_352, 3_000_017] {
            let size = BufferPool.sizeClass(count)
            XCTAssertGreaterThanOrEqual(size, count)
            XCTAssertLessThanOrEqual(Double(size), Double(count) * 1.125 + 1, "\(count) → \(size)")
        }
        // A sequence growing one token at a time (generation) reuses a handful of sizes, not 49.
        let classes = Set((1...49).map { BufferPool.sizeClass(1000 * $0 * 64) })
        XCTAssertLessThanOrEqual(classes.count, 30)
        XCTAssertEqual(BufferPool.sizeClass(1000 * 48 * 64), BufferPool.sizeClass(1000 * 49 * 64), "neighbouring lengths share buffers")
    }

    func testBuffersStartOnACacheLine() {
        let pool = BufferPool(idleLimit: 0, hardLimit: 0)  // nothing kept: every take allocates
        for count in [1, 3, 17, 400, 100_352, 1 << 20] {
            let buffer = pool.take(count)
            XCTAssertEqual(Int(bitPattern: buffer) % BufferPool.alignment, 0, "a buffer of \(count) floats")
            pool.give(buffer, count: count)
        }
    }

    func testIdleBuffersBeyondTheHardLimitAreFreed() {
        let pool = BufferPool(idleLimit: 1000, hardLimit: 1000)
        let a = pool.take(600), b = pool.take(600)
        pool.give(a, count: 600)
        pool.give(b, count: 600)  // would hold 1,280 idle floats: freed instead
        XCTAssertEqual(pool.idleFloats, BufferPool.sizeClass(600))
        XCTAssertEqual(pool.take(600), a, "the kept buffer is handed out again")
        XCTAssertEqual(pool.idleFloats, 0)
    }

    func testSizesInUseStayAndSizesLeftBehindGoFirst() {
        let pool = BufferPool(idleLimit: 2500, hardLimit: 10_000, recentUses: 3)
        let a = pool.take(600), c = pool.take(1000), d = pool.take(1200)  // classes 640, 1024, 1280
        pool.give(a, count: 600)
        pool.give(c, count: 1000)
        pool.give(d, count: 1200)  // 2,944 idle floats, over the cap, but every class was used recently
        XCTAssertEqual(pool.idleFloats, 640 + 1024 + 1280, "a working set in use is never released")
        // A growing sequence moves on to a larger size: the sizes left behind go back, oldest first,
        // until the idle buffers are under the cap or only recent sizes remain.
        pool.give(pool.take(1500), count: 1500)
        XCTAssertEqual(pool.idleFloats, 1280 + 1536)
        XCTAssertEqual(pool.take(1200), d, "a recent size stays")
    }
}
