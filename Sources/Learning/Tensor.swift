/// An n-dimensional array of Float32 in row-major order, which also remembers how it was computed
/// so that `backward()` can send gradients to whatever it came from.
///
/// Tensors made by ops own a buffer from a recycling pool; parameters live as long as their model.
/// A tensor is a reference: ops never change their inputs, the optimizer changes parameters in place.
public final class Tensor {
    /// The size of each dimension, outermost first: [batch, features], or [batch, height, width, channels].
    public let shape: [Int]
    /// Number of scalars (the product of `shape`).
    public let count: Int
    /// The scalars, row-major. Ops read and write through this pointer in their hot loops; it is
    /// visible to this package's modules (models, benchmarks, tests) but not to users of the
    /// library, who read tensors through `item`, `scalars`, `row(_:)` and `self[row, column]`.
    package let data: UnsafeMutablePointer<Float>

    /// Whether gradients flow into this tensor: true for parameters and for anything computed
    /// from them, false for data.
    public let requiresGradient: Bool
    /// ∂loss/∂self after `backward()`, same shape as `self`; nil until something writes it.
    package internal(set) var gradientData: UnsafeMutablePointer<Float>?

    /// Working buffers an op keeps for its backward pass (e.g. softmax probabilities), returned to
    /// the pool with the tensor.
    private var scratchBuffers: [(buffer: UnsafeMutablePointer<Float>, count: Int)] = []

    /// The tensors this one was computed from, and how to pass its gradient on to them.
    let inputs: [Tensor]
    let passGradientBack: ((Tensor) -> Void)?

    /// A tensor of `shape` whose scalars are not yet set; ops fill it in.
    init(uninitializedShape shape: [Int], inputs: [Tensor] = [], backward: ((Tensor) -> Void)? = nil) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in \(shape)")
        self.shape = shape
        self.count = shape.reduce(1, *)
        self.data = BufferPool.shared.take(count)
        let needsGradient = GradientRecording.isEnabled && backward != nil && inputs.contains { $0.requiresGradient }
        self.requiresGradient = needsGradient
        self.inputs = needsGradient ? inputs : []
        self.passGradientBack = needsGradient ? backward : nil
    }

    /// A leaf tensor holding `scalars`; `requiresGradient` makes it a parameter.
    public init(shape: [Int], scalars: [Float], requiresGradient: Bool = false) {
        precondition(shape.reduce(1, *) == scalars.count, "shape \(shape) needs \(shape.reduce(1, *)) scalars, got \(scalars.count)")
        self.shape = shape
        self.count = scalars.count
        let buffer = BufferPool.shared.take(scalars.count)
        scalars.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress!, count: $0.count) }
        self.data = buffer
        self.requiresGradient = requiresGradient
        self.inputs = []
        self.passGradientBack = nil
    }

    /// A leaf tensor of zeros.
    public convenience init(zeros shape: [Int], requiresGradient: Bool = false) {
        self.init(shape: shape, scalars: [Float](repeating: 0, count: shape.reduce(1, *)), requiresGradient: requiresGradient)
    }

    deinit {
        BufferPool.shared.give(data, count: count)
        if let gradientData { BufferPool.shared.give(gradientData, count: count) }
        for scratch in scratchBuffers { BufferPool.shared.give(scratch.buffer, count: scratch.count) }
    }

    /// Keeps `buffer` (taken from the pool by an op) alive as long as this tensor.
    func retain(buffer: UnsafeMutablePointer<Float>, count: Int) {
        scratchBuffers.append((buffer, count))
    }

    /// Keeps `buffer`, which only the backward pass reads (attention's probabilities, layer
    /// norm's x̂), while gradients flow through this tensor; otherwise gives it back at once.
    /// Evaluating a test set a few hundred sequences at a time would otherwise hold each batch's
    /// attention weights, tens of megabytes, until the batch's output is freed.
    func keepForBackward(_ buffer: UnsafeMutablePointer<Float>, count: Int) {
        if requiresGradient { retain(buffer: buffer, count: count) } else { BufferPool.shared.give(buffer, count: count) }
    }

    /// The scalars as an array (a copy).
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: data, count: count)) }

    /// The gradient as an array (a copy), or nil if none has been computed.
    public var gradient: [Float]? { gradientData.map { Array(UnsafeBufferPointer(start: $0, count: count)) } }

    /// The single scalar of a one-element tensor (a loss).
    public var item: Float {
        precondition(count == 1, "item needs a one-element tensor, shape is \(shape)")
        return data[0]
    }

    /// Rows and columns of a matrix (rank 2) tensor.
    public var rows: Int { shape[0] }
    /// Columns of a matrix; 1 for a vector, so a vector reads as a single column.
    public var columns: Int { shape.count > 1 ? shape[1] : 1 }

    /// Row `index` of a matrix as an array (a copy): one image of a batch, one code, one logit row.
    public func row(_ index: Int) -> [Float] {
        // fatalError, not precondition: release builds (-Ounchecked) drop preconditions.
        guard (0..<rows).contains(index) else { fatalError("row \(index) outside 0..<\(rows)") }
        return Array(UnsafeBufferPointer(start: data + index * columns, count: columns))
    }

    /// One scalar of a matrix, bounds-checked even in release builds.
    public subscript(row: Int, column: Int) -> Float {
        guard (0..<rows).contains(row) && (0..<columns).contains(column) else { fatalError("[\(row), \(column)] outside \(shape)") }
        return data[row * columns + column]
    }

    /// Overwrites the scalars (used to feed a reused input buffer, and by checkpoints).
    public func assign(_ scalars: [Float]) {
        precondition(scalars.count == count, "assign needs \(count) scalars, got \(scalars.count)")
        scalars.withUnsafeBufferPointer { data.update(from: $0.baseAddress!, count: count) }
    }

    /// The gradient buffer, created as zeros if missing; backward closures add into it.
    func gradientBuffer() -> UnsafeMutablePointer<Float> {
        if let gradientData { return gradientData }
        let buffer = BufferPool.shared.takeZeroed(count)
        gradientData = buffer
        return buffer
    }

    /// Sets the gradient to zero (keeps the buffer for the next step).
    public func zeroGradient() {
        gradientData?.update(repeating: 0, count: count)
    }
}

/// Rows of a [n, width] tensor as arrays (e.g. decoded images for an `ImageGrid`).
public func rows(of tensor: Tensor) -> [[Float]] {
    (0..<tensor.rows).map(tensor.row)
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(6).map { String(format: "%.4g", Double($0)) }.joined(separator: ", ")
        return "Tensor\(shape)[\(preview)\(count > 6 ? ", …" : "")]"
    }
}
