import RunFormat

/// A chapter's headings, read from its prose: each with the `id` a link points at, so a section can
/// be linked from the page's "on this page" list, from the index and from another chapter.
///
/// The id is the heading's text as a slug (`## The model` → `the-model`); an explicit
/// `{#sec:name}` after the heading sets it to `name`, so a link survives a reworded heading.
/// Headings are read from the Markdown rather than from the woven HTML so that another chapter's
/// sections are known before that chapter is woven.
public struct Section: Equatable, Sendable {
    /// 1 for `#`, 2 for `##`, …
    public let level: Int
    /// The heading's text with Markdown marks and the `{#sec:…}` label taken out.
    public let title: String
    public let id: String
    /// The source line of the heading.
    public let line: Int

    /// Every heading of the prose, in page order. Two headings with the same explicit label are an
    /// author mistake; two with the same text get `-2`, `-3`, … after the second and later ids.
    static func all(in source: ChapterSource, file: String) throws -> [Section] {
        var sections: [Section] = []
        var taken: Set<String> = []
        for case let .prose(markdown, lines) in source.cells {
            for heading in headings(in: markdown, firstLine: lines.lowerBound, sourceText: source.text) {
                var id = heading.label ?? slug(heading.title)
                if heading.label != nil, taken.contains(id) {
                    throw AuthorMistake(file: file, line: heading.line, message: "duplicate label `{#sec:\(id)}`: another heading of this chapter has it")
                }
                if heading.label == nil, taken.contains(id) {
                    var count = 2
                    while taken.contains("\(id)-\(count)") { count += 1 }
                    id = "\(id)-\(count)"
                }
                taken.insert(id)
                sections.append(Section(level: heading.level, title: heading.title, id: id, line: heading.line))
            }
        }
        return sections
    }

    /// The ATX headings (`#` … `######` then a space) of a prose cell outside fenced code.
    private static func headings(in markdown: String, firstLine: Int, sourceText: String) -> [(level: Int, title: String, label: String?, line: Int)] {
        var found: [(level: Int, title: String, label: String?, line: Int)] = []
        var inFence = false
        let sourceLines = sourceText.split(separator: "\n", omittingEmptySubsequences: false)
        var searchFrom = firstLine
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") { inFence.toggle(); continue }
            guard !inFence, trimmed.hasPrefix("#") else { continue }
            let level = trimmed.prefix { $0 == "#" }.count
            let rest = trimmed.dropFirst(level)
            guard level <= 6, rest.hasPrefix(" ") else { continue }
            var text = rest.trimmingCharacters(in: .whitespaces)
            var label: String?
            if let split = splitLabel(text, kind: "sec") {
                text = split.text
                label = split.name
            }
            // The source line: the first after the previous heading's that holds this heading.
            let number = (searchFrom...max(searchFrom, sourceLines.count)).first { $0 <= sourceLines.count && sourceLines[$0 - 1].contains(trimmed) } ?? searchFrom
            searchFrom = number + 1
            found.append((level, plainText(text), label, number))
        }
        return found
    }

    /// `text {#kind:name}` split into the text and `name` (nil when the text has no such label).
    static func splitLabel(_ text: String, kind: String) -> (text: String, name: String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix("}"), let open = trimmed.range(of: "{#\(kind):", options: .backwards) else { return nil }
        let name = trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)]
        guard !name.isEmpty, name.allSatisfy(isNameCharacter) else { return nil }
        return (trimmed[..<open.lowerBound].trimmingCharacters(in: .whitespaces), String(name))
    }

    /// Characters a label's name may use: letters, digits, `-` and `_`.
    static func isNameCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "-" || character == "_"
    }

    /// A heading's Markdown as the words a reader sees: code backticks and emphasis marks removed.
    static func plainText(_ markdown: String) -> String {
        markdown.filter { $0 != "`" && $0 != "*" }
    }

    /// A heading's text as an id: lower case, letters and digits kept, every run of anything else one `-`.
    static func slug(_ text: String) -> String {
        var slug = ""
        var pendingDash = false
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                if pendingDash, !slug.isEmpty { slug.append("-") }
                pendingDash = false
                slug.append(character)
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "section" : slug
    }
}
