import Datasets
import Learning
import Models
import Notebook

/// Per-epoch numbers of the VQ-VAE's training.
public struct VQVAETraining {
    public let model: VQVAE
    public let history: TrainingHistory
}

extension Chapter {
    /// The VQ-VAE of chapter 3, trained once and shared with chapter 4 (which models its tokens).
    /// Each step: reconstruction + commitment loss, Adam on the convolutions, then an EMA step of the
    /// codebook towards the encoder vectors assigned to each entry.
    /// Its training summary appears on the page after the code that calls this (`line`).
    public func sharedVQVAE(epochs standardEpochs: Int = 5, line: Int = #line) -> VQVAETraining {
        var weights = random("vq-vae weights")
        let model = VQVAE(using: &weights)
        let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
        let history = trainOrRestoreShared("vq-vae", model: model, optimizer: optimizer, epochs: epochs(standardEpochs), line: line) { progress in
            var batchOrder = random("vq-vae batches")
            for epoch in 1...progress.epochs {
                var reconstruction: Double = 0, commitment: Double = 0
                var used = Set<Int>(), epochTokens: [Int] = []
                for (step, batch) in train.shuffledBatches(size: 128, using: &batchOrder).enumerated() {  // step: every 20th feeds the perplexity
                    let loss = model.loss(Tensor(images: train, indices: batch))
                    loss.total.backward()
                    optimizer.update()
                    model.quantizer.updateCodebook(loss.vectors, indices: loss.tokens)
                    try progress.step(loss.total)
                    reconstruction += Double(loss.reconstruction.item) * Double(batch.count)
                    commitment += Double(loss.commitment.item) * Double(batch.count)
                    used.formUnion(loss.tokens)
                    if step % 20 == 0 { epochTokens += loss.tokens }
                }
                let count = Double(train.count)
                progress.epoch(epoch, [
                    "reconstruction": reconstruction / count, "commitment": commitment / count,
                    "perplexity": VectorQuantizer.perplexity(epochTokens, entries: model.codebookSize),
                    "codes_used": Double(used.count),
                ])
            }
        }
        return VQVAETraining(model: model, history: history)
    }
}
