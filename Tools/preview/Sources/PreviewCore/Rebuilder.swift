import Foundation

/// Runs `latent build` (which already does only what changed: prose → reweave, figure code →
/// redraw from checkpoints, training code → retrain) and reports each line it prints. The build
/// takes the site's lock, so a `make site` or `latent chapter` typed while the preview runs waits
/// for it (and it for them) instead of both writing `output/`.
///
/// It pumps the child's output line by line as the site builder does for a chapter program
/// (`SiteBuilder.runProcess`). The two are kept apart on purpose: this package is built on its own
/// so that `make site` never compiles the HTTP server, and sharing a module would mean depending
/// on the whole project package for twenty lines.
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

    /// The build running now, so that stopping the preview can stop it too.
    nonisolated(unsafe) public static var running: Process?

    /// Builds once; `line` receives every line printed (compiler, progress, errors) as it comes.
    /// Returns nil on success, else the error to show.
    public func build(line: @Sendable (String) -> Void) throws -> PreviewStatus.BuildError? {
        let process = Process()
        Rebuilder.running = process
        defer { Rebuilder.running = nil }
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

extension Process {
    /// Ends this process and the programs it started (a build runs each chapter as a child), so
    /// that stopping the preview leaves nothing running.
    public func terminateWithChildren() {
        let parent = processIdentifier
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            // /proc files report a size of 0, so read them to their end rather than by size.
            guard let pid = Int32(entry), let file = FileHandle(forReadingAtPath: "/proc/\(entry)/stat") else { continue }
            let stat = String(decoding: file.readDataToEndOfFile(), as: UTF8.self)
            try? file.close()
            guard let close = stat.lastIndex(of: ")") else { continue }
            // After "pid (name) state ppid …", the fourth field is the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            // SIGKILL: children started from concurrency threads inherit a mask that blocks SIGTERM.
            if fields.count > 1, Int32(fields[1]) == parent { kill(pid, SIGKILL) }
        }
        kill(parent, SIGKILL)
    }
}
