import Figures
import Foundation

extension Chapter {
    /// A film of a model learning: the images `snapshots` kept after every epoch, shown twice. A
    /// static figure shows the epochs in `shownEpochs` one row each (for print, and for readers
    /// without scripts); a live figure beside it has a slider over every epoch.
    public func trainingFilm(
        _ name: String, caption: String, _ snapshots: TrainingSnapshots, shownEpochs: [Int], line: Int = #line
    ) {
        let epochs = shownEpochs.filter { (1...snapshots.frames.count).contains($0) }
        let side = Int(Double(snapshots.pixels).squareRoot())
        figure(name, caption: caption, line: line) {
            ImageGrid(images: epochs.flatMap { snapshots.images(afterEpoch: $0) }, imageSide: side, columns: snapshots.images,
                      cellSize: 40, gutter: 3, rowLabels: epochs.map { "epoch \($0)" })
        }
        liveFigure("\(name)-film", caption: "The same images after every epoch: move the slider (or press play) to watch the model learn.",
                   script: "Sources/PageScripts/training-film.js", line: line) { page in
            page.bytes("frames", snapshots.frames.reduce(Data(), +), shape: [snapshots.frames.count, snapshots.images, snapshots.pixels])
        }
    }
}
