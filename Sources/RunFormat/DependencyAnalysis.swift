import Foundation
import Integrity

/// What an output depends on, read from the source snapshot a build compiled: the exact parts of a
/// cache key. Each dependency is a named component with a hash (`code`, a library file's path,
/// `Sources/CKernels`, `build settings`), so a key that changes can say *what* changed.
///
/// **A training** (`trainOrRestore` at line L of a chapter) depends on
/// - its own statement and, like knitr's `autodep`, the chapter statements it reads from: those that
///   declare a name it uses, statements before it that mention such a name (they may change it),
///   and the functions and types it calls, transitively. The chapter's outputs (`chapter.figure`,
///   `table`, `metric`, `note`, `text`, `claim`, `liveFigure`, `trainingFilm`, `export`) are not among them
///   unless they mention a `var` the training reads: a caption above the training loop is not
///   part of what trained the model. (So an output must not change a `let` object the training
///   uses; draw noise from `chapter.random(purpose)`, as every chapter does.)
/// - the library files those statements reach by name: a file that declares a type, function or
///   constant they mention, or an extension of such a type that declares a member they mention
///   (or an `init`, `subscript`, operator or conformance), and in turn what those files mention.
///   Comments and white space are not part of a file's hash.
/// - the C modules those files import (whole), and the build settings of `Package.swift`.
///
/// **A chapter program** depends on every file of the modules its imports reach (closure over the
/// modules' own imports), its chapter folder and the build settings.
public final class DependencyAnalysis {
    public let snapshot: SourceSnapshot
    private var outlines: [String: [TopLevelStatement]] = [:]

    public init(snapshot: SourceSnapshot) {
        self.snapshot = snapshot
    }

    /// The names a chapter binds to its `Chapter` object: they appear in every statement, so they
    /// carry no dependency between statements.
    static let chapterTypeName = "Chapter"
    /// The methods of `Chapter` that only record outputs for the page.
    public static let outputMethods: Set<String> = [
        "figure", "table", "metric", "note", "text", "claim", "liveFigure", "trainingFilm", "export", "finish",
    ]

    /// Modules no training reads from: the run format holds the records of runs and the parsing
    /// of sources (it imports neither `Learning` nor `Models`, which a test checks), so editing it
    /// reruns chapter programs but retrains nothing.
    public static let recordOnlyModules: Set<String> = ["Sources/RunFormat"]

    public func outline(_ path: String) -> [TopLevelStatement] {
        if let known = outlines[path] { return known }
        let text = snapshot.texts[path] ?? ""
        let statements = Self.outlines(of: text, hash: snapshot.files[path])
        outlines[path] = statements
        return statements
    }

    /// Outlines by file hash, shared by every analysis in the process: `latent` analyses the same
    /// unchanged files for each chapter, and tests for each edit they try.
    private static func outlines(of text: String, hash: String?) -> [TopLevelStatement] {
        guard let hash else { return SwiftOutline.statements(text) }
        cacheLock.lock()
        let known = outlineCache[hash]
        cacheLock.unlock()
        if let known { return known }
        let statements = SwiftOutline.statements(text)
        cacheLock.lock()
        outlineCache[hash] = statements
        cacheLock.unlock()
        return statements
    }

    nonisolated(unsafe) private static var outlineCache: [String: [TopLevelStatement]] = [:]
    private static let cacheLock = NSLock()

    // MARK: Modules

    /// `Sources/X` for a module named X that the project has, or nil (Foundation, Ink, …).
    func moduleFolder(_ module: String) -> String? {
        let folder = "Sources/\(module)"
        return snapshot.files.keys.contains { $0.hasPrefix(folder + "/") } ? folder : nil
    }

    /// The modules a Swift file imports that the project has.
    func importedFolders(of path: String) -> [String] {
        outline(path).compactMap { statement in
            if case let .import(module) = statement.kind { return moduleFolder(module) }
            return nil
        }
    }

    /// The module folders reachable from `files`' imports, through each module's own imports.
    public func moduleClosure(importsOf files: [String]) -> [String] {
        var reached = Set<String>()
        var pending = files.flatMap(importedFolders)
        while let folder = pending.popLast() {
            guard reached.insert(folder).inserted else { continue }
            pending += snapshot.files(under: folder).filter { $0.hasSuffix(".swift") }.flatMap(importedFolders)
        }
        return reached.sorted()
    }

    // MARK: A chapter program

    /// Every file the program of the chapter in `chapterFolder` can depend on, with its hash, plus
    /// the build settings.
    public func programDependencies(chapterFolder: String) -> [String: String] {
        let ownFiles = snapshot.files(under: chapterFolder)
        var components: [String: String] = [:]
        for folder in moduleClosure(importsOf: ownFiles.filter { $0.hasSuffix(".swift") }) + [chapterFolder] {
            for file in snapshot.files(under: folder) { components[file] = snapshot.files[file] }
        }
        components["build settings"] = SHA256.hexDigest(of: snapshot.buildSettings)
        return components
    }

