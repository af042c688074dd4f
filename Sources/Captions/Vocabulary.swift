/// One vocabulary for words and image patches: the VQ-VAE's codes come first (token k is code k,
/// so an image's tokens need no translation), then the markers that frame a caption or an image,
/// then the words.
public struct Vocabulary: Sendable {
    /// The markers: where a caption or an image begins and ends, and padding after the end.
    public enum Marker: Int, CaseIterable, Sendable {
        /// Opens a caption, closes it, opens an image, closes it, and fills a sequence after its end.
        case beginCaption, endCaption, beginImage, endImage, padding

        /// The marker as the pages print it ("<caption>").
        public var text: String {
            switch self {
            case .beginCaption: return "<caption>"
            case .endCaption: return "</caption>"
            case .beginImage: return "<image>"
            case .endImage: return "</image>"
            case .padding: return "<pad>"
            }
        }
    }

    /// How many image codes there are (tokens 0..<imageCodes).
    public let imageCodes: Int
    /// The words, in token order after the markers.
    public let words: [String]
    private let wordIDs: [String: Int]

    /// A vocabulary of `imageCodes` codes (the VQ-VAE's codebook), the markers, then `words` in order.
    public init(imageCodes: Int, words: [String]) {
        self.imageCodes = imageCodes
        self.words = words
        wordIDs = Dictionary(uniqueKeysWithValues: words.enumerated().map { ($1, imageCodes + Marker.allCases.count + $0) })
    }

    /// How many tokens there are in all.
    public var count: Int { imageCodes + Marker.allCases.count + words.count }

    /// The token of `marker`: markers sit right after the image codes.
    public func token(_ marker: Marker) -> Int { imageCodes + marker.rawValue }

    /// The tokens that are image codes (generation of an image draws only these).
    public var imageTokens: Range<Int> { 0..<imageCodes }
    /// The tokens a caption may hold: its words and its closing marker (generation of a caption draws only these).
    public var captionTokens: Set<Int> { Set(wordIDs.values).union([token(.endCaption)]) }

    /// The tokens of a caption's words; a word outside the vocabulary is an error naming it.
    public func tokens(for words: [String]) throws -> [Int] {
        try words.map { word in
            guard let id = wordIDs[word] else {
                throw CaptionError.unknownWord(word: word, prompt: words.joined(separator: " "), known: self.words.sorted())
            }
            return id
        }
    }

    /// The tokens of a prompt typed as text ("a bold seven leaning right", "seven, upright").
    public func tokens(forPrompt prompt: String) throws -> [Int] {
        try tokens(for: Vocabulary.words(of: prompt))
    }

    /// A prompt's words: lower case, split on spaces, commas standing as words of their own.
    public static func words(of prompt: String) -> [String] {
        String(prompt.lowercased().flatMap { $0 == "," ? [" ", ",", " "] : [$0] }).split(separator: " ").map(String.init)
    }

    /// How a token reads: a word, a marker, or "#k" for image code k.
    public func text(of token: Int) -> String {
        if token < imageCodes { return "#\(token)" }
        if let marker = Marker(rawValue: token - imageCodes) { return marker.text }
        return words[token - imageCodes - Marker.allCases.count]
    }
}
