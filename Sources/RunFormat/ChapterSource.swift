import Foundation

/// A chapter's `main.swift` read as an article: Playground-markup prose (`//:` lines and
/// `/*: … */` blocks) between ordinary code. Cells keep their 1-based source line ranges, so
/// outputs recorded with `#line` can be placed after the code cell that produced them.
public struct ChapterSource: Sendable {
    public enum Cell: Equatable, Sendable {
        /// Markdown prose from `lines`.
        case prose(markdown: String, lines: ClosedRange<Int>)
        /// Code exactly as it stands in the file (blank lines at either end dropped).
        case code(text: String, lines: ClosedRange<Int>)
        /// `//: @include path`: another source file the chapter runs (e.g. a model in `Models`),
        /// shown on the page; the path is relative to the project root. `//: @include path #name`
        /// shows only the declaration of `name` in it (a type, function or property).
        case include(path: String, symbol: String?, lines: ClosedRange<Int>)
        /// `//: @compare old new`: what changed from one source file to another (e.g. from the
        /// previous chapter's model to this one's), shown as removed and added lines.
        case comparison(old: String, new: String, lines: ClosedRange<Int>)
        /// `//: @fold Summary`: the cells up to the matching `//: @end` are bookkeeping the page folds
        /// under `summary` (see `Folds.swift`); an empty summary is an author mistake.
        case foldStart(summary: String, lines: ClosedRange<Int>)
        /// `//: @end`: closes the fold opened before it.
        case foldEnd(lines: ClosedRange<Int>)

        public var lines: ClosedRange<Int> {
            switch self {
            case let .prose(_, lines), let .code(_, lines), let .include(_, _, lines), let .comparison(_, _, lines): return lines
            case let .foldStart(_, lines), let .foldEnd(lines): return lines
            }
        }

        /// The project files this cell shows.
        public var shownFiles: [String] {
            switch self {
            case let .include(path, _, _): return [path]
            case let .comparison(old, new, _): return [old, new]
            default: return []
            }
        }
    }

    public let text: String
    public let cells: [Cell]

    public init(text: String) {
        self.text = text
        cells = ChapterSource.split(text)
    }

