import Foundation
import RunFormat

/// One writer at a time: every command that writes the site (`build`, `chapter`, `figures`,
/// `clean`, and so `make site` and the preview's rebuilds) holds an exclusive `flock` on
/// `<output>/.lock` until it exits. The kernel releases the lock when its holder dies, so a killed
/// build never leaves the site locked. A second command waits for the first, saying whom it waits
/// for (as Cargo's "Blocking waiting for file lock"), or with `--no-wait` exits 75 (EX_TEMPFAIL).
public final class SiteLock {
    public static let fileName = ".lock"
    public static let busyExitCode: Int32 = 75
    private let descriptor: Int32
    public let path: String

    /// Thrown with `wait: false` when another command holds the lock.
    public struct Busy: Error, CustomStringConvertible {
        public let holder: String
        public var description: String { "another command is writing the site (\(holder)); run again when it is done, or without --no-wait to wait for it" }
    }

    /// Takes the lock of the site folder `output`, waiting for its holder unless `wait` is false.
    /// `say` hears the one line said while waiting.
    public init(output: String, command: String, wait: Bool, say: (String) -> Void) throws {
        do { try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true) } catch {
            throw NotebookError.cannotWrite(path: output, reason: error.localizedDescription)
        }
        path = (output as NSString).appendingPathComponent(Self.fileName)
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw NotebookError.cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = Self.holder(of: path)
            guard wait else {
                close(descriptor)
                throw Busy(holder: holder)
            }
            say("waiting for the build in \(holder)")
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    close(descriptor)
                    throw NotebookError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
                }
            }
        }
        // Say who holds it, for the next command that has to wait.
        let formatter = ISO8601DateFormatter()
        let note = "process \(getpid()) (started \(formatter.string(from: Date())): latent \(command))\n"
        ftruncate(descriptor, 0)
        _ = note.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// What the lock file says about its holder.
    static func holder(of path: String) -> String {
        let text = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return text.isEmpty ? "another process" : text
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
