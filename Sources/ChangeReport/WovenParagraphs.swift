import RunFormat
import Foundation

/// The prose of a woven page as a reader sees it, one string per paragraph or list item, after
/// every `{{…}}` was substituted: what an author compares to see which sentences an edit changed.
/// Typeset math is read back as its TeX (`$…$`), so a formula counts once, not three times.
///
/// A small scanner over the page's bytes, not regular expressions: a prose edit's build compares a
/// page of about 100 KB and must stay quick.
enum WovenParagraphs {
    static func of(html: String) -> [String] {
        let page = HTMLBytes(Array(html.utf8))
        // The page's chrome is not its prose: chapter links, the "on this page" lists, the run box.
        let prose = page.removing { tag in
            tag.name == "nav" || tag.name == "aside" || (tag.name == "details" && tag.attributes.contains("class=\"on-this-page"))
        }
        var paragraphs: [String] = []
        var index = 0
        while let tag = prose.nextTag(from: index) {
            index = tag.end
            guard !tag.closing, tag.name == "p" || tag.name == "li", let close = prose.matchingClose(of: tag) else { continue }
            let text = plainText(HTMLBytes(Array(prose.bytes[tag.end..<close.start])))
            if !text.isEmpty { paragraphs.append(text) }
            index = close.end
        }
        return paragraphs
    }

    /// Text without tags: math as `$TeX$`, entities decoded, white space collapsed.
    static func plainText(_ html: String) -> String { plainText(HTMLBytes(Array(html.utf8))) }

    static func plainText(_ html: HTMLBytes) -> String {
        // KaTeX writes each formula twice (MathML and spans): keep the TeX of the one, drop the other.
        let bytes = html.removing { $0.name == "span" && $0.attributes.contains("class=\"katex-html\"") }.bytes
        let scan = HTMLBytes(bytes)
        var text: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), let tag = scan.tag(at: index) else {
                text.append(bytes[index])
                index += 1
                continue
            }
            index = tag.end
            if tag.name == "math", !tag.closing, let close = scan.matchingClose(of: tag) {
                let inside = Array(bytes[tag.end..<close.start])
                if let tex = between(inside, #"encoding="application/x-tex">"#, "</annotation>") { text += [UInt8(ascii: "$")] + tex + [UInt8(ascii: "$")] }
                index = close.end
            }
        }
        var result = String(decoding: text, as: UTF8.self)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&nbsp;", " "), ("&amp;", "&")]
        where result.contains(entity) {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The bytes between the first `start` and the `end` after it.
    static func between(_ bytes: [UInt8], _ start: String, _ end: String) -> [UInt8]? {
        guard let open = find(Array(start.utf8), in: bytes, from: 0), let close = find(Array(end.utf8), in: bytes, from: open + start.utf8.count) else {
            return nil
        }
        return Array(bytes[(open + start.utf8.count)..<close])
    }

    static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        var index = start
        while index <= bytes.count - needle.count {
            if bytes[index] == needle[0] && Array(bytes[index..<(index + needle.count)]) == needle { return index }
            index += 1
        }
        return nil
    }

    /// The paragraphs that differ between two versions of a page: a longest-common-subsequence
    /// alignment (`Alignment`), with a removed paragraph and the added one in its place paired as one change.
    static func changes(from old: [String], to new: [String]) -> [ParagraphChange] {
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
        var j = 0  // the new page's paragraphs passed so far
        for step in Alignment.steps(old, new, tie: .additionFirst) {
            switch step {
            case .both:
                flush(at: j + 1)
                j += 1
            case let .new(index):
                added.append((index + 1, new[index]))
                j += 1
            case let .old(index):
                removed.append(old[index])
            }
        }
        flush(at: j + 1)
        return changes
    }
}

/// An HTML page's bytes and the tags in them: enough of HTML to find elements by name and their
/// matching end tags (elements of the same name nest), without building a tree.
struct HTMLBytes {
    struct Tag {
        /// Where `<` is, and just after `>`.
        let start: Int
        let end: Int
        /// Lower-case name; attributes as written.
        let name: String
        let closing: Bool
        let attributes: String
    }

    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The tag starting at `index` (a `<`), or nil when it is not a tag (`a < b`, a comment).
    func tag(at index: Int) -> Tag? {
        var cursor = index + 1
        let closing = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "/")
        if closing { cursor += 1 }
        let nameStart = cursor
        while cursor < bytes.count, isNameByte(bytes[cursor]) { cursor += 1 }
        guard cursor > nameStart else { return nil }
        let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self).lowercased()
        let attributesStart = cursor
        var quote: UInt8?
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return Tag(start: index, end: cursor + 1, name: name, closing: closing,
                           attributes: String(decoding: bytes[attributesStart..<cursor], as: UTF8.self))
            }
            cursor += 1
        }
        return nil
    }

    private func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
    }

    /// The next tag at or after `index`.
    func nextTag(from index: Int) -> Tag? {
        var cursor = index
        while cursor < bytes.count {
            if bytes[cursor] == UInt8(ascii: "<"), let tag = tag(at: cursor) { return tag }
            cursor += 1
        }
        return nil
    }

    /// The end tag that closes `open`, skipping nested elements of the same name.
    func matchingClose(of open: Tag) -> Tag? {
        var depth = 0
        var index = open.end
        while let tag = nextTag(from: index) {
            index = tag.end
            guard tag.name == open.name else { continue }
            if tag.closing {
                if depth == 0 { return tag }
                depth -= 1
            } else {
                depth += 1
            }
        }
        return nil
    }

    /// The page without the elements (start tag to matching end tag) that `drop` picks.
    func removing(_ drop: (Tag) -> Bool) -> HTMLBytes {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var copied = 0, index = 0
        while let tag = nextTag(from: index) {
            index = tag.end
            guard !tag.closing, drop(tag), let close = matchingClose(of: tag) else { continue }
            kept += bytes[copied..<tag.start]
            copied = close.end
            index = close.end
        }
        kept += bytes[copied...]
        return HTMLBytes(kept)
    }
}