    /// The first `# ` heading of the prose: the chapter's title.
    public var title: String? {
        for case let .prose(markdown, _) in cells {
            if let heading = markdown.split(separator: "\n").first(where: { $0.hasPrefix("# ") }) {
                return String(heading.dropFirst(2)).trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The first paragraph after the title: the one-line summary shown in the table of contents.
    public var summary: String? {
        for case let .prose(markdown, _) in cells {
            let paragraphs = markdown.components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            if let paragraph = paragraphs.first(where: { !$0.isEmpty && !$0.hasPrefix("#") }) {
                return paragraph.replacingOccurrences(of: "\n", with: " ")
            }
        }
        return nil
    }

    /// Only the code, with prose lines left out (what a training cache key hashes).
    public func code(throughLine last: Int = .max) -> String {
        cells.compactMap { cell -> String? in
            guard case let .code(text, lines) = cell, lines.lowerBound <= last else { return nil }
            let kept = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(last - lines.lowerBound + 1)
            return kept.joined(separator: "\n")
        }.joined(separator: "\n")
    }

    private enum Kind { case prose, code }

    private static func split(_ text: String) -> [Cell] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var cells: [Cell] = []
        var kind: Kind?
        var buffer: [String] = []
        var start = 1
        var inProseBlock = false

        func flush(before line: Int) {
            defer { buffer = []; kind = nil }
            guard let current = kind else { return }
            switch current {
            case .prose:
                // Block prose is usually indented in the source: remove the common indentation.
                let indents = buffer.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }
                let indent = indents.min() ?? 0
                let dedented = buffer.map { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String($0.dropFirst(indent)) }
                let markdown = dedented.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                if !markdown.trimmingCharacters(in: .whitespaces).isEmpty {
                    cells.append(.prose(markdown: markdown, lines: start...(line - 1)))
                }
            case .code:
                // Drop blank lines at both ends, keeping the line range exact.
                var first = 0, last = buffer.count - 1
                while first <= last, buffer[first].trimmingCharacters(in: .whitespaces).isEmpty { first += 1 }
                while last >= first, buffer[last].trimmingCharacters(in: .whitespaces).isEmpty { last -= 1 }
                if first <= last {
                    cells.append(.code(text: buffer[first...last].joined(separator: "\n"), lines: (start + first)...(start + last)))
                }
            }
        }

        func append(_ line: String, as newKind: Kind, at number: Int) {
            if kind != newKind {
                flush(before: number)
                kind = newKind
                start = number
            }
            buffer.append(line)
        }

        for (index, line) in lines.enumerated() {
            let number = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if inProseBlock {
                if let end = line.range(of: "*/") {
                    append(String(line[..<end.lowerBound]), as: .prose, at: number)
                    inProseBlock = false
                } else {
                    append(line, as: .prose, at: number)
                }
            } else if trimmed.hasPrefix("/*:") {
                let rest = String(trimmed.dropFirst(3))
                if let end = rest.range(of: "*/") {
                    append(String(rest[..<end.lowerBound]).trimmingCharacters(in: .whitespaces), as: .prose, at: number)
                } else {
                    append(rest.trimmingCharacters(in: .whitespaces), as: .prose, at: number)
                    inProseBlock = true
                }
            } else if trimmed.hasPrefix("//: @include ") {
                flush(before: number)
                let words = trimmed.dropFirst("//: @include ".count).split(separator: " ", omittingEmptySubsequences: true)
                let symbol = words.dropFirst().first.flatMap { $0.hasPrefix("#") ? String($0.dropFirst()) : nil }
                cells.append(.include(path: words.first.map(String.init) ?? "", symbol: symbol, lines: number...number))
            } else if trimmed.hasPrefix("//: @compare ") {
                flush(before: number)
                let paths = trimmed.dropFirst("//: @compare ".count).split(separator: " ", omittingEmptySubsequences: true).map(String.init)
                if paths.count == 2 {
                    cells.append(.comparison(old: paths[0], new: paths[1], lines: number...number))
                } else {  // not two paths: left as prose, where the reader sees the mistake
                    append(String(trimmed.dropFirst(4)), as: .prose, at: number)
                }
            } else if trimmed == "//: @fold" || trimmed.hasPrefix("//: @fold ") {
                flush(before: number)
                let summary = trimmed.dropFirst("//: @fold".count).trimmingCharacters(in: .whitespaces)
                cells.append(.foldStart(summary: summary, lines: number...number))
            } else if trimmed == "//: @end" {
                flush(before: number)
                cells.append(.foldEnd(lines: number...number))
            } else if trimmed.hasPrefix("//:") {
                var rest = trimmed.dropFirst(3)
                if rest.hasPrefix(" ") { rest = rest.dropFirst() }
                append(String(rest), as: .prose, at: number)
            } else {
                append(line, as: .code, at: number)
            }
        }
        flush(before: lines.count + 1)
        return cells
    }
}

extension ChapterSource {
    /// The line of the `}` that closes the first `{` opened at parenthesis depth zero on or after
    /// `line`: for `chapter.trainOrRestore(…) { progress in … }` starting on `line`, the closure's last line.
    /// Strings and comments are skipped, using the highlighter's tokens.
    public func endOfTrailingClosure(startingAt line: Int) -> Int? {
        var currentLine = 1, parentheses = 0, braces = 0, opened = false
        for token in SwiftHighlighter.tokens(text) {
            for character in token.text {
                if character == "\n" {
                    currentLine += 1
                    continue
                }
                guard currentLine >= line, token.kind == .plain || token.kind == .keyword || token.kind == .type else { continue }
                switch character {
                case "(": parentheses += 1
                case ")": parentheses -= 1
                case "{" where parentheses == 0 || opened:
                    opened = true
                    braces += 1
                case "}" where opened:
                    braces -= 1
                    if braces == 0 { return currentLine }
                default: break
                }
            }
        }
        return nil
    }
}
