import Foundation

extension ChapterSource {
    /// Why `path` (from an `@include` or `@compare`) may not be shown, or nil: it must name a file
    /// inside the project by a relative path, so a page can never print `/etc/passwd` or another
    /// user's files, and a typo is caught where it was written.
    public static func problem(withShownPath path: String, root: String) -> String? {
        if let problem = problem(withPathSyntax: path) { return problem }
        let full = URL(fileURLWithPath: (root as NSString).appendingPathComponent(path)).resolvingSymlinksInPath().path
        let base = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        if !full.hasPrefix(base + "/") { return "\(path) leaves the project" }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: full, isDirectory: &isFolder) else { return "\(path): no such file in the project" }
        if isFolder.boolValue { return "\(path) is a folder, not a file" }
        return nil
    }

    /// Why `path` cannot name a file inside the project whatever the files are (empty, absolute,
    /// or climbing out with `..`), or nil. The weaver checks this before it prints a file.
    public static func problem(withPathSyntax path: String) -> String? {
        if path.isEmpty { return "`@include` needs a path relative to the project root, e.g. Sources/Models/VQVAE.swift" }
        if path.hasPrefix("/") || path.hasPrefix("~") { return "\(path) is not relative to the project root" }
        if path.split(separator: "/").contains("..") { return "\(path) leaves the project (`..` is not allowed)" }
        return nil
    }

    /// Checks every file the chapter shows (`@include` and `@compare`), and that its folds are
    /// well formed (`Folds.swift`): the first problem, as an error at its line of `file`. A chapter
    /// program calls it first, so a mistake is found before any training.
    public func checkShownFiles(root: String, file: String) throws {
        try checkFolds(file: file)
        for cell in cells {
            for path in cell.shownFiles {
                if let problem = ChapterSource.problem(withShownPath: path, root: root) {
                    throw AuthorMistake(file: file, line: cell.lines.lowerBound, message: problem)
                }
            }
        }
    }
}
