import Foundation

// What each figure of images says in words: how many images, how they are arranged, and the labels
// or numbers written beside them. The pixels themselves cannot be said; the caption says what
// they show.

extension ImageGrid: DescribedFigure {
    /// Rows and columns, the row labels, and the captions under the cells.
    public var dataDescription: String {
        let shown = images.filter { !$0.isEmpty }.count
        var text = "Grid of \(FigureWords.counted(shown, "image")) (\(imageSide) × \(imageSide) pixels each) in "
            + "\(FigureWords.counted(rows, "row")) of up to \(columns)"
        if !rowLabels.isEmpty {
            let distinct = rowLabels.reduce(into: [String]()) { names, label in if !names.contains(label) { names.append(label) } }
            text += ", rows labelled \(FigureWords.listed(distinct.map { "“\($0)”" }))"
        }
        text += "."
        let captions = cellCaptions.filter { !$0.isEmpty }
        if !captions.isEmpty { text += " Under the images: \(FigureWords.listed(captions, limit: 12))." }
        return text
    }
}

extension ManifoldGrid: DescribedFigure {
    /// The grid's size and the ranges of the codes it decodes.
    public var dataDescription: String {
        let columns = images.map(\.count).max() ?? 0
        let range = { (values: [Double]) -> String in
            guard let low = values.min(), let high = values.max() else { return "none" }
            return "\(FigureWords.spoken(low)) to \(FigureWords.spoken(high))"
        }
        return "Grid of \(images.count) × \(columns) images, each decoded from a point of the plane: \(xLabel) from "
            + "\(range(xValues)) left to right, \(yLabel) from \(range(yValues)) bottom to top."
    }
}

extension InterpolationStrip: DescribedFigure {
    public var dataDescription: String {
        "A row of \(FigureWords.counted(images.count, "image")) decoded along a straight line between two codes, from \(startLabel) on the left "
            + "to \(endLabel) on the right."
    }
}

extension PatchStrip: DescribedFigure {
    /// The panels and how many patches each shows of the whole.
    public var dataDescription: String {
        let perSide = patchSide > 0 ? imageSide / patchSide : 0
        let shown = panels.map { "\($0.patchesShown)" }
        return "\(FigureWords.counted(panels.count, "panel")) of one image written patch by patch, left to right and top to bottom: "
            + "\(FigureWords.listed(shown, limit: 12)) of its \(perSide * perSide) patches (\(perSide) × \(perSide)) drawn; the rest are empty squares."
    }
}

extension TokenGrid: DescribedFigure {
    /// Each example's three panels, how many codebook entries the examples use, and the first
    /// example's tokens.
    public var dataDescription: String {
        let distinct = Set(examples.flatMap(\.tokens)).count
        var text = "\(FigureWords.counted(examples.count, "example")), each an image, the same image as a \(gridSide) × \(gridSide) grid of "
            + "token numbers (codebook entries), and the image decoded from those tokens. They use \(FigureWords.counted(distinct, "different token"))."
        if let first = examples.first, !first.tokens.isEmpty {
            text += " The first example's top row of tokens: \(first.tokens.prefix(gridSide).map(String.init).joined(separator: ", "))."
        }
        return text
    }
}

extension CaptionedImages: DescribedFigure {
    /// The captions as written, with the words marked wrong.
    public var dataDescription: String {
        let captions = items.map { item in
            "“" + item.words.map { $0.wrong ? "\($0.text) (wrong)" : $0.text }.joined(separator: " ") + "”"
        }
        let wrong = items.filter { $0.words.contains(where: \.wrong) }.count
        return "\(FigureWords.counted(items.count, "image")), each with the caption written for it; \(wrong) of them have a wrong word: "
            + "\(FigureWords.listed(captions, limit: 10))."
    }
}
