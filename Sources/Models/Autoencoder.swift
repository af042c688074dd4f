import Learning

/// A plain auto-encoder with the VAE's backbone, so the two compare fairly:
/// 784 → 400 → 20 (the code) → 400 → 784 logits.
public struct Autoencoder: Layer {
    /// The layers from an image to its code, named as the checkpoint and the page name them.
    public struct Encoder: Layer {
        /// Pixels → 400 hidden units.
        public let hidden: Linear
        /// 400 → the code: one point per image, nothing more.
        public let code: Linear
    }

    /// The layers from a code back to an image.
    public struct Decoder: Layer {
        /// The code → 400 hidden units.
        public let hidden: Linear
        /// 400 → one logit per pixel.
        public let output: Linear
    }

    /// Image → code.
    public let encoder: Encoder
    /// Code → image.
    public let decoder: Decoder

    /// A model of `inputs` pixels with a `code`-number bottleneck, its weights drawn from `generator`.
    public init(inputs: Int = 784, hidden: Int = 400, code: Int = 20, using generator: inout SeededGenerator) {
        encoder = Encoder(hidden: Linear(inputs, hidden, using: &generator), code: Linear(hidden, code, using: &generator))
        decoder = Decoder(hidden: Linear(code, hidden, using: &generator), output: Linear(hidden, inputs, using: &generator))
    }

    /// How many numbers a code has (20).
    public var codeSize: Int { encoder.code.outputs }

    /// The code: 20 numbers per image.
    public func encode(_ x: Tensor) -> Tensor { encoder.code(relu(encoder.hidden(x))) }

    /// Pixel intensities in (0, 1) decoded from codes.
    public func decode(_ code: Tensor) -> Tensor { sigmoid(decoder.output(relu(decoder.hidden(code)))) }

    /// The reconstruction of a batch of images: decode(encode(x)), what the loss compares with x.
    public func callAsFunction(_ x: Tensor) -> Tensor { decode(encode(x)) }
}
