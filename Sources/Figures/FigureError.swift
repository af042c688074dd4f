/// What can go wrong while drawing or saving a figure.
public enum FigureError: Error, CustomStringConvertible, Equatable {
    /// Cairo reported a failure; `message` is Cairo's own description of its status.
    case cairo(operation: String, message: String)
    /// A figure was given data it cannot draw (e.g. an image of the wrong size, a NaN in a plot).
    case invalidData(figure: String, reason: String)

    public var description: String {
        switch self {
        case let .cairo(operation, message): return "drawing failed in \(operation): \(message)"
        case let .invalidData(figure, reason): return "\(figure): \(reason)"
        }
    }
}
