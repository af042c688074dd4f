import CKernels
import Foundation

/// Something that changes parameters using the gradients `backward()` left on them.
public protocol Optimizer: AnyObject {
    /// Applies one step to every parameter that has a gradient, then sets the gradients to zero.
    func update()
    /// The optimizer's own state, named, for checkpoints (empty for plain SGD).
    var namedState: [(name: String, tensor: Tensor)] { get }
}

/// Plain stochastic gradient descent: p ← p − lr · ∂L/∂p.
public final class SGD: Optimizer {
    /// The tensors it updates, with their names (the names key its state in a checkpoint).
    public let parameters: [(name: String, tensor: Tensor)]
    /// lr, the step size; a variable so a schedule can change it between epochs.
    public var learningRate: Float

    /// An optimizer for `parameters` (a model's `namedParameters`) stepping by `learningRate`.
    public init(parameters: [(name: String, tensor: Tensor)], learningRate: Float) {
        self.parameters = parameters
        self.learningRate = learningRate
    }

    public func update() {
        for (_, parameter) in parameters {
            guard let gradient = parameter.gradientData else { continue }
            for i in 0..<parameter.count { parameter.data[i] -= learningRate * gradient[i] }
            parameter.zeroGradient()
        }
    }

    public var namedState: [(name: String, tensor: Tensor)] { [] }
}

/// Adam (Kingma & Ba, 2015) with PyTorch's defaults and update order: running means of the gradient
/// (m) and of its square (v), bias-corrected, then p ← p − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε).
public final class Adam: Optimizer {
    /// The tensors it updates, with their names (the names key its state in a checkpoint).
    public let parameters: [(name: String, tensor: Tensor)]
    /// lr, the step size; a variable so a schedule can change it between epochs.
    public var learningRate: Float
    /// β₁ and β₂, the decay rates of the running means of the gradient and of its square, and ε, which keeps the division finite.
    public let beta1: Float, beta2: Float, epsilon: Float
    private let firstMoments: [Tensor]
    private let secondMoments: [Tensor]
    /// Steps taken so far, kept as a one-element tensor so checkpoints store it with the moments
    /// (exact as a Float up to 2²⁴ steps).
    private let stepCounter = Tensor(zeros: [1])

    /// An optimizer for `parameters` (a model's `namedParameters`), with PyTorch's defaults for everything else.
    public init(
        parameters: [(name: String, tensor: Tensor)], learningRate: Float = 1e-3,
        beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
    ) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoments = parameters.map { Tensor(zeros: $0.tensor.shape) }
        secondMoments = parameters.map { Tensor(zeros: $0.tensor.shape) }
    }

    /// How many updates have run: t in the bias corrections, restored with a checkpoint.
    public var steps: Int { Int(stepCounter.data[0]) }

    public func update() {
        stepCounter.data[0] += 1
        let t = Double(steps)
        let stepSize = learningRate / Float(1 - Foundation.pow(Double(beta1), t))
        let correction2Root = Float((1 - Foundation.pow(Double(beta2), t)).squareRoot())
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        for (index, (_, parameter)) in parameters.enumerated() {
            guard let gradient = parameter.gradientData else { continue }
            let (m, v) = (firstMoments[index].data, secondMoments[index].data)
            // The fused loop of CKernels: m, v, then p, then g ← 0 (see kernels.h for the formula),
            // cut between the compute threads.
            latent_adam_update(parameter.data, gradient, m, v, parameter.count, beta1, beta2, stepSize, 1 / correction2Root, epsilon)
        }
    }

    public var namedState: [(name: String, tensor: Tensor)] {
        [("adam.step", stepCounter)]
            + zip(parameters, firstMoments).map { ("adam.m.\($0.name)", $1) }
            + zip(parameters, secondMoments).map { ("adam.v.\($0.name)", $1) }
    }
}