    // MARK: A training

    /// The trainings a chapter file starts (`trainOrRestore` statements), by the model name they
    /// give as their first literal, with the line each starts on.
    public func trainings(inChapter path: String) -> [(model: String, line: Int)] {
        calls(of: "trainOrRestore", inChapter: path).map { ($0.name, $0.line) }
    }

    /// The statements of a chapter file that call `method` (`trainOrRestore`, `evaluateOrRestore`),
    /// by the name they give as their first string literal, with the line each starts on.
    public func calls(of method: String, inChapter path: String) -> [(name: String, line: Int)] {
        outline(path).filter { $0.mentionedNames.contains(method) }.compactMap { statement in
            guard let literal = statement.words.first(where: { $0.kind == .literal }), literal.text.hasPrefix("\"") else { return nil }
            return (String(literal.text.dropFirst().dropLast()), statement.lines.lowerBound)
        }
    }

    /// The count the statement at `line` writes as `epochs(n)` with a number `n` (what `--epochs`
    /// replaces), or nil when it writes none.
    public func epochsAsWritten(chapterFile path: String, line: Int) -> Int? {
        guard let statement = outline(path).first(where: { $0.lines.contains(line) }) else { return nil }
        let words = statement.words
        guard words.count >= 4 else { return nil }
        for index in 0..<(words.count - 3) where words[index].kind == .identifier && words[index].text == "epochs"
            && words[index + 1].isPunctuation("(") && words[index + 3].isPunctuation(")") {
            if let count = Int(words[index + 2].text) { return count }
        }
        return nil
    }

    /// The dependencies of the training whose call starts on `line` of the chapter file `path`.
    public func trainingDependencies(chapterFile path: String, line: Int) -> [String: String] {
        let statements = outline(path)
        guard let target = statements.firstIndex(where: { $0.lines.contains(line) }) else {
            // Not found (a snapshot of other code): depend on the whole file, which is always safe.
            return libraryDependencies(from: statements, code: snapshot.texts[path] ?? "", importingFiles: [path])
        }
        let chapterNames = Set(statements.filter { statement in
            statement.binds && statement.words.contains { $0.kind == .identifier && $0.text == Self.chapterTypeName }
        }.flatMap(\.declared))
        let variables = Self.topLevelVariables(statements)
        var needed = statements[target].freeNames.subtracting(chapterNames)
        var included: Set<Int> = [target]
        var changed = true
        while changed {
            changed = false
            for (index, statement) in statements.enumerated() where !included.contains(index) {
                guard isDependency(statement, at: index, of: target, needed: needed, variables: variables, chapterNames: chapterNames)
                else { continue }
                included.insert(index)
                needed.formUnion(statement.freeNames.subtracting(chapterNames))
                changed = true
            }
        }
        let kept = included.sorted().map { statements[$0] }
        let code = kept.map { SourceWords.normalized($0.words) }.joined(separator: "\n")
        // `Chapter` itself is always reached: its declaration holds what a training reads from the
        // run (random generators by purpose, the data, epochs).
        return libraryDependencies(from: kept, extraNames: [Self.chapterTypeName], code: code, importingFiles: [path])
    }

    /// The top-level `var`s the statement at `line` of a chapter mentions. A result kept across
    /// runs (`evaluateOrRestore`) must not use one: restoring the result skips the statement, so
    /// whatever it would have done to the variable would not happen, and later statements would
    /// see a different value than in a run that computed it.
    public func variablesMentioned(chapterFile path: String, line: Int) -> [String] {
        let statements = outline(path)
        guard let target = statements.first(where: { $0.lines.contains(line) }) else { return [] }
        return target.freeNames.intersection(Self.topLevelVariables(statements)).sorted()
    }

    /// The names a chapter's top-level `var`s declare: values any later statement may change.
    private static func topLevelVariables(_ statements: [TopLevelStatement]) -> Set<String> {
        Set(statements.filter(\.mutable).flatMap(\.declared))
    }

    private func isDependency(
        _ statement: TopLevelStatement, at index: Int, of target: Int, needed: Set<String>, variables: Set<String>, chapterNames: Set<String>
    ) -> Bool {
        switch statement.kind {
        case .import:
            return false
        case let .extension(type, _):
            return needed.contains(type)
        case .declaration where !statement.binds:
            return !needed.isDisjoint(with: statement.declared)  // types and functions: visible everywhere
        case .declaration:
            return index < target && !needed.isDisjoint(with: statement.declared)
        case .statement:
            guard index < target else { return false }
            if isOutput(statement, chapterNames: chapterNames) {
                return !statement.freeNames.isDisjoint(with: needed.intersection(variables))
            }
            return !statement.freeNames.isDisjoint(with: needed)
        }
    }

