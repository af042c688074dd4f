import Foundation

/// Digit-like 28×28 images made without any dataset: a glyph drawn with Cairo, shifted, scaled
/// and slanted a little per variant. The gallery and the tests use them so that figures can be
/// checked on realistic-looking data without loading MNIST.
public enum SyntheticDigits {
    /// Image of `digit` (any short string) as 28×28 grey-levels in [0, 1]; `variant` changes the
    /// stroke weight, position, size and slant deterministically.
    public static func image(_ digit: String, variant: Int = 0, side: Int = 28) -> [Float] {
        guard let canvas = try? Canvas(width: Double(side), height: Double(side), target: .png(scale: 1)) else {
            return [Float](repeating: 0, count: side * side)
        }
        var style = Style.light
        let v = Double(variant)
        canvas.fill(Rect(x: 0, y: 0, width: Double(side), height: Double(side)), Color(hex: 0x000000))
        let size = Double(side) * (0.78 + 0.06 * sin(v * 1.7))
        let center = Point(Double(side) / 2 + 1.5 * sin(v * 2.3), Double(side) / 2 + 1.2 * cos(v * 1.1))
        let slant = 0.12 * sin(v * 0.9)
        style.fontFamily = variant % 2 == 0 ? "DejaVu Sans" : "DejaVu Serif"
        canvas.text(digit, at: center, size: size, color: Color(hex: 0xffffff), style: style,
                    weight: variant % 3 == 0 ? .regular : .bold, anchor: .middle, baseline: .middle, rotation: slant)
        return (0..<side * side).map { index in
            Float(canvas.pixel(x: index % side, y: index / side)?.red ?? 0) / 255
        }
    }

    /// A smooth blend between two images (stands in for decoding along a latent path).
    public static func blend(_ a: [Float], _ b: [Float], _ t: Float) -> [Float] {
        zip(a, b).map { $0 * (1 - t) + $1 * t }
    }
}
