/// How a caption and an image's tokens become one training sequence, in either order:
///
///     caption → image:  <caption> a bold seven leaning right </caption> <image> t₁ … t₄₉ </image> <pad> …
///     image → caption:  <image> t₁ … t₄₉ </image> <caption> a bold seven leaning right </caption> <pad> …
///
/// The first marker sets the direction; after that it is all next-token prediction. Sequences are
/// padded to one length so that a batch is a rectangle; padding is never a target.
public struct SequenceLayout: Sendable {
    /// Which comes first in a sequence: the caption (the model draws) or the image (the model captions).
    public enum Direction: Int, CaseIterable, Sendable {
        /// Caption first, then the image: trains drawing from a sentence; image first, then the caption: trains captioning.
        case captionToImage, imageToCaption
    }

    /// What a target token is, for reporting the loss of each modality separately.
    public enum Part: Sendable {
        /// A caption's word, an image's code, a framing marker, or padding after the end.
        case word, imageCode, marker, padding
    }

    /// The tokens sequences are written in.
    public let vocabulary: Vocabulary
    /// How many codes one image has (49).
    public let tokensPerImage: Int
    /// Tokens per sequence: the longest caption, the image, and four markers.
    public let length: Int

    /// The target that the loss skips (padding).
    public static let ignored = -1

    /// A layout for captions of up to `longestCaption` words and images of `tokensPerImage` codes.
    public init(vocabulary: Vocabulary, tokensPerImage: Int, longestCaption: Int) {
        self.vocabulary = vocabulary
        self.tokensPerImage = tokensPerImage
        length = longestCaption + tokensPerImage + 4
    }

    /// The model reads every token but the last and predicts every token but the first.
    public var inputLength: Int { length - 1 }

    func framedCaption(_ caption: [Int]) -> [Int] { [vocabulary.token(.beginCaption)] + caption + [vocabulary.token(.endCaption)] }
    func framedImage(_ image: some Collection<Int>) -> [Int] { [vocabulary.token(.beginImage)] + image + [vocabulary.token(.endImage)] }

    /// The whole sequence for a caption's tokens and an image's tokens, padded to `length`.
    public func sequence(caption: [Int], image: some Collection<Int>, direction: Direction) -> [Int] {
        precondition(image.count == tokensPerImage && caption.count + tokensPerImage + 4 <= length, "sequence: caption or image too long")
        let body = direction == .captionToImage ? framedCaption(caption) + framedImage(image) : framedImage(image) + framedCaption(caption)
        return body + [Int](repeating: vocabulary.token(.padding), count: length - body.count)
    }

    /// A sequence cut into the model's inputs and its targets (padding targets are `ignored`).
    public func inputsAndTargets(_ sequence: [Int]) -> (inputs: [Int], targets: [Int]) {
        let padding = vocabulary.token(.padding)
        return (Array(sequence.dropLast()), sequence.dropFirst().map { $0 == padding ? SequenceLayout.ignored : $0 })
    }

    /// What kind of token `target` is.
    public func part(of target: Int) -> Part {
        if target == SequenceLayout.ignored || target == vocabulary.token(.padding) { return .padding }
        if vocabulary.imageTokens.contains(target) { return .imageCode }
        if vocabulary.captionTokens.contains(target) { return .word }
        return .marker
    }

    /// The prompt that asks for an image: the framed caption and the image's opening marker.
    public func imagePrompt(caption: [Int]) -> [Int] { framedCaption(caption) + [vocabulary.token(.beginImage)] }

    /// The prompt that asks for a caption: the framed image and the caption's opening marker.
    public func captionPrompt(image: some Collection<Int>) -> [Int] { framedImage(image) + [vocabulary.token(.beginCaption)] }
}
