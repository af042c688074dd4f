import Datasets
import Foundation
import Learning
import Models
import Notebook

/// The transformer's yardstick: chapter 4's image prior (2 pre-norm blocks, width 64, 4 heads, GELU
/// MLP ×4, learned positions, 49-token sequences of a class token and 48 image tokens, batch 64,
/// Adam 2e-3), timed per epoch over MNIST's 60,000 training images, with the time its matrix
/// products alone take as the floor. `scripts/pytorch_prior_reference.py` is the same model and
/// loop in PyTorch.
///
/// The bench needs no trained VQ-VAE: each 4×4 patch becomes one of 64 tokens by a fixed rule on its
/// grey-levels (`patchTokens`), which the PyTorch script computes the same way, in integers, so
/// both sides train on identical sequences. How fast a step runs does not depend on which tokens
/// it sees; the loss only shows that both sides learn the same thing.
struct PriorBenchmark {
    let train: LabelledImages
    let test: LabelledImages
    let batchSize = 64
    let seed: UInt64
    /// Whether to time the matrix products alone after training.
    let timesFloor: Bool
    static let codes = 64
    static let side = 4

    func run(epochs: Int, progress: (BenchmarkEpoch) -> Void) throws -> BenchmarkReport {
        var generator = SeededGenerator(seed: seed)
        let prior = PatchPrior(vocabulary: Self.codes, classes: 10, using: &generator)
        let optimizer = Adam(parameters: prior.namedParameters, learningRate: 2e-3)
        let trainTokens = Self.patchTokens(train), testTokens = Self.patchTokens(test)
        var results: [BenchmarkEpoch] = []
        for epoch in 1...epochs {
            let start = Date()
            var trainTotal: Double = 0
            for (step, batch) in train.shuffledBatches(size: batchSize, using: &generator).enumerated() {
                let (inputs, targets) = prior.sequences(of: train, tokens: trainTokens, at: batch)
                let loss = prior.loss(inputs, targets: targets)
                loss.backward()
                optimizer.update()
                try checkFinite(loss.item, epoch: epoch, step: step + 1)
                trainTotal += Double(loss.item) * Double(batch.count)
            }
            let trainSeconds = Date().timeIntervalSince(start)
            let testStart = Date()
            let testTotal = withoutGradients {
                test.batches(size: 100).reduce(0.0) { total, batch in
                    let (inputs, targets) = prior.sequences(of: test, tokens: testTokens, at: batch)
                    return total + Double(prior.loss(inputs, targets: targets).item) * Double(batch.count)
                }
            }
            let result = BenchmarkEpoch(
                epoch: epoch, train_loss: trainTotal / Double(train.count), test_loss: testTotal / Double(test.count),
                seconds: trainSeconds, test_seconds: Date().timeIntervalSince(testStart)
            )
            results.append(result)
            progress(result)
        }
        let floor = timesFloor ? gemmFloorSeconds() : nil
        return BenchmarkReport(
            model: "prior", loss_unit: "nats per token", epochs: results, gemm_seconds: floor.map { $0.affine + $0.attention },
            gemm_parts: floor.map { ["affine": $0.affine, "attention": $0.attention] },
            peak_rss_mb: peakResidentMegabytes(), threads: ComputeThreads.current, blas_kernels: BLAS.kernelFamily
        )
    }

    /// Each image's 49 patches (4×4, rows of patches top to bottom) as tokens 0..<64: four bits say
    /// which 2×2 quarters are more than half inked, two more give the patch's overall ink in quarters.
    static func patchTokens(_ images: LabelledImages) -> [Int] {
        let side = images.imageSide, patches = side / Self.side
        var tokens: [Int] = []
        tokens.reserveCapacity(images.count * patches * patches)
        images.pixels.withUnsafeBufferPointer { pixels in
            for image in 0..<images.count {
                let base = image * side * side
                for patchRow in 0..<patches {
                    for patchColumn in 0..<patches {
                        var quarters = 0, total = 0
                        for quarter in 0..<4 {
                            var sum = 0
                            for dy in 0..<2 {
                                for dx in 0..<2 {
                                    let y = patchRow * Self.side + (quarter / 2) * 2 + dy, x = patchColumn * Self.side + (quarter % 2) * 2 + dx
                                    sum += Int(pixels[base + y * side + x])
                                }
                            }
                            if sum > 2 * 255 { quarters |= 1 << quarter }
                            total += sum
                        }
                        tokens.append(quarters * 4 + min(3, 4 * total / (16 * 255)))
                    }
                }
            }
        }
        return tokens
    }

