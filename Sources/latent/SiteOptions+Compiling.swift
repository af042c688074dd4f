import Foundation
import Integrity
import RunFormat
import Weaver

/// Compiling before a build: skipped when nothing changed since the last compile, repeated until the
/// compiled sources and the build's snapshot agree, and restarting as the new `latent` when
/// compiling changed `latent` itself.
extension SiteOptions {
    /// Compiles the chapter programs (incrementally) unless told not to or nothing changed since they
    /// were last compiled (`programsMatchSnapshot`). The builder's source
    /// snapshot was taken before compiling; it is taken again afterwards and, if a file was saved
    /// meanwhile, the programs are compiled again, until the compiled sources and the snapshot
    /// agree (so no key or page can label code that did not run).
    ///
    /// When compiling changed `latent` itself (the weaver: a stylesheet, a page template), the
    /// command restarts as the new `latent` with the same snapshot, so this build's pages are woven
    /// by the code that was just compiled, not by the one that was running.
    func compileIfNeeded(_ builder: SiteBuilder) throws {
        guard !noCompile, !builder.programsMatchSnapshot else { return }
        let latent = (defaultExecutables() as NSString).appendingPathComponent("latent")
        let before = FileManager.default.contents(atPath: latent).map { SHA256.hexDigest(of: $0) }
        try compileUntilSourcesAgree(builder)
        try builder.recordLatentCompiled()
        try builder.recordProgramsCompiled()
        guard let after = FileManager.default.contents(atPath: latent).map({ SHA256.hexDigest(of: $0) }), after != before else { return }
        let snapshotPath = try builder.snapshot.write(into: builder.layout.snapshots)
        FileHandle.standardError.write(Data("== latent itself changed; continuing with the new build of it\n".utf8))
        var arguments = Array(CommandLine.arguments.dropFirst()).filter { $0 != "--no-compile" }
        if let index = arguments.firstIndex(of: "--snapshot") { arguments.removeSubrange(index...min(index + 1, arguments.count - 1)) }
        arguments += ["--no-compile", "--snapshot", snapshotPath]
        SiteOptions.lock = nil  // the new process takes the lock again
        let argv = ([latent] + arguments).map { strdup($0) } + [nil]
        execv(latent, argv)
        throw NotebookError.buildFailed("\(latent): could not restart as the new build of latent (\(String(cString: strerror(errno))))")
    }

    private func compileUntilSourcesAgree(_ builder: SiteBuilder) throws {
        for _ in 0..<5 {
            FileHandle.standardError.write(Data("== compiling chapters (swift build -c release)\n".utf8))
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["swift", "build", "-c", "release"]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw NotebookError.buildFailed("swift build -c release failed; see its output above") }
            let after = try SourceSnapshot.take(root: builder.root, folders: Array(Set(builder.catalog.chapters.map(\.directory))))
            if after == builder.snapshot { return }
            FileHandle.standardError.write(Data("== sources changed while compiling; compiling again\n".utf8))
            builder.snapshot = after
        }
        throw NotebookError.buildFailed("the sources kept changing while compiling; run the build again when they are saved")
    }
}
