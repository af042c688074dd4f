import Foundation

/// A write that did not happen, naming the file and the reason.
public struct WriteError: Error, CustomStringConvertible, Equatable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): cannot write (\(reason))" }
}

/// Replaces `path` with `data` in one step — a temporary file in the same folder, then a rename —
/// creating folders as needed. Readers see the old file or the new one, never half of either.
public func writeAtomically(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    do {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url, options: .atomic)
    } catch {
        throw WriteError(path: path, reason: error.localizedDescription)
    }
}
