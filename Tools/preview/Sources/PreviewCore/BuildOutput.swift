import Foundation

/// Reads what `latent build` printed when it failed: the compiler's first error (file:line and
/// message), or `latent`'s own one-line error, which may itself start with file:line.
public enum BuildOutput {
    public static func error(in lines: [String], root: String) -> PreviewStatus.BuildError {
        // The compiler: "/abs/path/file.swift:12:5: error: cannot find 'x' in scope".
        for line in lines {
            guard let range = line.range(of: ": error: ") else { continue }
            let place = String(line[..<range.lowerBound])
            let parts = place.split(separator: ":")
            guard parts.count >= 2, parts[0].hasSuffix(".swift"), Int(parts[1]) != nil else { continue }
            var file = String(parts[0])
            if file.hasPrefix(root + "/") { file.removeFirst(root.count + 1) }
            return .init(location: "\(file):\(parts[1])", message: String(line[range.upperBound...]))
        }
        // latent: "error: chapters/01-autoencoder/main.swift:42: chapter 'autoencoder': prose cites …".
        if let line = lines.last(where: { $0.hasPrefix("error: ") }) {
            let message = String(line.dropFirst("error: ".count))
            let parts = message.split(separator: ":", maxSplits: 2)
            if parts.count == 3, parts[0].hasSuffix(".swift"), Int(parts[1]) != nil {
                return .init(location: "\(parts[0]):\(parts[1])", message: parts[2].trimmingCharacters(in: .whitespaces))
            }
            // A failed chapter's message continues with its last output lines.
            let index = lines.lastIndex(of: line)!
            let rest = lines[(index + 1)...].joined(separator: "\n")
            return .init(location: nil, message: rest.isEmpty ? message : message + "\n" + rest)
        }
        return .init(location: nil, message: lines.suffix(12).joined(separator: "\n"))
    }
}
