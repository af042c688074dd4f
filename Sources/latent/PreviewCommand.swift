import ArgumentParser
import Foundation
import RunFormat
import Weaver

/// `latent preview [slug]`: build the preview server (a package of its own under Tools/preview, so
/// that building the site never compiles an HTTP server) the first time, then run it.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Serve the site on 127.0.0.1, rebuild what changed on every save, and reload the browser.",
        discussion: """
        Prose edits are rewoven in well under a second; figure code is redrawn from checkpoints; training \
        code retrains, with its progress in the terminal and as a banner on the page. A failed build shows \
        on the page with its file and line until it is fixed. Ctrl-C stops it. The first use compiles the \
        preview server (Tools/preview), about a minute.
        """
    )

    @Argument(help: "The chapter whose address to print (default: the index).")
    var slug: String?

    @Option(help: "Port on 127.0.0.1.")
    var port: UInt16 = 8000

    @Option(help: "Folder the site is written to.")
    var output = "output"

    @Option(help: "Dataset to build: mnist or fashion-mnist.")
    var dataset = "mnist"

    func run() throws {
        let root = FileManager.default.currentDirectoryPath
        let package = (root as NSString).appendingPathComponent("Tools/preview")
        guard FileManager.default.fileExists(atPath: package + "/Package.swift") else {
            throw ValidationError("run `latent preview` from the project folder (no Tools/preview/Package.swift under \(root))")
        }
        if let slug { _ = try Catalog.read(from: root + "/chapters/catalog.json").entry(slug) }
        // Incremental: a second and later start compiles nothing.
        try runChild("/usr/bin/env", ["swift", "build", "-c", "release", "--package-path", package, "--product", "latent-preview"],
                     failure: "building the preview server failed; see the compiler's output above")
        // This very executable, wherever it was started from (argv[0] may be a bare name from PATH).
        let latent = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath().path
        let server = package + "/.build/release/latent-preview"
        var arguments = ["--port", "\(port)", "--root", root, "--latent", latent, "--output", output]
        if let slug { arguments.insert(slug, at: 0) }
        if dataset != "mnist" { arguments += ["--build-flags", "--dataset", dataset] }
        // Become the server (exec): one process, so Ctrl-C and `kill` reach it directly.
        let argv = ([server] + arguments).map { strdup($0) } + [nil]
        execv(server, argv)
        throw NotebookError.buildFailed("\(server): cannot start the preview server (\(String(cString: strerror(errno))))")
    }

    private func runChild(_ executable: String, _ arguments: [String], failure: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw NotebookError.buildFailed(failure) }
    }
}
