import Foundation

/// `value` written with a printf `format` ("%.1f", "%.3f", "%.1f%%"): how chapters turn a number
/// into a caption or a computed sentence without reaching for Foundation themselves.
public func formatted<Number: BinaryFloatingPoint>(_ value: Number, _ format: String) -> String {
    String(format: format, Double(value))
}
