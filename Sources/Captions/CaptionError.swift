/// What can go wrong when text meets the vocabulary.
public enum CaptionError: Error, CustomStringConvertible, Equatable {
    /// A prompt used `word`, which the model never saw; `known` lists the words it can read.
    case unknownWord(word: String, prompt: String, known: [String])

    public var description: String {
        switch self {
        case let .unknownWord(word, prompt, known):
            return "prompt \"\(prompt)\": the word '\(word)' is not in the vocabulary; known words: \(known.joined(separator: ", "))"
        }
    }
}
