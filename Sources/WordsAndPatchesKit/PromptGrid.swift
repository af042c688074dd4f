import Captions
import Figures

extension PromptSet {
    /// The prompts a prompt grid shows: two classes, each thin and upright, bold and upright, bold and
    /// leaning right, so that within a class neighbouring rows differ in one caption word.
    public static let gridRows: [Description] = [2, 7].flatMap { label in
        [(weight: 0, slant: 0), (weight: 2, slant: 0), (weight: 2, slant: 2)].map {
            Description(label: label, levels: [.weight: $0.weight, .slant: $0.slant])
        }
    }

    /// The first `shown` images of each of `gridRows`, a row each, labelled with its caption:
    /// chapter 5 shows it for plain sampling, chapter 6 for its guided second draw. `images` holds
    /// one image per entry of `askedFor`, in the same order.
    public func grid(of images: [[Float]], captioner: Captioner, shown: Int = 8) -> ImageGrid {
        let rows = Self.gridRows.flatMap { wanted -> ArraySlice<[Float]> in
            let start = askedFor.firstIndex(of: wanted) ?? 0
            return images[start..<min(start + shown, images.count)]
        }
        return ImageGrid(images: Array(rows), columns: shown, cellSize: 44, gutter: 3,
                         rowLabels: Self.gridRows.map { captionText(captioner.words(for: $0, template: 0)) })
    }
}
