import Foundation

/// A point in a figure's logical coordinates (1 unit = 1 CSS pixel; y grows downwards).
public struct Point: Equatable, Sendable {
    /// Distance from the left edge.
    public var x: Double
    /// Distance from the top edge (y grows downwards, as on a page).
    public var y: Double
    /// The point (`x`, `y`).
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle in logical coordinates.
public struct Rect: Equatable, Sendable {
    /// The top-left corner and the size.
    public var x: Double, y: Double, width: Double, height: Double
    /// The rectangle with top-left corner (`x`, `y`) and the given size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The left edge.
    public var minX: Double { x }
    /// The right edge.
    public var maxX: Double { x + width }
    /// The top edge.
    public var minY: Double { y }
    /// The bottom edge.
    public var maxY: Double { y + height }
    /// The horizontal centre.
    public var midX: Double { x + width / 2 }
    /// The vertical centre.
    public var midY: Double { y + height / 2 }

    /// The rectangle shrunk by `amount` on every side.
    public func inset(by amount: Double) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }
}

/// An sRGB colour with opacity, components in [0, 1].
public struct Color: Equatable, Sendable {
    /// The sRGB components and the opacity, each in [0, 1].
    public var red: Double, green: Double, blue: Double, alpha: Double

    /// A colour from its components; opaque unless `alpha` says otherwise.
    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from a 24-bit hex value such as 0x332288.
    public init(hex: UInt32, alpha: Double = 1) {
        self.init(red: Double(hex >> 16 & 0xff) / 255, green: Double(hex >> 8 & 0xff) / 255, blue: Double(hex & 0xff) / 255, alpha: alpha)
    }

    /// The same colour at opacity `alpha` (a band behind data, a faint grid).
    public func withAlpha(_ alpha: Double) -> Color { Color(red: red, green: green, blue: blue, alpha: alpha) }

    /// Linear mix: 0 gives self, 1 gives `other`.
    public func mixed(with other: Color, _ amount: Double) -> Color {
        Color(
            red: red + (other.red - red) * amount, green: green + (other.green - green) * amount,
            blue: blue + (other.blue - blue) * amount, alpha: alpha + (other.alpha - alpha) * amount
        )
    }

    /// WCAG's relative luminance: the sRGB channels linearised, weighted by how bright each looks.
    public var relativeLuminance: Double {
        func linear(_ channel: Double) -> Double { channel <= 0.04045 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// WCAG's contrast ratio between two colours (1 to 21; body text wants at least 4.5).
    public func contrast(with other: Color) -> Double {
        let (a, b) = (relativeLuminance, other.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// Black or white, whichever stands out more on `background`. On any background one of the two
    /// reaches a contrast of 4.58 (the two tie at a luminance of 0.18), where the page's own ink
    /// and white tie at 4.0 on a mid blue.
    public static func legibleText(on background: Color) -> Color {
        let black = Color(hex: 0x000000), white = Color(hex: 0xffffff)
        return background.contrast(with: black) >= background.contrast(with: white) ? black : white
    }
}