    /// `chapter.figure(…)`, `chapter.metric(…)`, …: a statement that only records an output.
    func isOutput(_ statement: TopLevelStatement, chapterNames: Set<String>) -> Bool {
        let words = statement.words
        return words.count > 2 && words[0].kind == .identifier && chapterNames.contains(words[0].text)
            && words[1].isPunctuation(".") && Self.outputMethods.contains(words[2].text)
    }

    /// The dependencies of a training written in a library file (`trainOrRestoreShared`, called
    /// from `path`): the file itself and what it reaches.
    public func sharedTrainingDependencies(file path: String) -> [String: String] {
        let statements = outline(path)
        return libraryDependencies(from: statements, code: statements.map { SourceWords.normalized($0.words) }.joined(separator: "\n"),
                                   importingFiles: [path])
    }

    /// `code`, and the library files reached by name from `statements` within the modules that
    /// `importingFiles` reach, with the C modules those files import and the build settings.
    func libraryDependencies(from statements: [TopLevelStatement], extraNames: Set<String> = [], code: String,
                             importingFiles: [String]) -> [String: String] {
        let modules = moduleClosure(importsOf: importingFiles).filter { !Self.recordOnlyModules.contains($0) }
        let candidates = modules.flatMap { snapshot.files(under: $0) }.filter { $0.hasSuffix(".swift") && !importingFiles.contains($0) }
        var names = Names()
        names.add(statements)
        names.all.formUnion(extraNames)
        var reached = Set<String>()
        var changed = true
        while changed {
            changed = false
            for file in candidates where !reached.contains(file) && reaches(file, names: names) {
                reached.insert(file)
                names.add(outline(file))
                changed = true
            }
        }
        var components: [String: String] = ["code": SHA256.hexDigest(of: code), "build settings": SHA256.hexDigest(of: snapshot.buildSettings)]
        for file in reached {
            components[file] = SHA256.hexDigest(of: outline(file).map { SourceWords.normalized($0.words) }.joined(separator: "\n"))
        }
        let swiftModules = Set(modules.filter { folder in snapshot.files(under: folder).contains { $0.hasSuffix(".swift") } })
        for folder in Set((Array(reached) + importingFiles).flatMap(importedFolders)) where !swiftModules.contains(folder) {
            if !Self.recordOnlyModules.contains(folder) { components[folder] = snapshot.hash(ofFolder: folder) }  // a C module: whole
        }
        return components
    }

    /// The names reached code uses: every identifier (a type, function or constant it may refer
    /// to), the members it uses after a `.`, and the names used without `self.` inside the
    /// declarations and extensions of each type (members calling each other).
    struct Names {
        var all = Set<String>()
        var free = Set<String>()
        var members = Set<String>()
        var implicitMembers: [String: Set<String>] = [:]

        mutating func add(_ statements: [TopLevelStatement]) {
            for statement in statements {
                all.formUnion(statement.mentionedNames)
                free.formUnion(statement.freeNames)
                members.formUnion(statement.memberAccesses)
                let owner: String?
                switch statement.kind {
                case let .extension(type, _): owner = type
                case .declaration where !statement.binds: owner = statement.declared.first
                default: owner = nil
                }
                if let owner { implicitMembers[owner, default: []].formUnion(statement.freeNames) }
            }
        }

        /// Whether a member `name` of `type` is used.
        func usesMember(_ name: String, of type: String) -> Bool {
            members.contains(name) || implicitMembers[type]?.contains(name) == true
        }
    }

    /// Whether library file `path` declares something the reached code uses: a type, function or
    /// constant it names, a global operator, or an extension of a type it names that declares a
    /// member it uses (or an `init`, `subscript`, `callAsFunction`, operator or conformance, which
    /// code uses without naming them).
    func reaches(_ path: String, names: Names) -> Bool {
        outline(path).contains { statement in
            switch statement.kind {
            case .import, .statement:
                return false
            case .declaration:
                let isOperator = !statement.binds && statement.declared.contains { name in name.first.map { !$0.isLetter && $0 != "_" } ?? false }
                return isOperator || !names.all.isDisjoint(with: statement.declared)
            case let .extension(type, conformances):
                guard names.all.contains(type) else { return false }
                let alwaysVisible = !conformances.isEmpty || statement.members.contains { member in
                    member == "init" || member == "subscript" || member == "callAsFunction" || member.first.map { !$0.isLetter && $0 != "_" } == true
                }
                return alwaysVisible || statement.members.contains { names.usesMember($0, of: type) }
            }
        }
    }

    /// One key from components: their names and hashes, sorted.
    public static func key(of components: [String: String]) -> String {
        SHA256.hexDigest(of: components.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined())
    }

    /// What differs between two sets of components, as reasons a person can act on.
    public static func changes(from recorded: [String: String], to current: [String: String]) -> [String] {
        let names = Set(recorded.keys).union(current.keys).filter { recorded[$0] != current[$0] }.sorted()
        return names.map { name in
            if recorded[name] == nil { return "\(name) added" }
            if current[name] == nil { return "\(name) removed" }
            return "\(name) changed"
        }
    }
}
