import Foundation

// Elementwise ops: each is a small type holding a forward formula and its derivative, side by
// side. `elementwise` runs the loop and records the backward step, ∂loss/∂x = ∂loss/∂y · dy/dx.
// Being generic over the function, each op compiles to its own tight loop, with no call per scalar.

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
            for i in 0..<x.count { gradient[i] += upstream[i] * function.derivative(x: x.data[i], y: y.data[i]) }
        }
    }
    for i in 0..<x.count { y.data[i] = function.value(x.data[i]) }
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

/// GELU, tanh form: x · ½(1 + tanh(√(2/π)(x + 0.044715x³))), the transformers' smooth ReLU.
struct GELU: ScalarFunction {
    static let c: Float = 0.797_884_56  // √(2/π)
    func value(_ x: Float) -> Float { 0.5 * x * (1 + Foundation.tanh(GELU.c * (x + 0.044715 * x * x * x))) }
    func derivative(x: Float, y: Float) -> Float {
        let t = Foundation.tanh(GELU.c * (x + 0.044715 * x * x * x))
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU.c * (1 + 3 * 0.044715 * x * x)
    }
}

/// a·x + b for constants a and b.
struct AffineScalar: ScalarFunction {
    let scale: Float, shift: Float
    func value(_ x: Float) -> Float { scale * x + shift }
    func derivative(x: Float, y: Float) -> Float { scale }
}

public func relu(_ x: Tensor) -> Tensor { elementwise(x, ReLU()) }
public func sigmoid(_ x: Tensor) -> Tensor { elementwise(x, Sigmoid()) }
public func exp(_ x: Tensor) -> Tensor { elementwise(x, Exponential()) }
public func log(_ x: Tensor) -> Tensor { elementwise(x, Logarithm()) }
public func gelu(_ x: Tensor) -> Tensor { elementwise(x, GELU()) }

extension Tensor {
    /// x · s.
    public static func * (x: Tensor, s: Float) -> Tensor { elementwise(x, AffineScalar(scale: s, shift: 0)) }
    public static func * (s: Float, x: Tensor) -> Tensor { x * s }
    /// x + s.
    public static func + (x: Tensor, s: Float) -> Tensor { elementwise(x, AffineScalar(scale: 1, shift: s)) }
    /// −x.
    public static prefix func - (x: Tensor) -> Tensor { x * -1 }
}
