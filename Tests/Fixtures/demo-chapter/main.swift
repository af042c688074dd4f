//: # A demo chapter
//:
//: A tiny linear auto-encoder on a handful of images: the test suite's stand-in for a real chapter.
//:
//: It squeezes each image through $k = 4$ numbers and measures
//: $$\text{MSE} = \frac{1}{n}\sum_{i=1}^{n} (x_i - \hat{x}_i)^2$$ {#eq:mse}
import Figures
import Learning
import Notebook

let chapter = Chapter(slug: "demo")
var generator = chapter.random("model")

struct LinearAutoencoder: Layer {
    let encoder: Linear
    let decoder: Linear
    func callAsFunction(_ x: Tensor) -> Tensor { sigmoid(decoder(encoder(x))) }
}

let model = LinearAutoencoder(encoder: Linear(784, 4, using: &generator), decoder: Linear(4, 784, using: &generator))
let optimizer = Adam(parameters: model.namedParameters, learningRate: 0.01)
chapter.figure("sizes", caption: "The layer sizes, drawn above the training code.") {
    BarChart(values: [784, 4], labels: ["input", "code"], xLabel: "layer", yLabel: "values")
}
//: Training reports each epoch's loss.
let history = chapter.trainOrRestore("demo", model: model, optimizer: optimizer, epochs: chapter.epochs(3)) { progress in
    var batches = chapter.random("batches")
    for epoch in 1...progress.epochs {
        var total: Double = 0
        for batch in chapter.train.shuffledBatches(size: 16, using: &batches) {
            let x = Tensor(images: chapter.train, indices: batch)
            let loss = meanSquaredError(model(x), x)
            loss.backward()
            optimizer.update()
            total += try progress.step(loss) * Double(batch.count)
        }
        progress.epoch(epoch, ["train_loss": total / Double(chapter.train.count)])
        progress.snapshot("film") { [model(Tensor(images: chapter.test, indices: 0..<1)).scalars] }
    }
}
//: {{claim.loss_fell: Training lowers the loss: the last epoch's is below the first's.}}
let losses = history.series("train_loss").map(\.y)
let (firstLoss, lastLoss) = (losses.first ?? 0, losses.last ?? 0)
chapter.claim("loss_fell", lastLoss < firstLoss, evidence: String(format: "%.4f < %.4f mean squared error", lastLoss, firstLoss))
//: @fold How the page draws the film and the loss curve
chapter.trainingFilm("film", caption: "The first test image after each epoch.", history.snapshots("film"), shownEpochs: [1, 2, 3])
chapter.figure("loss", caption: "Training loss per epoch.") {
    LinePlot(series: [.init(name: "train", points: history.series("train_loss"))], xLabel: "epoch", yLabel: "MSE")
}
//: @end
//: The reconstruction error on the test images is {{metric.test_mse}}.
let test = Tensor(images: chapter.test, indices: 0..<chapter.test.count)
let testError = chapter.evaluateOrRestore("test error") { Double(meanSquaredError(model(test), test).item) }
chapter.metric("test_mse", testError, format: "%.4f")
chapter.figure("reconstructions", caption: "Test images (top) and their reconstructions (bottom).") {
    let shown = 0..<4
    let reconstructions = model(Tensor(images: chapter.test, indices: shown)).scalars
    return ImageGrid(
        images: shown.map { chapter.test.floats(at: $0) } + shown.map { Array(reconstructions[$0 * 784..<($0 + 1) * 784]) },
        columns: 4, rowLabels: ["original", "reconstruction"]
    )
}
chapter.table("Sizes", columns: ["split", "images"], rows: [["train", "\(chapter.train.count)"], ["test", "\(chapter.test.count)"]])
chapter.note("Four numbers per image are not many.")
//: ## What the run shows {#sec:summary}
//:
//: @fig:loss falls epoch by epoch, @tbl:sizes counts the images, and @eq:mse is the error it measures. The model
//: is a tiny, linear cousin of the deep auto-encoders that made the idea known [@hinton2006].
//:
//: @predict Will four numbers per image reconstruct a test image to an error below 0.1?
//: @answer The run measured {{metric.test_mse}} on the test images.
chapter.finish()
