/// A layer or a model: anything whose stored properties hold tensors and other layers.
///
/// Parameters are found by reflection and named by their path, as PyTorch names them
/// (`encoder.hidden.weight`), so the optimizer, checkpoints and architecture diagrams all agree
/// without a hand-written list.
public protocol Layer {}

extension Layer {
    /// Every tensor the layer holds, trainable or not (checkpoints save all of them).
    public var namedTensors: [(name: String, tensor: Tensor)] {
        var found: [(name: String, tensor: Tensor)] = []
        collectTensors(in: self, prefix: "", into: &found)
        return found
    }

    /// The tensors that gradients flow into: what the optimizer updates.
    public var namedParameters: [(name: String, tensor: Tensor)] {
        namedTensors.filter { $0.tensor.requiresGradient }
    }

    /// How many trainable scalars the layer has.
    public var parameterCount: Int { namedParameters.reduce(0) { $0 + $1.tensor.count } }
}

private func collectTensors(in value: Any, prefix: String, into found: inout [(name: String, tensor: Tensor)]) {
    for child in Mirror(reflecting: value).children {
        guard let label = child.label else { continue }
        let name = prefix.isEmpty ? label : "\(prefix).\(label)"
        switch child.value {
        case let tensor as Tensor:
            found.append((name, tensor))
        case let layer as Layer:
            collectTensors(in: layer, prefix: name, into: &found)
        case let layers as [Layer]:
            for (index, layer) in layers.enumerated() { collectTensors(in: layer, prefix: "\(name).\(index)", into: &found) }
        default:
            continue
        }
    }
}

/// A fully-connected layer, y = x·W + b, with W of shape [inputs, outputs].
///
/// Initialised as PyTorch's `nn.Linear`: W and b uniform in ±1/√inputs (Kaiming-uniform with
/// a = √5), which keeps activations at a steady scale from layer to layer.
public struct Linear: Layer {
    /// W, [inputs, outputs]: a row per input, so a batch of rows multiplies it directly.
    public let weight: Tensor
    /// b, one per output.
    public let bias: Tensor

    /// A layer from `inputs` to `outputs` numbers, its weights drawn from `generator`.
    public init(_ inputs: Int, _ outputs: Int, using generator: inout SeededGenerator) {
        let bound = 1 / Float(inputs).squareRoot()
        weight = .randomUniform([inputs, outputs], in: -bound...bound, requiresGradient: true, using: &generator)
        bias = .randomUniform([outputs], in: -bound...bound, requiresGradient: true, using: &generator)
    }

    /// How many numbers each input row has.
    public var inputs: Int { weight.rows }
    /// How many numbers each output row has.
    public var outputs: Int { weight.columns }

    /// x·W + b for a batch x of [rows, inputs], in one fused op.
    public func callAsFunction(_ x: Tensor) -> Tensor { affine(x, weight, bias) }
}

/// Layer normalisation with a learned gain (initially 1) and bias (initially 0).
public struct LayerNorm: Layer {
    /// The learned per-feature scale, initially 1, so the layer starts as a plain normalisation.
    public let gain: Tensor
    /// The learned per-feature shift, initially 0.
    public let bias: Tensor

    /// A layer norm over rows of `width` features.
    public init(_ width: Int) {
        gain = Tensor(shape: [width], scalars: [Float](repeating: 1, count: width), requiresGradient: true)
        bias = Tensor(zeros: [width], requiresGradient: true)
    }

    /// Each row normalised to mean 0 and variance 1, then scaled by `gain` and shifted by `bias`.
    public func callAsFunction(_ x: Tensor) -> Tensor { layerNorm(x, gain: gain, bias: bias) }
}
