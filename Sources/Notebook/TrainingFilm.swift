import Figures
import Foundation

extension Chapter {
    /// A film of a model learning: the images `snapshots` kept after every epoch, as one figure. Its
    /// live version has a slider over every epoch; the static strip (the epochs in `shownEpochs`,
    /// one row each) is what readers without scripts, and print, see in its place — never both.
    /// `caption` describes that strip and stands inside the fallback; `liveCaption` describes the
    /// film (its rows, named by `rows`, and what to try) and is the figure's caption.
    public func trainingFilm(
        _ name: String, caption: String, liveCaption: String? = nil, rows: [String] = [], _ snapshots: TrainingSnapshots,
        shownEpochs: [Int], line: Int = #line
    ) {
        let epochs = shownEpochs.filter { (1...snapshots.frames.count).contains($0) }
        let side = Int(Double(snapshots.pixels).squareRoot())
        figure(name, caption: caption, line: line) {
            ImageGrid(images: epochs.flatMap { snapshots.images(afterEpoch: $0) }, imageSide: side, columns: snapshots.images,
                      cellSize: 40, gutter: 3, rowLabels: epochs.map { "epoch \($0)" })
        }
        let tryIt = "Move the slider (or press play) to see them after every epoch."
        liveFigure("\(name)-film", caption: liveCaption ?? "\(caption) \(tryIt)",
                   script: "Sources/PageScripts/training-film.js", line: line) { page in
            page.bytes("frames", snapshots.frames.reduce(Data(), +), shape: [snapshots.frames.count, snapshots.images, snapshots.pixels])
            if !rows.isEmpty { page.strings("rows", rows) }
        }
        // The strip is the live figure's fallback: the page draws the two as one figure.
        if let last = record.liveFigures?.indices.last { record.liveFigures?[last].fallback = name }
    }
}
