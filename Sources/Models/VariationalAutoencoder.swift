import Learning

/// The variational auto-encoder of Kingma & Welling (2014), sized as in pytorch/examples:
/// 784 → 400 → (μ, log σ²) ∈ ℝ²⁰ × ℝ²⁰, sample z = μ + σ·ε, then 20 → 400 → 784 logits.
public struct VariationalAutoencoder: Layer {
    /// The layers from an image to its Gaussian, named as the checkpoint and the page name them.
    public struct Encoder: Layer {
        /// Pixels → 400 hidden units.
        public let hidden: Linear
        /// 400 → μ, the centre of the image's Gaussian.
        public let mean: Linear
        /// 400 → log σ², its spread (a log, so any real number is a valid variance).
        public let logVariance: Linear
    }

    /// The layers from a code back to an image.
    public struct Decoder: Layer {
        /// The code → 400 hidden units.
        public let hidden: Linear
        /// 400 → one logit per pixel.
        public let output: Linear
    }

    /// Image → the Gaussian its code is drawn from.
    public let encoder: Encoder
    /// Code → image.
    public let decoder: Decoder

    /// A model of `inputs` pixels with a `latent`-dimensional code, its weights drawn from `generator`.
    public init(inputs: Int = 784, hidden: Int = 400, latent: Int = 20, using generator: inout SeededGenerator) {
        encoder = Encoder(
            hidden: Linear(inputs, hidden, using: &generator),
            mean: Linear(hidden, latent, using: &generator),
            logVariance: Linear(hidden, latent, using: &generator)
        )
        decoder = Decoder(hidden: Linear(latent, hidden, using: &generator), output: Linear(hidden, inputs, using: &generator))
    }

    /// How many numbers a code has (20; chapter 2 also trains one with 2, to draw its plane).
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
