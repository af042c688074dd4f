import Learning
import Models
import XCTest

/// The block a page shows (`readable`: `x + attention(layerNorm(x))`, `x + mlp(layerNorm(x))`)
/// computes what the block trains with (two fused engine ops): same outputs, same gradients for
/// the input and every weight, on chapter 4's shapes.
final class ReadableTransformerBlockTests: XCTestCase {
    private func random(_ count: Int, _ generator: inout SeededGenerator, in range: ClosedRange<Float>) -> [Float] {
        (0..<count).map { _ in generator.uniform(in: range) }
    }

    func testTheReadableBlockEqualsTheFusedOneInOutputsAndGradients() {
        let (width, batch, sequence, heads) = (64, 3, 49, 4)
        var generator = SeededGenerator(seed: 26)
        let block = TransformerBlock(width: width, using: &generator)
        // A fresh layer norm's gain is all ones and its bias zero, which would hide either used in the wrong place.
        for norm in [block.attentionNorm, block.mlpNorm] {
            norm.gain.assign(random(width, &generator, in: 0.5...1.5))
            norm.bias.assign(random(width, &generator, in: -0.5...0.5))
        }
        let x = Tensor(shape: [batch * sequence, width], scalars: random(batch * sequence * width, &generator, in: -2...2), requiresGradient: true)
        let weighting = Tensor(shape: [batch * sequence, width], scalars: random(batch * sequence * width, &generator, in: -1...1))
        let inputs = [x] + block.namedParameters.map(\.tensor)
        func outputAndGradients(_ forward: () -> Tensor) -> [[Float]] {
            for input in inputs { input.zeroGradient() }
            let y = forward()
            (y * weighting).sum().backward()
            return [y.scalars] + inputs.map { $0.gradient ?? [] }
        }
        let fused = outputAndGradients { block(x, batch: batch, sequence: sequence, heads: heads) }
        let readable = outputAndGradients { block.readable(x, batch: batch, sequence: sequence, heads: heads) }
        let names = ["output", "∂x"] + block.namedParameters.map { "∂\($0.name)" }
        XCTAssertEqual(fused.count, names.count)
        for (name, (a, b)) in zip(names, zip(fused, readable)) {
            XCTAssertEqual(a.count, b.count, name)
            XCTAssertFalse(a.isEmpty, "\(name): no gradient reached it")
            let scale = b.map { abs(Double($0)) }.max() ?? 0
            let difference = zip(a, b).map { abs(Double($0) - Double($1)) }.max() ?? .infinity
            XCTAssertLessThan(difference, 2e-5 * max(1, scale), "\(name): largest difference \(difference), largest value \(scale)")
        }
    }
}
