import Datasets

extension VQVAE {
    /// What each codebook entry stands for: the average `window`×`window` pixels around every patch
    /// the entry was chosen for, over the images whose tokens are given (49 per image, image by
    /// image, the first `tokens.count / 49` images of `images`). The patch itself sits in the middle;
    /// the rest is the context the encoder saw when it chose. Pixels outside the image count as
    /// nothing, and an entry never chosen comes back blank.
    public func averageNeighbourhoods(tokens: [Int], of images: LabelledImages, window: Int) -> [[Float]] {
        let side = VQVAE.imageSide, margin = (window - VQVAE.patchSide) / 2
        var sums = [[Float]](repeating: [Float](repeating: 0, count: window * window), count: codebookSize)
        var counts = [Int](repeating: 0, count: codebookSize)
        for (position, entry) in tokens.enumerated() {
            let image = position / tokensPerImage, cell = position % tokensPerImage
            let pixels = images.image(at: image)
            let top = (cell / VQVAE.gridSide) * VQVAE.patchSide - margin, left = (cell % VQVAE.gridSide) * VQVAE.patchSide - margin
            for y in 0..<window {
                for x in 0..<window {
                    let row = top + y, column = left + x
                    guard (0..<side).contains(row), (0..<side).contains(column) else { continue }
                    sums[entry][y * window + x] += Float(pixels[pixels.startIndex + row * side + column]) / 255
                }
            }
            counts[entry] += 1
        }
        return (0..<codebookSize).map { entry in sums[entry].map { $0 / Float(max(counts[entry], 1)) } }
    }
}
