/// A mistake in a chapter's source that the author must fix (an unclosed `{{`, malformed TeX, an
/// `@include` of a missing file or of a path outside the project), pointing at the file and line
/// the way a compiler does, so an editor can jump there. The build stops and keeps the last site.
public struct AuthorMistake: Error, CustomStringConvertible, Equatable, Sendable {
    /// The chapter's file relative to the project root, e.g. `chapters/01-autoencoder/main.swift`.
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): error: \(message)" }
}