    /// Runs exactly the matrix products of one training epoch — every affine layer forward and
    /// backward (weights and activations, the embeddings' gradient aside) and attention's six
    /// per-head products — on buffers of the right shapes, in the engine's own order, all through
    /// OpenBLAS. The engine computes the per-head products in its own loops (CKernels'
    /// attention_head.c, only the blocks on and below the diagonal), so for attention this floor is
    /// what OpenBLAS would take, not a lower bound.
    func gemmFloorSeconds() -> (affine: Double, attention: Double) {
        let width = 64, heads = 4, headWidth = width / heads, sequence = PatchPrior.sequenceLength, layers = 2
        let affineShapes = [(width, 3 * width), (width, width), (width, 4 * width), (4 * width, width)]
        let largest = batchSize * sequence * 4 * width
        let a = Tensor(zeros: [largest]), b = Tensor(zeros: [largest]), c = Tensor(zeros: [largest])
        let fullBatches = train.count / batchSize, remainder = train.count % batchSize
        let batchSizes = [Int](repeating: batchSize, count: fullBatches) + (remainder > 0 ? [remainder] : [])
        func affine(rows: Int, _ inputs: Int, _ outputs: Int) {
            BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: outputs, k: inputs, a: a.data, b: b.data, beta: 1, c: c.data)
            BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: inputs, k: outputs, a: a.data, b: b.data, beta: 1, c: c.data)
            BLAS.gemm(transposeA: true, transposeB: false, m: inputs, n: outputs, k: rows, a: a.data, b: b.data, beta: 1, c: c.data)
        }
        // (transpose A, transpose B, m, n, k, lda, ldb, ldc) of one head, as `causalSelfAttention` calls them
        let s = sequence, d = headWidth, qkv = 3 * width
        let headProducts: [(Bool, Bool, Int, Int, Int, Int, Int, Int)] = [
            (false, true, s, s, d, qkv, qkv, s), (false, false, s, d, s, s, qkv, width),  // S = QKᵀ, O = PV
            (true, false, s, d, s, s, width, qkv), (false, true, s, s, d, width, qkv, s),  // ∂V, ∂P
            (false, false, s, d, s, s, qkv, qkv), (true, false, s, d, s, s, qkv, qkv),     // ∂Q, ∂K
        ]
        // Sequences are shared between the threads as the op shares them; each thread its own output.
        func attention(sequences: Int) {
            ComputeThreads.forEachPart(of: sequences) { part in
                let output = c.data + part.lowerBound * s * s
                for _ in 0..<(part.count * heads) {
                    for (ta, tb, m, n, k, lda, ldb, ldc) in headProducts {
                        BLAS.gemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, a: a.data, lda: lda, b: b.data, ldb: ldb,
                                  beta: 0, c: output, ldc: ldc)
                    }
                }
            }
        }
        var affineSeconds = 0.0, attentionSeconds = 0.0
        for sequences in batchSizes {
            let rows = sequences * sequence
            for _ in 0..<layers {
                affineSeconds += seconds { for (inputs, outputs) in affineShapes { affine(rows: rows, inputs, outputs) } }
                attentionSeconds += seconds { attention(sequences: sequences) }
            }
            affineSeconds += seconds { affine(rows: rows, width, Self.codes) }
        }
        return (affineSeconds, attentionSeconds)
    }
}

/// Wall seconds `body` takes.
func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
