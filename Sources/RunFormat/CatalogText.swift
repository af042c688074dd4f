import Foundation

/// Adds a chapter to the catalog's text the way a person would: one entry after the last, written
/// in the file's own layout (indentation, `": "` or `" : "`, one line or several), every other byte
/// kept, so the catalog's diff for a new chapter is the added lines only.
public enum CatalogText {
    /// `text` with `entry` appended to its `chapters` array. Throws when `text` has no such array
    /// or the result would not read back as the old catalog plus `entry`.
    public static func appending(_ entry: Catalog.Entry, to text: String, path: String) throws -> String {
        let bytes = Array(text.utf8)
        guard let array = chaptersArray(in: bytes) else {
            throw NotebookError.buildFailed("\(path): found no \"chapters\": [ … ] array to add the chapter to")
        }
        var fields = [("slug", entry.slug), ("directory", entry.directory), ("executable", entry.executable)]
        if let thumbnail = entry.thumbnail { fields.append(("thumbnail", thumbnail)) }
        let insertion: String
        if let last = array.lastEntry {
            let style = Style(entry: Array(bytes[last.lowerBound...last.upperBound]))
            // The gap between the last two entries (", then a new line and indent"), or a new
            // line at the last entry's indent when there is only one.
            let gap = array.gapBeforeLast.map { String(decoding: bytes[$0], as: UTF8.self) }
                ?? (style.multiline ? ",\n" + indent(ofLineAt: last.lowerBound, in: bytes) : ", ")
            insertion = gap + style.render(fields)
            let end = bytes.index(after: last.upperBound)
            let result = String(decoding: bytes[..<end], as: UTF8.self) + insertion + String(decoding: bytes[end...], as: UTF8.self)
            return try checked(result, adds: entry, to: text, path: path)
        }
        let open = array.open
        let inner = indent(ofLineAt: open, in: bytes) + "  "
        insertion = "\n" + inner + Style(multiline: true, keyIndent: inner + "  ", closeIndent: inner, separator: ": ").render(fields)
            + "\n" + indent(ofLineAt: open, in: bytes)
        let close = array.close
        let result = String(decoding: bytes[...open], as: UTF8.self) + insertion + String(decoding: bytes[close...], as: UTF8.self)
        return try checked(result, adds: entry, to: text, path: path)
    }

    private static func checked(_ result: String, adds entry: Catalog.Entry, to text: String, path: String) throws -> String {
        let decoder = JSONDecoder()
        guard let before = try? decoder.decode(Catalog.self, from: Data(text.utf8)),
              let after = try? decoder.decode(Catalog.self, from: Data(result.utf8)),
              after.chapters == before.chapters + [entry] else {
            throw NotebookError.buildFailed("\(path): could not add the chapter without rewriting the file; add it by hand")
        }
        return result
    }

    /// How the file writes an entry, read from its last one.
    struct Style {
        var multiline: Bool
        var keyIndent: String
        var closeIndent: String
        var separator: String

        init(multiline: Bool, keyIndent: String, closeIndent: String, separator: String) {
            self.multiline = multiline
            self.keyIndent = keyIndent
            self.closeIndent = closeIndent
            self.separator = separator
        }

        /// The style of `entry`, the bytes from its `{` to its `}`.
        init(entry: [UInt8]) {
            let text = String(decoding: entry, as: UTF8.self)
            let lines = text.components(separatedBy: "\n")
            multiline = lines.count > 1
            keyIndent = lines.count > 1 ? String(lines[1].prefix { $0 == " " || $0 == "\t" }) : ""
            closeIndent = lines.count > 1 ? String((lines.last ?? "").prefix { $0 == " " || $0 == "\t" }) : ""
            separator = text.contains("\" : ") ? " : " : (text.contains("\":\"") ? ":" : ": ")
        }

        func render(_ fields: [(String, String)]) -> String {
            let pairs = fields.map { quoted($0.0) + separator + quoted($0.1) }
            if multiline { return "{\n" + pairs.map { keyIndent + $0 }.joined(separator: ",\n") + "\n" + closeIndent + "}" }
            return "{" + pairs.joined(separator: ", ") + "}"
        }
    }

    /// A JSON string literal for `value`.
    static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20: result += String(format: "\\u%04x", scalar.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// The indentation of the line holding byte `index`.
    static func indent(ofLineAt index: Int, in bytes: [UInt8]) -> String {
        var start = index
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = start
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Where the `chapters` array's brackets and its entries are.
    struct ArrayPlace {
        var open: Int
        var close: Int
        /// The last entry's `{` … `}` (inclusive).
        var lastEntry: ClosedRange<Int>?
        /// The bytes between the second-to-last entry's `}` and the last one's `{` (the comma included).
        var gapBeforeLast: Range<Int>?
    }

    /// Finds the top-level object's `"chapters"` array by scanning tokens (strings skipped whole).
    static func chaptersArray(in bytes: [UInt8]) -> ArrayPlace? {
        var depth = 0, index = 0
        var lastString: String?, expectArray = false
        var place: ArrayPlace?, arrayDepth = -1
        var entryStart: Int?
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                var end = index + 1
                while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
                guard end < bytes.count else { return nil }
                lastString = String(decoding: bytes[(index + 1)..<end], as: UTF8.self)
                index = end
            case UInt8(ascii: ":"):
                expectArray = depth == 1 && lastString == "chapters" && place == nil
            case UInt8(ascii: "["):
                if expectArray { place = ArrayPlace(open: index, close: -1); arrayDepth = depth + 1 }
                expectArray = false
                depth += 1
            case UInt8(ascii: "{"):
                if depth == arrayDepth, place?.close == -1 { entryStart = index }
                expectArray = false
                depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == arrayDepth, place?.close == -1, let start = entryStart {
                    if let previous = place?.lastEntry { place?.gapBeforeLast = (previous.upperBound + 1)..<start }
                    place?.lastEntry = start...index
                    entryStart = nil
                }
            case UInt8(ascii: "]"):
                depth -= 1
                if depth == arrayDepth - 1, place?.close == -1 { place?.close = index; return place }
            default:
                if !(byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")) {
                    expectArray = false
                }
            }
            index += 1
        }
        return nil
    }
}
