import Foundation

/// TeX typeset as TeX would, by KaTeX (Debian's `libjs-katex`) under Node at build time: each
/// formula becomes static HTML (with MathML inside for screen readers), so pages need no script for
/// math and work from `file://`. All formulas of a page go to one Node process, because starting
/// Node and loading KaTeX costs far more than typesetting a formula.
public enum KaTeX {
    /// One formula to typeset: `$…$` (inline) or `$$…$$` (display).
    public struct Formula: Hashable, Sendable {
        public let tex: String
        public let display: Bool
        public init(tex: String, display: Bool) {
            self.tex = tex
            self.display = display
        }
    }

    /// Where Debian's `libjs-katex` installs KaTeX; its fonts are a symlink to `fonts-katex`.
    public static let directory = "/usr/share/javascript/katex"

    /// KaTeX could not run at all (Node or KaTeX missing): says what to install.
    public struct Unavailable: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { "cannot typeset math with KaTeX: \(reason) (`make deps` installs nodejs and libjs-katex)" }
    }

    /// Each formula's HTML, or KaTeX's own message for one it cannot parse, in the order given.
    public static func typeset(_ formulas: [Formula]) throws -> [Result<String, MathError>] {
        guard !formulas.isEmpty else { return [] }
        let katex = (directory as NSString).appendingPathComponent("katex.js")
        guard FileManager.default.fileExists(atPath: katex) else { throw Unavailable(reason: "\(katex) not found") }
        let request = try JSONSerialization.data(withJSONObject: formulas.map { ["tex": $0.tex, "display": $0.display] as [String: Any] })
        let reply = try runNode(script, arguments: [katex], input: request)
        guard let answers = try? JSONSerialization.jsonObject(with: reply) as? [[String: String]], answers.count == formulas.count else {
            throw Unavailable(reason: "node gave an unreadable answer: \(String(decoding: reply.prefix(300), as: UTF8.self))")
        }
        return answers.map { answer in
            if let html = answer["html"] { return .success(html) }
            return .failure(MathError(message: answer["error"] ?? "KaTeX failed without a message"))
        }
    }

    /// KaTeX's message for a formula it cannot parse (e.g. "Expected '}', got 'EOF' at end of input").
    public struct MathError: Error, Equatable {
        public let message: String
    }

    /// Reads `[{tex, display}]` on standard input, writes `[{html} | {error}]`. `throwOnError` makes
    /// a malformed formula an error instead of red text on the page; `strict: "ignore"` keeps
    /// KaTeX's LaTeX-compatibility warnings (not errors) off standard error.
    static let script = """
    const katex = require(process.argv[1]);
    let input = "";
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", chunk => { input += chunk; });
    process.stdin.on("end", () => {
      const answers = JSON.parse(input).map(({ tex, display }) => {
        try {
          return { html: katex.renderToString(tex, { displayMode: display, output: "htmlAndMathml", throwOnError: true, strict: "ignore" }) };
        } catch (error) {
          return { error: String(error.message || error) };
        }
      });
      process.stdout.write(JSON.stringify(answers));
    });
    """

    /// Runs `node -e script arguments…` with `input` on standard input; its standard output.
    static func runNode(_ script: String, arguments: [String], input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["node", "-e", script] + arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        do { try process.run() } catch { throw Unavailable(reason: "cannot start node (\(error.localizedDescription))") }
        // Node reads all its input before it writes, so writing first cannot deadlock on a full pipe.
        let writer = stdin.fileHandleForWriting
        writer.write(input)
        try? writer.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Unavailable(reason: "node exited with status \(process.terminationStatus): \(String(decoding: errors.suffix(500), as: UTF8.self))")
        }
        return output
    }
}
