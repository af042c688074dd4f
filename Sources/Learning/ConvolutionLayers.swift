/// A convolution layer on NHWC images: `outputs` feature maps from k×k patches of `inputs` channels.
/// Initialised like PyTorch's `nn.Conv2d`: uniform in ±1/√(inputs·k·k).
public struct Conv2D: Layer {
    /// The filters, [k·k·inputs, outputs]: one column per output channel, laid out as im2col's patches are.
    public let weight: Tensor
    /// One bias per output channel.
    public let bias: Tensor
    /// The side k of the square patches the filters read.
    public let kernel: Int
    /// How far the patch moves between outputs: 2 halves the height and width.
    public let stride: Int
    /// Zeros added around the input's border, so edge pixels are read as often as inner ones.
    public let padding: Int

    /// A layer from `inputs` to `outputs` channels, its weights drawn from `generator` (PyTorch's bounds).
    public init(_ inputs: Int, _ outputs: Int, kernel: Int, stride: Int = 1, padding: Int = 0, using generator: inout SeededGenerator) {
        let bound = 1 / Float(inputs * kernel * kernel).squareRoot()
        weight = .randomUniform([kernel * kernel * inputs, outputs], in: -bound...bound, requiresGradient: true, using: &generator)
        bias = .randomUniform([outputs], in: -bound...bound, requiresGradient: true, using: &generator)
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    /// The number of feature maps it writes.
    public var outputs: Int { weight.columns }

    /// Convolves a batch of NHWC images, [batch, height, width, inputs] → [batch, height′, width′, outputs].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        conv2d(x, weight: weight, bias: bias, kernel: kernel, stride: stride, padding: padding)
    }
}

/// A transposed convolution layer (learned upsampling), the mirror image of `Conv2D`.
/// Initialised like PyTorch's `nn.ConvTranspose2d`: uniform in ±1/√(outputs·k·k).
public struct TransposedConv2D: Layer {
    /// The filters, [inputs, k·k·outputs]: each input channel spreads onto a k×k patch of every output channel.
    public let weight: Tensor
    /// One bias per output channel.
    public let bias: Tensor
    /// The side k of the square patch each input pixel is spread onto.
    public let kernel: Int
    /// How far apart the patches land: 2 doubles the height and width.
    public let stride: Int
    /// Rows and columns cropped from the output's border, undoing the matching `Conv2D`'s padding.
    public let padding: Int

    /// A layer from `inputs` to `outputs` channels, its weights drawn from `generator` (PyTorch's bounds).
    public init(_ inputs: Int, _ outputs: Int, kernel: Int, stride: Int = 1, padding: Int = 0, using generator: inout SeededGenerator) {
        let bound = 1 / Float(outputs * kernel * kernel).squareRoot()
        weight = .randomUniform([inputs, kernel * kernel * outputs], in: -bound...bound, requiresGradient: true, using: &generator)
        bias = .randomUniform([outputs], in: -bound...bound, requiresGradient: true, using: &generator)
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    /// The number of feature maps it writes.
    public var outputs: Int { bias.count }

    /// Upsamples a batch of NHWC images, [batch, height, width, inputs] → [batch, height′, width′, outputs].
    public func callAsFunction(_ x: Tensor) -> Tensor {
        transposedConv2d(x, weight: weight, bias: bias, kernel: kernel, stride: stride, padding: padding)
    }
}
