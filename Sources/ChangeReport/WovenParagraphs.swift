import Foundation

/// The prose of a woven page as a reader sees it, one string per paragraph or list item, after
/// every `{{…}}` was substituted: what an author compares to see which sentences an edit changed.
/// Typeset math is read back as its TeX (`$…$`), so a formula counts once, not three times.
enum WovenParagraphs {
    static func of(html: String) -> [String] {
        // The page's chrome is not its prose: chapter links, the "on this page" lists, the run box.
        var prose = html
        for (start, tag) in [("<nav", "nav"), ("<details class=\"on-this-page", "details"), ("<aside", "aside")] {
            prose = removeElements(in: prose, startingWith: start, tag: tag)
        }
        var paragraphs: [String] = []
        var rest = Substring(prose)
        while let open = rest.range(of: #"<(p|li)(\s[^>]*)?>"#, options: .regularExpression) {
            let tag = rest[open].hasPrefix("<li") ? "li" : "p"
            let after = rest[open.upperBound...]
            guard let close = closing(tag, in: after) else { break }
            let text = plainText(String(after[after.startIndex..<close.lowerBound]))
            if !text.isEmpty { paragraphs.append(text) }
            rest = after[close.upperBound...]
        }
        return paragraphs
    }

    /// The end tag that closes the element whose content starts at `text`'s start (nested ones of the
    /// same name skipped).
    static func closing(_ tag: String, in text: Substring) -> Range<Substring.Index>? {
        var depth = 0
        var rest = text
        while let next = rest.range(of: "</?\(tag)(\\s[^>]*)?>", options: .regularExpression) {
            if rest[next].hasPrefix("</") {
                if depth == 0 { return next }
                depth -= 1
            } else {
                depth += 1
            }
            rest = rest[next.upperBound...]
        }
        return nil
    }

    /// Text without tags: math as `$TeX$`, entities decoded, white space collapsed.
    static func plainText(_ html: String) -> String {
        var text = html
        // KaTeX writes each formula twice (MathML and spans): keep the TeX of the one, drop the other.
        text = removeElements(in: text, startingWith: #"<span class="katex-html""#, tag: "span")
        text = text.replacingOccurrences(of: #"<math\b.*?<annotation encoding="application/x-tex">(.*?)</annotation>.*?</math>"#,
                                         with: "\\$$1\\$", options: .regularExpression)
        text = text.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// `html` without the elements that start with `start` (their whole content, nested tags included).
    static func removeElements(in html: String, startingWith start: String, tag: String) -> String {
        var result = ""
        var rest = Substring(html)
        while let open = rest.range(of: start) {
            result += rest[rest.startIndex..<open.lowerBound]
            let inside = rest[open.upperBound...]
            guard let openEnd = inside.firstIndex(of: ">"), let close = closing(tag, in: inside[inside.index(after: openEnd)...]) else {
                return result
            }
            rest = inside[close.upperBound...]
        }
        return result + rest
    }

    /// The paragraphs that differ between two versions of a page: a longest-common-subsequence
    /// alignment, with a removed paragraph and the added one in its place paired as one change.
    static func changes(from old: [String], to new: [String]) -> [ParagraphChange] {
        let n = old.count, m = new.count
        // common[i][j]: length of the longest common subsequence of old[i...] and new[j...].
        var common = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var changes: [ParagraphChange] = []
        var removed: [String] = [], added: [(Int, String)] = []
        // `position`: the new page's paragraph a removed one stood before (1-based).
        func flush(at position: Int) {
            for k in 0..<max(removed.count, added.count) {
                let index = k < added.count ? added[k].0 : position
                changes.append(ParagraphChange(index: index, old: k < removed.count ? removed[k] : nil, new: k < added.count ? added[k].1 : nil))
            }
            removed = []
            added = []
        }
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                flush(at: j + 1)
                i += 1
                j += 1
            } else if j < m, i == n || common[i][j + 1] >= common[i + 1][j] {
                added.append((j + 1, new[j]))
                j += 1
            } else {
                removed.append(old[i])
                i += 1
            }
        }
        flush(at: j + 1)
        return changes
    }
}
