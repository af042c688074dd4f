import Foundation

/// A figure that can say in words what it shows and its main numbers, read from its own data: the
/// page's alternative text for a reader who cannot see the image (a screen reader, a failed load).
/// The caption says what the figure means; this says what is drawn, so the two do not repeat.
public protocol DescribedFigure: Figure {
    /// One or two plain sentences: the kind of figure, what its axes or rows are, and the numbers a
    /// sighted reader would take from it (a curve's first and last values, a grid's size, …).
    var dataDescription: String { get }
}

extension Figure {
    /// The figure's alternative text: its title, then its own description when its type has one
    /// (nil otherwise: a page then falls back to the caption).
    public var alternativeText: String? {
        guard let described = self as? any DescribedFigure else { return nil }
        let text = described.dataDescription
        guard let title, !title.isEmpty else { return text }
        return "\(title). \(text)"
    }
}

/// How figures put their numbers and lists into words. (Members of a type, not free functions:
/// the training-key analysis follows free names, and words such as `grouped` are common.)
enum FigureWords {
    /// Numbers as a reader would say them: three significant digits, thousands grouped, no exponent
    /// for the sizes figures show (a loss of 0.0123, an error of 154, 60,000 images).
    static func spoken(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "not a number" : (value > 0 ? "infinity" : "minus infinity") }
        let magnitude = abs(value)
        if magnitude >= 1000 || (magnitude == magnitude.rounded() && magnitude < 1e15) {
            return FigureWords.grouped(Int(value.rounded()))
        }
        if magnitude < 1e-4 { return String(format: "%.2e", value) }
        let decimals = max(0, 2 - Int(floor(log10(magnitude))))
        var text = String(format: "%.\(decimals)f", value)
        // 0.500 reads as 0.5, 12.0 as 12.
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// 60000 → "60,000".
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// "1 image", "3 images".
    static func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(FigureWords.grouped(count)) \(count == 1 ? singular : plural ?? singular + "s")"
    }

    /// The first `limit` items joined by commas, with how many more there are: a long list read aloud
    /// is no help.
    static func listed(_ items: [String], limit: Int = 8) -> String {
        guard items.count > limit else { return items.joined(separator: ", ") }
        return items.prefix(limit).joined(separator: ", ") + " and \(items.count - limit) more"
    }
}
