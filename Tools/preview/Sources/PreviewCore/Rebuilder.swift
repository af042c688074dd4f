import Foundation

/// Runs `latent build` (which already does only what changed: prose → reweave, figure code →
/// redraw from checkpoints, training code → retrain) and reports each line it prints.
public struct Rebuilder: Sendable {
    /// The `latent` executable, the project folder, and the flags `latent build` is given.
    public let latent: String
    public let root: String
    public let arguments: [String]

    public init(latent: String, root: String, arguments: [String]) {
        self.latent = latent
        self.root = root
        self.arguments = arguments
    }

    /// Builds once; `line` receives every line printed (compiler, progress, errors) as it comes.
    /// Returns nil on success, else the error to show.
    public func build(line: @Sendable (String) -> Void) throws -> PreviewStatus.BuildError? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: latent)
        process.arguments = ["build"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        var lines: [String] = [], pending = Data()
        let handle = pipe.fileHandleForReading
        while case let chunk = handle.availableData, !chunk.isEmpty {
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let text = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                line(text)
                lines.append(text)
            }
        }
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : BuildOutput.error(in: lines, root: root)
    }
}
