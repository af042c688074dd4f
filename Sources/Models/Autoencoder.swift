import Learning

/// A plain auto-encoder with the VAE's backbone, so the two compare fairly:
/// 784 → 400 → 20 (the code) → 400 → 784 logits.
public struct Autoencoder: Layer {
    public struct Encoder: Layer {
        public let hidden: Linear
        public let code: Linear
    }

    public struct Decoder: Layer {
        public let hidden: Linear
        public let output: Linear
    }

    public let encoder: Encoder
    public let decoder: Decoder

    public init(inputs: Int = 784, hidden: Int = 400, code: Int = 20, using generator: inout SeededGenerator) {
        encoder = Encoder(hidden: Linear(inputs, hidden, using: &generator), code: Linear(hidden, code, using: &generator))
        decoder = Decoder(hidden: Linear(code, hidden, using: &generator), output: Linear(hidden, inputs, using: &generator))
    }

    public var codeSize: Int { encoder.code.outputs }

    /// The code: 20 numbers per image.
    public func encode(_ x: Tensor) -> Tensor { encoder.code(relu(encoder.hidden(x))) }

    /// Pixel intensities in (0, 1) decoded from codes.
    public func decode(_ code: Tensor) -> Tensor { sigmoid(decoder.output(relu(decoder.hidden(code)))) }

    public func callAsFunction(_ x: Tensor) -> Tensor { decode(encode(x)) }
}
