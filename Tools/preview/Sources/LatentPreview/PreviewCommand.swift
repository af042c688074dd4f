import ArgumentParser
import Foundation
import PreviewCore

/// `latent-preview`, started by `latent preview`: build, serve, watch, rebuild, reload.
@main
struct PreviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latent preview",
        abstract: "Build the site, serve it on 127.0.0.1, and rebuild what changed whenever a chapter or a source file is saved.",
        discussion: """
        Open the printed address in a browser. Saving a chapter or anything under Sources/ rebuilds exactly \
        what changed (prose: the page is rewoven; figure code: figures are redrawn from checkpoints; training \
        code: the model is retrained, with its progress in this terminal and as a banner on the page) and \
        then reloads the page. A failed build is shown on the page with its file and line until it is fixed. \
        Ctrl-C stops the preview.
        """
    )

    @Argument(help: "The chapter whose page to print the address of (default: the index).")
    var slug: String?

    @Option(help: "Port on 127.0.0.1 to serve the site on.")
    var port: UInt16 = 8000

    @Option(help: "The project folder (the one with chapters/ and Sources/).")
    var root = FileManager.default.currentDirectoryPath

    @Option(help: "The `latent` executable that builds the site.")
    var latent: String

    @Option(help: "Folder the site is written to, relative to the project.")
    var output = "output"

    @Option(parsing: .remaining, help: "Further flags for `latent build` (e.g. --dataset fashion-mnist).")
    var buildFlags: [String] = []

    func run() async throws {
        let site = output.hasPrefix("/") ? output : (root as NSString).appendingPathComponent(output)
        let state = PreviewState()
        let rebuilder = Rebuilder(latent: latent, root: root, arguments: ["--output", output] + buildFlags)
        let server = try await PreviewServer(files: SiteFiles(site: site), state: state).makeServer(port: port)
        let serving = Task { try await server.run() }
        try await server.waitUntilListening()
        let page = slug.map { "\($0)/" } ?? ""
        say("Serving \(site) at http://127.0.0.1:\(port)/\(page)  (Ctrl-C stops)")
        stopOnInterrupt {
            serving.cancel()
            Rebuilder.running?.terminateWithChildren()  // a build still running stops too; the site stays as it was
        }

        var watcher = SourceWatcher(folders: ["chapters", "Sources"].map { (root as NSString).appendingPathComponent($0) })
        try await rebuild(with: rebuilder, state: state, reason: "first build")
        while !serving.isCancelled {
            try? await Task.sleep(for: .milliseconds(200))
            var changed = watcher.changes()
            guard !changed.isEmpty else { continue }
            try? await Task.sleep(for: .milliseconds(100))  // an editor may write a file in several steps
            changed += watcher.changes()
            let names = Set(changed).map { $0.hasPrefix(root + "/") ? String($0.dropFirst(root.count + 1)) : $0 }.sorted()
            try await rebuild(with: rebuilder, state: state, reason: names.joined(separator: ", "))
        }
        await server.stop()
        say("Preview stopped.")
    }

    /// One build, its lines echoed here and its latest line shown on the pages.
    func rebuild(with rebuilder: Rebuilder, state: PreviewState, reason: String) async throws {
        say("== \(reason): rebuilding")
        await state.started()
        let started = Date()
        let error = try await Task.detached {
            try rebuilder.build { line in
                say(line)
                Task { await state.progress(line) }
            }
        }.value
        await state.finished(error: error)
        if let error {
            say("== build failed\(error.location.map { " at \($0)" } ?? ""); the page shows the error until it is fixed")
        } else {
            say(String(format: "== rebuilt in %.2f s; pages reload", Date().timeIntervalSince(started)))
        }
    }
}

/// Runs `stop` on the first Ctrl-C (SIGINT) or SIGTERM, so the preview can shut down cleanly.
func stopOnInterrupt(_ stop: @escaping @Sendable () -> Void) {
    for signalNumber in [SIGINT, SIGTERM] {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .main)
        source.setEventHandler { stop() }
        source.resume()
        interruptSources.append(source)
    }
}

/// The signal sources stay alive for the whole run.
nonisolated(unsafe) var interruptSources: [DispatchSourceSignal] = []

/// Writes one line to standard output at once (unbuffered), in a terminal or a log file alike.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
