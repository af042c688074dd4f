import Captions
import Models
import Notebook

extension WordsAndPatches {
    /// What both live figures of chapters 5 and 6 ship: the model, its vocabulary and the VQ-VAE's
    /// decoder (with `blank`, the commonest patch, which stands for a patch not yet written).
    public func ship(into page: inout PageData, blank: Int) {
        page.layer("transformer", model)
        page.bytes("heads", [model.heads])
        page.strings("words", vocabulary.words)
        do { page.bytes("wordTokens", try vocabulary.tokens(for: vocabulary.words)) } catch { chapter.fail(error) }
        page.bytes("markers", Vocabulary.Marker.allCases.map(vocabulary.token))
        page.tensor("quantizer.codebook", vqvae.quantizer.codebook)
        page.layer("decoder", vqvae.decoder)
        page.bytes("tokensPerImage", [vqvae.tokensPerImage])
        page.bytes("imageSide", [VQVAE.imageSide])
        page.bytes("blank", [blank])
    }
}
