import Learning

/// The variational auto-encoder of Kingma & Welling (2014), sized as in pytorch/examples:
/// 784 → 400 → (μ, log σ²) ∈ ℝ²⁰ × ℝ²⁰, sample z = μ + σ·ε, then 20 → 400 → 784 logits.
public struct VariationalAutoencoder: Layer {
    public struct Encoder: Layer {
        public let hidden: Linear
        public let mean: Linear
        public let logVariance: Linear
    }

    public struct Decoder: Layer {
        public let hidden: Linear
        public let output: Linear
    }

    public let encoder: Encoder
    public let decoder: Decoder

    public init(inputs: Int = 784, hidden: Int = 400, latent: Int = 20, using generator: inout SeededGenerator) {
        encoder = Encoder(
            hidden: Linear(inputs, hidden, using: &generator),
            mean: Linear(hidden, latent, using: &generator),
            logVariance: Linear(hidden, latent, using: &generator)
        )
        decoder = Decoder(hidden: Linear(latent, hidden, using: &generator), output: Linear(hidden, inputs, using: &generator))
    }

    public var latentSize: Int { encoder.mean.outputs }

    /// q(z | x): the mean and log-variance of the Gaussian the encoder puts each image at.
    public func encode(_ x: Tensor) -> (mean: Tensor, logVariance: Tensor) {
        let h = relu(encoder.hidden(x))
        return (encoder.mean(h), encoder.logVariance(h))
    }

    /// p(x | z) as logits: sigmoid(logits) are the pixel intensities. The loss works on logits,
    /// because its cross-entropy is stabler there.
    public func decodeLogits(_ z: Tensor) -> Tensor {
        decoder.output(relu(decoder.hidden(z)))
    }

    /// Pixel intensities in (0, 1) decoded from codes, like the auto-encoder's `decode`.
    public func decode(_ z: Tensor) -> Tensor { sigmoid(decodeLogits(z)) }

    /// Reconstructions of `x`, decoded from the mean μ of each image's Gaussian (no sampling).
    public func callAsFunction(_ x: Tensor) -> Tensor { decode(encode(x).mean) }

    /// The negative ELBO of a batch, summed over its images, with its two terms:
    /// reconstruction (binary cross-entropy) and KL(q(z|x) ‖ N(0, I)). `noise` is ε ~ N(0, I).
    public func loss(_ x: Tensor, noise: Tensor) -> (total: Tensor, reconstruction: Tensor, divergence: Tensor) {
        let (mean, logVariance) = encode(x)
        let z = reparameterize(mean: mean, logVariance: logVariance, noise: noise)
        let reconstruction = binaryCrossEntropy(logits: decodeLogits(z), targets: x)
        let divergence = gaussianKLDivergence(mean: mean, logVariance: logVariance)
        return (reconstruction + divergence, reconstruction, divergence)
    }
}
