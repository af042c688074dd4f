import Foundation
import Integrity
import RunFormat

/// Running one chapter program: into its partial run folder, its output passed through to the log,
/// ended with the build on Ctrl-C, and its run put in place of the last one only when it exits
/// cleanly.
extension SiteBuilder {
    /// Runs one chapter; on success its run replaces the previous one.
    public func run(_ entry: Catalog.Entry, figuresOnly: Bool = false, retrain: Bool = false) throws {
        var chapterOptions = options
        chapterOptions.output = layout.partialRun(entry.slug)
        chapterOptions.figuresOnly = figuresOnly
        chapterOptions.retrain = retrain
        chapterOptions.sources = try snapshot.write(into: layout.snapshots)
        chapterOptions.sourceFile = "\(entry.directory)/main.swift"
        chapterOptions.toolchain = toolchain
        try? FileManager.default.removeItem(atPath: chapterOptions.output)
        let executable = (executables as NSString).appendingPathComponent(entry.executable)
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw NotebookError.buildFailed("\(executable): chapter program not found; build it with `swift build -c release`")
        }
        log("== \(entry.slug): running \(entry.executable)\(figuresOnly ? " (figures only)" : "")")
        let (status, tail) = try runProcess(executable, arguments: chapterOptions.arguments)
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: chapterOptions.output)
            throw NotebookError.chapterFailed(slug: entry.slug, status: status, lastLines: tail)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        // Taken after the run: which earlier results it read is known only now (the sources are
        // the snapshot's, whatever happened to the files meanwhile).
        let inputs = try inputs(of: entry, lastRun: try RunRecord.read(from: SiteLayout.record(in: chapterOptions.output)))
        try writeAtomically(try encoder.encode(inputs), to: SiteLayout.inputs(in: chapterOptions.output))
        noteRunReplacing(entry, with: chapterOptions.output)  // the change report compares the two runs
        try replace(runFolder(entry.slug), with: chapterOptions.output)
    }

    /// Runs `executable` from the project root, passing its output through to the log and keeping
    /// the last lines for an error message.
    func runProcess(_ executable: String, arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        SiteBuilder.runningChapter = process
        defer { SiteBuilder.runningChapter = nil }
        var lines: [String] = []
        var pending = Data()
        let handle = pipe.fileHandleForReading
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            pending.append(chunk)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                log("   " + line)
                lines.append(line)
                if lines.count > 12 { lines.removeFirst() }
            }
        }
        process.waitUntilExit()
        return (process.terminationStatus, lines.joined(separator: "\n"))
    }


    /// The chapter program running now. It runs in a process group of its own (Foundation starts
    /// children that way), so Ctrl-C does not reach it: `stopChapterOnInterrupt` ends it instead.
    nonisolated(unsafe) static var runningChapter: Process?

    /// On Ctrl-C or SIGTERM, ends the running chapter program before this process exits, so an
    /// interrupted build leaves nothing training in the background (its unfinished run folder is
    /// cleaned up by the next build, and the site is untouched).
    public static func stopChapterOnInterrupt() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                // SIGKILL, not SIGTERM: the chapter inherits a signal mask that blocks SIGTERM (it is
                // started from a concurrency thread). Its writes are atomic; the next build clears
                // its unfinished run folder.
                if let chapter = runningChapter, chapter.isRunning { kill(chapter.processIdentifier, SIGKILL) }
                FileHandle.standardError.write(Data("\ninterrupted; the previous site is untouched\n".utf8))
                exit(128 + signalNumber)
            }
            source.resume()
            interruptSources.append(source)
        }
    }

    nonisolated(unsafe) private static var interruptSources: [DispatchSourceSignal] = []

    /// Puts `new` where `target` is (a folder), removing the old one afterwards.
    func replace(_ target: String, with new: String) throws {
        let manager = FileManager.default
        let parent = (target as NSString).deletingLastPathComponent
        let trash = SiteLayout.trash(of: target)
        try? manager.removeItem(atPath: trash)
        do {
            try manager.createDirectory(atPath: parent, withIntermediateDirectories: true)
            if manager.fileExists(atPath: target) { try manager.moveItem(atPath: target, toPath: trash) }
            try manager.moveItem(atPath: new, toPath: target)
        } catch {
            throw NotebookError.cannotWrite(path: target, reason: error.localizedDescription)
        }
        try? manager.removeItem(atPath: trash)
    }
}
