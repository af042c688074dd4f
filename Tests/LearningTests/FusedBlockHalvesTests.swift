@testable import Learning
import XCTest

/// The two fused halves of a transformer block (`residualAttention`, `residualMLP`; CKernels'
/// residual_*.c) against the ops they replace, on shapes that cut rows into whole tiles, a
/// remainder and two threads' shares, and against finite differences.
final class FusedBlockHalvesTests: XCTestCase {
    /// A norm and two layers with every parameter random (a fresh LayerNorm's gain is all ones,
    /// which would hide a gain used in the wrong place).
    private func layers(_ width: Int, _ hidden: Int, _ outputs: Int, seed: UInt64) -> (norm: LayerNorm, first: Linear, second: Linear) {
        var generator = SeededGenerator(seed: seed)
        let norm = LayerNorm(width)
        norm.gain.assign((0..<width).map { _ in generator.uniform(in: 0.5...1.5) })
        norm.bias.assign((0..<width).map { _ in generator.uniform(in: -0.5...0.5) })
        return (norm, Linear(width, hidden, using: &generator), Linear(hidden == 3 * width ? width : hidden, outputs, using: &generator))
    }

    private func parameters(_ layers: (norm: LayerNorm, first: Linear, second: Linear)) -> [Tensor] {
        [layers.norm.gain, layers.norm.bias, layers.first.weight, layers.first.bias, layers.second.weight, layers.second.bias]
    }

    private static let names = ["y", "∂x", "∂gain", "∂norm bias", "∂W1", "∂b1", "∂W2", "∂b2"]

    /// Output and every gradient of `op`, for a fixed weighted sum of the output.
    private func outputAndGradients(_ inputs: [Tensor], weighting: Tensor, _ op: () -> Tensor) -> [[Float]] {
        for input in inputs { input.zeroGradient() }
        let y = op()
        (y * weighting).sum().backward()
        return [y.scalars] + inputs.map { $0.gradient! }
    }

    private func assertClose(_ fused: [[Float]], _ separate: [[Float]], _ context: String, file: StaticString = #filePath, line: UInt = #line) {
        for (name, (a, b)) in zip(Self.names, zip(fused, separate)) {
            let scale = b.map { abs(Double($0)) }.max()!
            let error = zip(a, b).map { abs(Double($0) - Double($1)) }.max()!
            XCTAssertLessThan(error, 2e-5 * max(1, scale), "\(name), \(context): largest difference \(error), largest value \(scale)",
                              file: file, line: line)
        }
    }

    // MARK: The MLP half

    func testMLPGradientsMatchFiniteDifferences() {
        let layers = layers(6, 10, 6, seed: 1)
        let x = parameter([5, 6], seed: 2, range: -2...2)
        assertGradientsMatch([x] + parameters(layers)) { residualMLP(x, norm: layers.norm, expand: layers.first, contract: layers.second) }
    }

    /// The fused MLP half and the separate ops on `rows` rows of chapter 4's width.
    private func mlpFusedAndSeparate(rows: Int, seed: UInt64) -> (fused: [[Float]], separate: [[Float]]) {
        let (norm, expand, contract) = layers(64, 256, 64, seed: seed)
        let x = parameter([rows, 64], seed: seed + 1, range: -2...2)
        let inputs = [x, norm.gain, norm.bias, expand.weight, expand.bias, contract.weight, contract.bias]
        let weighting = data([rows, 64], seed: seed + 2)
        return (outputAndGradients(inputs, weighting: weighting) { residualMLP(x, norm: norm, expand: expand, contract: contract) },
                outputAndGradients(inputs, weighting: weighting) { x + contract(gelu(expand(norm(x)))) })
    }

    func testMLPEqualsTheSeparateOpsAcrossTilesAndThreads() {
        // 150 rows: two whole tiles of 64 and a remainder, cut between two threads at a tile's edge.
        for threads in [1, 2] {
            ComputeThreads.set(threads)
            defer { ComputeThreads.set(1) }
            let (fused, separate) = mlpFusedAndSeparate(rows: 150, seed: 3)
            assertClose(fused, separate, "MLP on \(threads) thread(s)")
        }
    }

    // MARK: The attention half

    func testAttentionGradientsMatchFiniteDifferences() {
        let layers = layers(8, 24, 8, seed: 4)
        let x = parameter([2 * 5, 8], seed: 5, range: -2...2)
        assertGradientsMatch([x] + parameters(layers)) {
            residualAttention(x, norm: layers.norm, queriesKeysValues: layers.first, output: layers.second, batch: 2, sequence: 5, heads: 2)
        }
    }

    /// The fused attention half and the separate ops on `batch` sequences of `sequence` positions,
    /// width 64 and 4 heads (chapter 4's), with the queries-keys-values each showed.
    private func attentionFusedAndSeparate(batch: Int, sequence: Int, seed: UInt64) -> (fused: [[Float]], separate: [[Float]], shown: [Float], qkv: [Float]) {
        let (norm, qkvLayer, output) = layers(64, 192, 64, seed: seed)
        let x = parameter([batch * sequence, 64], seed: seed + 1, range: -2...2)
        let inputs = [x] + parameters((norm, qkvLayer, output))
        let weighting = data([batch * sequence, 64], seed: seed + 2)
        var shown: [Float] = [], separateQKV: [Float] = []
        let fused = outputAndGradients(inputs, weighting: weighting) {
            residualAttention(x, norm: norm, queriesKeysValues: qkvLayer, output: output, batch: batch, sequence: sequence, heads: 4,
                              showQueriesKeysValues: { shown = $0.scalars })
        }
        let separate = outputAndGradients(inputs, weighting: weighting) {
            let qkv = qkvLayer(norm(x))
            separateQKV = qkv.scalars
            return x + output(causalSelfAttention(qkv, batch: batch, sequence: sequence, heads: 4))
        }
        return (fused, separate, shown, separateQKV)
    }

    func testAttentionEqualsTheSeparateOpsAcrossTilesAndThreads() {
        // 7 sequences of 49 (tiles of two sequences and a last one alone, cut between two threads),
        // then 3 sequences of 150 positions, longer than a tile.
        for (batch, sequence) in [(7, 49), (3, 150)] {
            for threads in [1, 2] {
                ComputeThreads.set(threads)
                defer { ComputeThreads.set(1) }
                let result = attentionFusedAndSeparate(batch: batch, sequence: sequence, seed: 6)
                assertClose(result.fused, result.separate, "\(batch) sequences of \(sequence) on \(threads) thread(s)")
                let qkvError = zip(result.shown, result.qkv).map { abs($0 - $1) }.max()!
                XCTAssertEqual(result.shown.count, result.qkv.count)
                XCTAssertLessThan(qkvError, 1e-5, "the queries-keys-values shown")
            }
        }
    }

    // MARK: Both

    func testRowsAreIndependentOfTheThreadCount() {
        // Each row's output and ∂x come from one thread alone, so they match bit for bit.
        func run() -> [[Float]] {
            Array(mlpFusedAndSeparate(rows: 200, seed: 7).fused.prefix(2) + attentionFusedAndSeparate(batch: 5, sequence: 49, seed: 8).fused.prefix(2))
        }
        ComputeThreads.set(1)
        let one = run()
        ComputeThreads.set(2)
        defer { ComputeThreads.set(1) }
        XCTAssertEqual(one, run())
    }
}
