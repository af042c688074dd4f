import Foundation

/// Classifier-free guidance: how strongly generation follows its prompt.
///
/// A model that has learned both p(next | prompt, tokens so far) and p(next | tokens so far) can be
/// pushed further along the difference the prompt makes. With ℓ_cond the next-token logits after the
/// prompt and ℓ_uncond those without it, the guided logits are
///
///     ℓ = ℓ_uncond + s · (ℓ_cond − ℓ_uncond)
///
/// and the next token is drawn from softmax(ℓ) over the allowed tokens, exactly as without guidance
/// (one uniform number per token). s = 1 is plain conditional sampling, s = 0 ignores the prompt, and
/// s > 1 makes tokens the prompt favours more likely still (Make-A-Scene, Parti and LlamaGen sample
/// their image tokens this way), trading variety for faithfulness.
///
/// Where ℓ_uncond comes from, in chapter 5: the model is trained on image-first sequences as well as
/// caption-first ones, and an image-first sequence starts `<image> t₁ t₂ …` with nothing before it.
/// So the model already is an unconditional image model: ℓ_uncond for image token i is its prediction
/// at the last position of `<image> t₁ … tᵢ₋₁`, while ℓ_cond is its prediction at the last position
/// of `<caption> words </caption> <image> t₁ … tᵢ₋₁`. No caption dropout is needed, and both runs
/// see the same image tokens: the tokens drawn with the guided logits are appended to both. The two
/// sequences have different lengths (their positions differ), which does not matter: each keeps its
/// own keys and values (`KeyValueCache`).
///
/// Guidance has a known failure: ℓ_cond − ℓ_uncond is largest, and noisiest, for tokens both models
/// find unlikely, so a large s can lift a token neither model would draw. `plausibility` guards
/// against that as contrastive decoding does (its "adaptive plausibility constraint", Li et al.,
/// 2023): a token whose conditional probability is below `plausibility` times that of the
/// conditional model's most likely allowed token is never drawn. 0 keeps every token.
public struct Guidance: Sendable, Equatable {
    /// The prompt without the condition (chapter 5: just the image's opening marker).
    public let unconditionalPrompt: [Int]
    /// s: 1 follows the prompt as trained, larger values follow it more strongly.
    public let scale: Float
    /// α in [0, 1): tokens with p_cond < α · max p_cond are not drawn.
    public let plausibility: Float

    /// Guidance at `scale` against `unconditionalPrompt`, keeping tokens above `plausibility` (0: all).
    public init(unconditionalPrompt: [Int], scale: Float, plausibility: Float = 0) {
        self.unconditionalPrompt = unconditionalPrompt
        self.scale = scale
        self.plausibility = plausibility
    }

    /// Whether the unconditional logits are needed at all (with s = 1 they cancel out).
    public var needsUnconditional: Bool { scale != 1 }

    /// ℓ_uncond + s·(ℓ_cond − ℓ_uncond), token by token, with the tokens the conditional model finds
    /// implausible among `allowed` (all tokens when nil) set to −∞.
    public func mix(conditional: [Float], unconditional: [Float], allowed: Set<Int>? = nil) -> [Float] {
        mix(conditional: conditional, unconditional: unconditional, candidates: allowed.map { allowed in conditional.indices.filter { allowed.contains($0) } })
    }

    /// `mix` with the allowed tokens as a list (`candidates`, nil for all), as generation keeps them.
    public func mix(conditional: [Float], unconditional: [Float], candidates: [Int]?) -> [Float] {
        var mixed = zip(conditional, unconditional).map { conditional, unconditional in unconditional + scale * (conditional - unconditional) }
        guard plausibility > 0 else { return mixed }
        // p_i / p_max = exp(ℓ_i − ℓ_max) for the conditional logits, so compare logits.
        let largest = (candidates.map { $0.map { conditional[$0] } } ?? conditional).max() ?? 0
        let floor = largest + Float(Foundation.log(Double(plausibility)))
        for index in mixed.indices where conditional[index] < floor { mixed[index] = -.infinity }
        return mixed
    }
}
