import Foundation

/// What a live figure's page script needs loaded before it, declared once, in the script itself: a
/// line `// uses: layers.js drawing.js` among its opening comments, in load order. `liveFigure`
/// copies those scripts beside the page (the page loads them in that order) and the tests' fixtures
/// read the same line, so a new live figure is one script, one chapter call and one test.
public enum PageScriptUses {
    /// The file names after `// uses:` in the comment lines that open `text`; none when the script
    /// declares none. Names are separated by spaces or commas and sit beside the script.
    public static func read(from text: String) -> [String] {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("//") else { break }
            let body = trimmed.dropFirst(2).trimmingCharacters(in: .whitespaces)
            if body.hasPrefix("uses:") {
                return body.dropFirst("uses:".count).split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            }
        }
        return []
    }
}
