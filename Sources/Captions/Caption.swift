import Datasets

/// Turns descriptions into words and words back into descriptions.
///
/// The same facts are said in several phrasings ("a bold seven leaning right", "seven, leaning
/// right, bold"), so a model has to learn what the words mean, not which slot holds what.
public struct Captioner: Sendable {
    /// Each class's name as words ("seven"; "ankle boot").
    public let classPhrases: [[String]]

    /// Ways to say one description: W = weight, C = class, S = slant.
    public static let templates: [String] = ["a W C S", "C , S , W", "W C , S", "a C , W and S"]

    /// A captioner that names `dataset`'s classes: digits by their English names, other classes by their own.
    public init(dataset: Dataset) {
        let digitNames = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        classPhrases = dataset.classNames.enumerated().map { index, name in
            if dataset.classNames == (0...9).map(String.init) { return [digitNames[index]] }
            // "T-shirt/top" → "t-shirt"; "Ankle boot" → "ankle", "boot".
            let simple = name.lowercased().split(separator: "/").first.map(String.init) ?? name.lowercased()
            return simple.split(separator: " ").map(String.init)
        }
    }

    /// Every word a caption can contain, in a fixed order.
    public var words: [String] {
        var seen: [String] = []
        let fillers = Captioner.templates.flatMap { $0.split(separator: " ").map(String.init) }.filter { !["W", "C", "S"].contains($0) }
        for word in classPhrases.flatMap({ $0 }) + Attribute.allCases.flatMap({ $0.phrases.flatMap { $0 } }) + fillers where !seen.contains(word) {
            seen.append(word)
        }
        return seen
    }

    /// The longest caption, in words.
    public var longestCaption: Int {
        let longestClass = classPhrases.map(\.count).max() ?? 1
        let longestAttribute = Attribute.allCases.map { $0.phrases.map(\.count).max() ?? 1 }
        return Captioner.templates.map { template in
            template.split(separator: " ").reduce(0) { total, slot in
                switch slot {
                case "W": return total + longestAttribute[0]
                case "S": return total + longestAttribute[1]
                case "C": return total + longestClass
                default: return total + 1
                }
            }
        }.max()!
    }

    /// `description` in phrasing `template` (an index into `templates`).
    public func words(for description: Description, template: Int) -> [String] {
        phrasing(of: description, template: template).map(\.word)
    }

    /// `description` in phrasing `template`, each word with the fact it states: what a figure needs
    /// to know which position of a caption holds the class, whatever the phrasing's word order.
    public func phrasing(of description: Description, template: Int) -> [(word: String, role: CaptionRole)] {
        Captioner.templates[template].split(separator: " ").flatMap { slot -> [(word: String, role: CaptionRole)] in
            switch slot {
            case "W": return Attribute.weight.phrases[description.levels[.weight]!].map { ($0, .weight) }
            case "S": return Attribute.slant.phrases[description.levels[.slant]!].map { ($0, .slant) }
            case "C": return classPhrases[description.label].map { ($0, .class) }
            default: return [(String(slot), .filler)]
            }
        }
    }

    /// What `words` say: the first class phrase and the first phrase of each attribute found in
    /// them, in any order; facts the words do not state are nil.
    public func read(_ words: [String]) -> (label: Int?, levels: [Attribute: Int]) {
        func find(_ phrases: [[String]]) -> Int? {
            // Longest phrases first, so "leaning right" is not read as "right" of something else.
            let order = phrases.indices.sorted { phrases[$0].count > phrases[$1].count }
            for start in words.indices {
                for index in order where words[start...].starts(with: phrases[index]) { return index }
            }
            return nil
        }
        var levels: [Attribute: Int] = [:]
        for attribute in Attribute.allCases { levels[attribute] = find(attribute.phrases) }
        return (find(classPhrases), levels)
    }

    /// A description as a short phrase for labels and JSON ("bold", "leaning right").
    public func phrase(_ attribute: Attribute, level: Int) -> String { attribute.phrases[level].joined(separator: " ") }
}

/// What a word of a caption states: the class, one of the attributes, or nothing (a filler such as
/// "a", "," or "and" that only holds the phrasing together).
public enum CaptionRole: String, CaseIterable, Sendable {
    /// What a word says: nothing, the ink weight, the class, or the slant.
    case filler, weight, `class`, slant
}
