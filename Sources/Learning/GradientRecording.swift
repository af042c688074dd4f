/// Whether ops record how to send gradients back.
///
/// Training needs the graph: every op keeps its inputs and a backward closure so that `backward()`
/// can walk from the loss to the parameters. Evaluation — a test loss, a figure, sampling — needs
/// none of it, and recording it keeps every intermediate tensor (and its scratch buffers) alive
/// until the result is freed. Inside `withoutGradients { … }` ops compute the same numbers but
/// build no graph, so each intermediate is freed as soon as the next op has read it.
public enum GradientRecording {
    /// How many `withoutGradients` calls are running. Tensors are created on one thread (the
    /// compute threads only run loops inside ops), so a plain counter is enough.
    nonisolated(unsafe) private static var pausedDepth = 0

    /// True unless called inside `withoutGradients`.
    public static var isEnabled: Bool { pausedDepth == 0 }

    /// Starts evaluation mode until the matching `resume()` (the chapter runtime evaluates by
    /// default and records only while a model trains).
    package static func pause() { pausedDepth += 1 }
    package static func resume() { pausedDepth -= 1 }
}

/// Runs `body` in evaluation mode: ops compute as usual but record no graph, so nothing computed
/// inside can be differentiated and intermediate tensors are freed at once. Calls nest.
///
///     let testLoss = withoutGradients { meanSquaredError(model(x), x).item }
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    GradientRecording.pause()
    defer { GradientRecording.resume() }
    return try body()
}

/// Runs `body` with gradients recorded even inside `withoutGradients` (a training loop started
/// from code that otherwise only evaluates).
public func withGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    let saved = GradientRecording.suspendAll()
    defer { GradientRecording.restore(saved) }
    return try body()
}

extension GradientRecording {
    static func suspendAll() -> Int {
        let saved = pausedDepth
        pausedDepth = 0
        return saved
    }

    static func restore(_ depth: Int) { pausedDepth = depth }
}
