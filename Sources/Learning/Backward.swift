/// Reverse-mode differentiation: visit the graph that produced a scalar from the output back to the
/// parameters, each node handing ∂loss/∂(its value) to the nodes it was computed from.
extension Tensor {
    /// Computes ∂self/∂p for every parameter p that `self` depends on and adds it to p's gradient
    /// (so gradients of several losses add up, as in PyTorch). `self` must be a single scalar.
    public func backward() {
        precondition(count == 1, "backward() starts from a scalar loss; shape is \(shape)")
        guard requiresGradient else { return }
        gradientBuffer()[0] = 1
        for node in topologicalOrder().reversed() {
            node.passGradientBack?(node)
        }
    }

    /// Every node that leads to `self`, each after all of its inputs (depth-first, iterative so deep
    /// graphs cannot overflow the stack).
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(node: Tensor, inputsPushed: Bool)] = [(self, false)]
        while let (node, inputsPushed) = stack.popLast() {
            if inputsPushed {
                order.append(node)
                continue
            }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for input in node.inputs where input.requiresGradient && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }

    /// Runs `body` with this tensor's gradient buffer if gradients flow into it; ops call this for
    /// each input, so an input that is data costs nothing in the backward pass.
    @inline(__always)
    func addToGradient(_ body: (UnsafeMutablePointer<Float>) -> Void) {
        if requiresGradient { body(gradientBuffer()) }
    }
}
