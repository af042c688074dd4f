import Datasets
import Foundation
import Learning
import Models
import Notebook

/// One epoch of a benchmark run.
struct BenchmarkEpoch: Codable {
    let epoch: Int
    /// Mean training loss during the epoch, and the test loss after it, in the report's unit.
    let train_loss: Double
    let test_loss: Double
    /// Wall seconds of the training pass.
    let seconds: Double
    /// Wall seconds of the test pass.
    let test_seconds: Double
}

/// What `latent bench --json` prints.
struct BenchmarkReport: Codable {
    /// "vae" or "prior".
    let model: String
    /// What the losses measure: nats per image (VAE, negative ELBO) or per token (prior).
    let loss_unit: String
    let epochs: [BenchmarkEpoch]
    /// Wall seconds of the training pass's matrix products alone, one epoch (nil with --no-floor),
    /// and of its parts where the model has distinct kinds (the prior: "affine", "attention").
    let gemm_seconds: Double?
    let gemm_parts: [String: Double]?
    let peak_rss_mb: Double
    let threads: Int
    /// The OpenBLAS kernel family that did the products (it decides the floor).
    let blas_kernels: String
}

/// The engine's yardstick: pytorch/examples' VAE on MNIST (784-400-20, BCE-sum + KL, Adam 1e-3,
/// batch 128, reshuffled every epoch), timed per epoch, with the time its matrix products alone
/// take through OpenBLAS as the floor. The engine's first layer multiplies only the images'
/// non-zeros (`affine`), so two of those products cost it less than the floor counts for them.
struct VAEBenchmark {
    let train: LabelledImages
    let test: LabelledImages
    let batchSize = 128
    let seed: UInt64
    /// Whether to time the matrix products alone after training.
    let timesFloor: Bool

    func run(epochs: Int, progress: (BenchmarkEpoch) -> Void) throws -> BenchmarkReport {
        var generator = SeededGenerator(seed: seed)
        let model = VariationalAutoencoder(using: &generator)
        let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
        var results: [BenchmarkEpoch] = []
        for epoch in 1...epochs {
            let start = Date()
            var trainTotal: Double = 0
            for (step, batch) in train.shuffledBatches(size: batchSize, using: &generator).enumerated() {
                let x = Tensor(images: train, indices: batch)
                let noise = Tensor.randomNormal([batch.count, model.latentSize], using: &generator)
                let loss = model.loss(x, noise: noise).total
                loss.backward()
                optimizer.update()
                try checkFinite(loss.item, epoch: epoch, step: step + 1)
                trainTotal += Double(loss.item)
            }
            let trainSeconds = Date().timeIntervalSince(start)
            let testStart = Date()
            var testTotal: Double = 0
            for batch in test.batches(size: batchSize) {
                let x = Tensor(images: test, indices: batch)
                let noise = Tensor.randomNormal([batch.count, model.latentSize], using: &generator)
                testTotal += Double(model.loss(x, noise: noise).total.item)
            }
            let result = BenchmarkEpoch(
                epoch: epoch, train_loss: trainTotal / Double(train.count), test_loss: testTotal / Double(test.count),
                seconds: trainSeconds, test_seconds: Date().timeIntervalSince(testStart)
            )
            results.append(result)
            progress(result)
        }
        return BenchmarkReport(
            model: "vae", loss_unit: "nats per image", epochs: results, gemm_seconds: timesFloor ? gemmFloorSeconds() : nil, gemm_parts: nil, peak_rss_mb: peakResidentMegabytes(),
            threads: ComputeThreads.current, blas_kernels: BLAS.kernelFamily
        )
    }

    /// Runs exactly the matrix products of one training epoch (forward, and backward for every
    /// weight and every activation except the input images') on buffers of the right shapes.
    func gemmFloorSeconds() -> Double {
        let layers = [(784, 400), (400, 20), (400, 20), (20, 400), (400, 784)]
        let largest = batchSize * 784
        let a = Tensor(zeros: [largest]), b = Tensor(zeros: [784 * 400]), c = Tensor(zeros: [largest * 4])
        let fullBatches = train.count / batchSize, remainder = train.count % batchSize
        let batchSizes = [Int](repeating: batchSize, count: fullBatches) + (remainder > 0 ? [remainder] : [])
        let start = Date()
        for rows in batchSizes {
            for (index, (inputs, outputs)) in layers.enumerated() {
                BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: outputs, k: inputs, a: a.data, b: b.data, beta: 1, c: c.data)
                BLAS.gemm(transposeA: true, transposeB: false, m: inputs, n: outputs, k: rows, a: a.data, b: b.data, beta: 1, c: c.data)
                if index > 0 {
                    BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: inputs, k: outputs, a: a.data, b: b.data, beta: 1, c: c.data)
                }
            }
        }
        return Date().timeIntervalSince(start)
    }
}
