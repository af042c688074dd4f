import Datasets
import Learning

/// A VQ-VAE (van den Oord et al., 2017) for 28×28 images: two stride-2 convolutions map an image
/// to a 7×7 grid of `width`-dimensional vectors, each is snapped to the nearest of `codebookSize`
/// codebook entries, and two transposed convolutions decode the grid back to 28×28 logits. Every
/// image becomes 49 integers: its tokens.
public struct VQVAE: Layer {
    /// Two stride-2 convolutions: 28×28×1 → 14×14 → 7×7×`width`.
    public struct Encoder: Layer {
        /// 28×28×1 → 14×14×`channels`.
        public let conv1: Conv2D
        /// 14×14 → 7×7×`width`: one vector per patch, before it is snapped to the codebook.
        public let conv2: Conv2D
    }

    /// Two stride-2 transposed convolutions: 7×7×`width` → 14×14 → 28×28 logits.
    public struct Decoder: Layer {
        /// 7×7×`width` → 14×14×`channels`.
        public let up1: TransposedConv2D
        /// 14×14 → 28×28×1 logits.
        public let up2: TransposedConv2D
    }

    /// Image → a grid of vectors.
    public let encoder: Encoder
    /// The codebook: snaps each vector to its nearest entry, whose index is the patch's token.
    public let quantizer: VectorQuantizer
    /// Grid of codebook vectors → image.
    public let decoder: Decoder
    /// Weight of the commitment loss, which keeps encoder outputs near their codes.
    public let commitmentCost: Float = 0.25
    /// Tokens per side of an image: 7, so an image is 7×7 = 49 tokens.
    public static let gridSide = 7
    /// Images are 28×28; each token stands for a patch of `patchSide`×`patchSide` pixels.
    public static let imageSide = 28
    /// Pixels per side of the patch one token stands for (4).
    public static let patchSide = imageSide / gridSide
    /// The side of the feature maps between the two convolutions of each half (14: each stride-2
    /// convolution halves the side).
    public static let featureSide = imageSide / 2

    /// A VQ-VAE with `codebookSize` entries of `width` numbers and `channels` feature maps between, drawn from `generator`.
    public init(codebookSize: Int = 64, width: Int = 32, channels: Int = 32, using generator: inout SeededGenerator) {
        encoder = Encoder(conv1: Conv2D(1, channels, kernel: 4, stride: 2, padding: 1, using: &generator),
                          conv2: Conv2D(channels, width, kernel: 4, stride: 2, padding: 1, using: &generator))
        quantizer = VectorQuantizer(entries: codebookSize, width: width, using: &generator)
        decoder = Decoder(up1: TransposedConv2D(width, channels, kernel: 4, stride: 2, padding: 1, using: &generator),
                          up2: TransposedConv2D(channels, 1, kernel: 4, stride: 2, padding: 1, using: &generator))
    }

    /// How many tokens there are: the codebook's entries.
    public var codebookSize: Int { quantizer.entries }
    /// How many tokens make one image (49).
    public var tokensPerImage: Int { VQVAE.gridSide * VQVAE.gridSide }

    /// Encoder vectors, one row per grid cell: [N·49, width], image by image, cells in raster order.
    public func encode(_ x: Tensor) -> Tensor {
        let images = x.reshaped([x.rows, VQVAE.imageSide, VQVAE.imageSide, 1])
        let features = encoder.conv2(relu(encoder.conv1(images)))
        return features.reshaped([x.rows * tokensPerImage, quantizer.width])
    }

    /// Logits of 28×28 images from quantised vectors [N·49, width].
    public func decodeLogits(_ quantized: Tensor) -> Tensor {
        let count = quantized.rows / tokensPerImage
        let grid = quantized.reshaped([count, VQVAE.gridSide, VQVAE.gridSide, quantizer.width])
        return decoder.up2(relu(decoder.up1(grid))).reshaped([count, VQVAE.imageSide * VQVAE.imageSide])
    }

    /// Evaluation works through images this many at a time, so memory stays small however many are
    /// asked for. A multiple of 16, so the products' rows split into the same tiles as in one batch.
    static let imagesAtOnce = 256

    /// The 49 tokens of each image, row after row (evaluation: records no gradients).
    public func tokens(_ x: Tensor) -> [Int] {
        withoutGradients {
            stride(from: 0, to: x.rows, by: VQVAE.imagesAtOnce).flatMap { start in
                let part = x.rows <= VQVAE.imagesAtOnce ? x : x.rowRange(start..<min(start + VQVAE.imagesAtOnce, x.rows))
                return nearestCodes(encode(part), codebook: quantizer.codebook)
            }
        }
    }

    /// The tokens of every image in `images`, 49 per image, in order: a whole dataset tokenised,
    /// read 1,000 images at a time.
    public func tokens(of images: LabelledImages) -> [Int] {
        images.batches(size: 1000).flatMap { batch in tokens(Tensor(images: images, indices: batch)) }
    }

    /// Images (intensities) decoded from tokens, 49 per image (evaluation: records no gradients).
    public func decode(tokens: [Int]) -> Tensor {
        let images = tokens.count / tokensPerImage, chunk = VQVAE.imagesAtOnce * tokensPerImage
        return withoutGradients {
            let parts = stride(from: 0, to: tokens.count, by: chunk).map { start in
                sigmoid(decodeLogits(gatherRows(quantizer.codebook, Array(tokens[start..<min(start + chunk, tokens.count)]))))
            }
            return parts.count == 1 ? parts[0] : Tensor(shape: [images, VQVAE.imageSide * VQVAE.imageSide], scalars: parts.flatMap(\.scalars))
        }
    }

    /// A training step's loss: reconstruction (binary cross-entropy, mean per pixel) plus the
    /// weighted commitment loss; also the encoder vectors and tokens, for the codebook update.
    public func loss(_ x: Tensor) -> (total: Tensor, reconstruction: Tensor, commitment: Tensor, vectors: Tensor, tokens: [Int]) {
        let vectors = encode(x)
        let (quantized, tokens, commitment) = quantizer(vectors)
        let reconstruction = binaryCrossEntropy(logits: decodeLogits(quantized), targets: x, reduction: .mean)
        return (reconstruction + commitment * commitmentCost, reconstruction, commitment, vectors, tokens)
    }
}
