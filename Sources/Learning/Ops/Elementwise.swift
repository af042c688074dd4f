import CKernels
import Foundation

// Elementwise ops: each is a small type holding a forward formula and its derivative, side by
// side. `elementwise` runs the loop and records the backward step, ∂loss/∂x = ∂loss/∂y · dy/dx.
// Being generic over the function, each op compiles to its own tight loop, with no call per scalar.
// Large tensors are cut between the compute threads: every scalar is computed on its own, so the
// cut changes no number, and the other thread no longer idles while one core works through, say,
// an auto-encoder's 100,352 sigmoids (a tenth of its step when they ran on one thread).

/// A scalar function y = f(x) and its derivative, which may use the output y (sigmoid's y(1−y)).
protocol ScalarFunction {
    func value(_ x: Float) -> Float
    func derivative(x: Float, y: Float) -> Float
}

@inline(__always)
func elementwise<Function: ScalarFunction>(_ x: Tensor, _ function: Function) -> Tensor {
    let y = Tensor(uninitializedShape: x.shape, inputs: [x]) { y in
        let upstream = y.gradientBuffer()
        x.addToGradient { gradient in
            ComputeThreads.forEachPart(of: x.count, minimumPerPart: ComputeThreads.smallestPart) { part in
                for i in part { gradient[i] += upstream[i] * function.derivative(x: x.data[i], y: y.data[i]) }
            }
        }
    }
    ComputeThreads.forEachPart(of: x.count, minimumPerPart: ComputeThreads.smallestPart) { part in
        for i in part { y.data[i] = function.value(x.data[i]) }
    }
    return y
}

/// max(x, 0): passes positive values, zeroes the rest; the gradient flows only where x > 0.
struct ReLU: ScalarFunction {
    func value(_ x: Float) -> Float { Swift.max(x, 0) }
    func derivative(x: Float, y: Float) -> Float { x > 0 ? 1 : 0 }
}

/// 1 / (1 + e^−x): squashes any value into (0, 1), e.g. logits into pixel intensities.
struct Sigmoid: ScalarFunction {
    func value(_ x: Float) -> Float { x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x)) }
    func derivative(x: Float, y: Float) -> Float { y * (1 - y) }
}

/// e^x, its own derivative.
struct Exponential: ScalarFunction {
    func value(_ x: Float) -> Float { Foundation.exp(x) }
    func derivative(x: Float, y: Float) -> Float { y }
}

/// The natural logarithm (x must be positive).
struct Logarithm: ScalarFunction {
    func value(_ x: Float) -> Float { Foundation.log(x) }
    func derivative(x: Float, y: Float) -> Float { 1 / x }
}

/// a·x + b for constants a and b.
struct AffineScalar: ScalarFunction {
    let scale: Float, shift: Float
    func value(_ x: Float) -> Float { scale * x + shift }
    func derivative(x: Float, y: Float) -> Float { scale }
}

/// max(0, x) for every scalar; its gradient passes where x > 0 and stops elsewhere.
public func relu(_ x: Tensor) -> Tensor { elementwise(x, ReLU()) }
/// 1 / (1 + e⁻ˣ) for every scalar: squashes logits into (0, 1), as pixel intensities are.
public func sigmoid(_ x: Tensor) -> Tensor { elementwise(x, Sigmoid()) }
/// eˣ for every scalar (e.g. σ = exp(½ log σ²) in the VAE).
public func exp(_ x: Tensor) -> Tensor { elementwise(x, Exponential()) }
/// The natural logarithm of every scalar.
public func log(_ x: Tensor) -> Tensor { elementwise(x, Logarithm()) }

extension Tensor {
    /// x · s.
    public static func * (x: Tensor, s: Float) -> Tensor { elementwise(x, AffineScalar(scale: s, shift: 0)) }
    /// s · x, so a scale reads the way a formula writes it.
    public static func * (s: Float, x: Tensor) -> Tensor { x * s }
    /// x + s.
    public static func + (x: Tensor, s: Float) -> Tensor { elementwise(x, AffineScalar(scale: 1, shift: s)) }
    /// −x.
    public static prefix func - (x: Tensor) -> Tensor { x * -1 }
}

/// GELU, tanh form: y = x · ½(1 + tanh(√(2/π)(x + 0.044715x³))), the transformers' smooth ReLU.
/// Its derivative is ½(1 + tanh u) + ½x(1 − tanh² u)·√(2/π)(1 + 3·0.044715x²). Both loops run
/// in C (CKernels): `tanh` from the C library costs more than the matrix products around it.
public func gelu(_ x: Tensor) -> Tensor {
    let y = Tensor(uninitializedShape: x.shape, inputs: [x]) { y in
        let upstream = y.gradientBuffer()
        x.addToGradient { gradient in latent_gelu_backward(x.data, upstream, gradient, x.count) }
    }
    latent_gelu(x.data, y.data, x.count)
    return y
}
