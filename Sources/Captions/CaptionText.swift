/// A caption's words as a sentence for a reader: spaced, with each comma against the word before it
/// ("a seven, thin and upright"). The model writes the comma as a word of its own, so joining the
/// words with spaces would print "a seven , thin"; prompts kept as data (`generated.json`) keep the
/// words as they are. The page's script does the same (`words-and-patches.js`, `captionText`).
public func captionText(_ words: [String]) -> String {
    words.joined(separator: " ").replacingOccurrences(of: " ,", with: ",")
}
