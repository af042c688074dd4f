import ArgumentParser
import Foundation
import RunFormat
import Weaver

/// Takes the lock of the site folder `output` for `command`, saying on standard error whom it
/// waits for; with `noWait`, a held lock is one line and exit status 75 (EX_TEMPFAIL).
func lockSite(_ output: String, for command: String, noWait: Bool) throws -> SiteLock {
    do {
        return try SiteLock(output: output, command: command, wait: !noWait) { FileHandle.standardError.write(Data("== \($0)\n".utf8)) }
    } catch let busy as SiteLock.Busy {
        FileHandle.standardError.write(Data("error: \(busy)\n".utf8))
        throw ExitCode(SiteLock.busyExitCode)
    }
}

/// Runs `body`, turning any failure into one clear message and a failing exit status. Nothing
/// in the published site changes before every page is written, so every failure leaves it as it was.
func reportingErrors(_ body: () throws -> Void) throws {
    do { try body() } catch let error as NotebookError {
        if case .unknownChapter = error { throw ValidationError("\(error)") }
        report(error)
    } catch let error as ExitCode {
        throw error
    } catch {
        report(error)
    }
}

private func report(_ error: Error) -> Never {
    // A failed chapter's message already says the site is untouched; every other one gets it added.
    let alreadySaid: Bool
    if case NotebookError.chapterFailed = error { alreadySaid = true } else { alreadySaid = false }
    let note = alreadySaid ? "" : " (the previous site is untouched)"
    FileHandle.standardError.write(Data("error: \(error)\(note)\n".utf8))
    Latent.exit(withError: ExitCode.failure)
}
