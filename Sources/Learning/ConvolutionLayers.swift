/// A convolution layer on NHWC images: `outputs` feature maps from k×k patches of `inputs` channels.
/// Initialised like PyTorch's `nn.Conv2d`: uniform in ±1/√(inputs·k·k).
public struct Conv2D: Layer {
    public let weight: Tensor
    public let bias: Tensor
    public let kernel: Int
    public let stride: Int
    public let padding: Int

    public init(_ inputs: Int, _ outputs: Int, kernel: Int, stride: Int = 1, padding: Int = 0, using generator: inout SeededGenerator) {
        let bound = 1 / Float(inputs * kernel * kernel).squareRoot()
        weight = .randomUniform([kernel * kernel * inputs, outputs], in: -bound...bound, requiresGradient: true, using: &generator)
        bias = .randomUniform([outputs], in: -bound...bound, requiresGradient: true, using: &generator)
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    public var outputs: Int { weight.columns }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        conv2d(x, weight: weight, bias: bias, kernel: kernel, stride: stride, padding: padding)
    }
}

/// A transposed convolution layer (learned upsampling), the mirror image of `Conv2D`.
/// Initialised like PyTorch's `nn.ConvTranspose2d`: uniform in ±1/√(outputs·k·k).
public struct TransposedConv2D: Layer {
    public let weight: Tensor
    public let bias: Tensor
    public let kernel: Int
    public let stride: Int
    public let padding: Int

    public init(_ inputs: Int, _ outputs: Int, kernel: Int, stride: Int = 1, padding: Int = 0, using generator: inout SeededGenerator) {
        let bound = 1 / Float(outputs * kernel * kernel).squareRoot()
        weight = .randomUniform([inputs, kernel * kernel * outputs], in: -bound...bound, requiresGradient: true, using: &generator)
        bias = .randomUniform([outputs], in: -bound...bound, requiresGradient: true, using: &generator)
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
    }

    public var outputs: Int { bias.count }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        transposedConv2d(x, weight: weight, bias: bias, kernel: kernel, stride: stride, padding: padding)
    }
}
