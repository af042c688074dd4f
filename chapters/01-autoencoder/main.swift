//: # The auto-encoder
//:
//: Squeeze a 28×28 digit through 20 numbers and back out again: a plain auto-encoder learns to copy digits well, yet its decoder turns random numbers into nothing recognisable.
//:
//: An auto-encoder is two networks trained as one. The *encoder* maps an image $x$ with 784 pixels to a
//: short *code* $z$ of 20 numbers; the *decoder* maps the code back to an image $\hat{x}$. Nobody tells
//: the network what the 20 numbers should mean: the only goal is that $\hat{x}$ comes out close to $x$.
//: Because 20 numbers cannot store 784 pixels, the network has to find what digits have in common.
//:
//: This page is the program that trained the model and drew every figure on it. Each code block ran
//: exactly as shown; what it produced follows it.
import ChapterKit
import Datasets
import Figures
import Learning
import Models
import Notebook

let chapter = Chapter(slug: "autoencoder")
let train = chapter.train
let test = chapter.test
chapter.note("\(train.count) training and \(test.count) test images of \(chapter.dataset.title), each 28×28 grey-levels in [0, 1].")
//: ## The model
//:
//: Encoder and decoder are each two fully-connected layers. The hidden layers use ReLU, the decoder's
//: last layer a sigmoid, so every output pixel lies between 0 (paper) and 1 (ink). The same backbone,
//: 784 → 400 → 20 → 400 → 784, returns in the next chapter as a variational auto-encoder, so that the
//: two can be compared fairly.
//: @include Sources/Models/Autoencoder.swift
var initialWeights = chapter.random("autoencoder weights")
let model = Autoencoder(using: &initialWeights)
let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
chapter.metric("parameters", Double(model.parameterCount), format: "%.0f")
chapter.figure("architecture", caption: "The auto-encoder, drawn from the model's own layers. Bar heights grow with layer width; the code in the middle has 20 numbers.") {
    ArchitectureDiagram(
        stages: [
            .init([.image(name: "x", side: test.imageSide, pixels: test.floats(at: 0))]),
            .init([.vector(name: "input", size: model.encoder.hidden.inputs, note: "pixels")]),
            .init([.vector(name: "hidden", size: model.encoder.hidden.outputs, note: "ReLU")]),
            .init([.vector(name: "code z", size: model.codeSize)]),
            .init([.vector(name: "hidden", size: model.decoder.hidden.outputs, note: "ReLU")]),
            .init([.vector(name: "output", size: model.decoder.output.outputs, note: "sigmoid")], losses: ["MSE(x, x̂)"]),
        ],
        connections: [nil, "Linear", "Linear", "Linear", "Linear"],
        groups: [("encoder", 1..<4), ("decoder", 4..<6)]
    )
}
//: Read it left to right: the 784 pixels of $x$ pass through 400 hidden units into the 20 numbers of
//: the code, and back out through 400 units to 784 output pixels. The loss (the tag on the right)
//: compares the output with the very image that went in: no label is used anywhere. All the
//: layers together hold {{metric.parameters}} weights and biases.
//:
//: ## Training
//:
//: The loss is the mean squared error between the image and its reconstruction, averaged over the
//: 784 pixels and the images of a batch:
//:
//: $$\mathcal{L}_{\text{MSE}} = \frac{1}{784}\sum_{i=1}^{784} (x_i - \hat{x}_i)^2$$
//:
//: We train for 30 epochs (passes over the 60,000 training images) with Adam, learning rate $10^{-3}$,
//: in batches of 128, and measure the same loss on the test images after every epoch. Measuring
//: needs no gradients, so the test loss runs `withoutGradients`: the engine then computes the same
//: numbers without recording how to differentiate them.
func testLoss() -> Double {
    withoutGradients {
        var total: Double = 0
        for batch in test.batches(size: 1000) {
            let x = Tensor(images: test, indices: batch)
            total += Double(meanSquaredError(model(x), x).item) * Double(batch.count)
        }
        return total / Double(test.count)
    }
}
//: Each step is the same four lines in every chapter: run the model forward, compute the loss, let
//: `backward()` find every parameter's gradient, and let the optimizer update the parameters.
//: `progress.step` counts the step and stops the run if the loss ever becomes NaN or infinite.
//:
//: Training takes minutes, so `trainOrRestore` first looks for a checkpoint saved by an earlier run
//: of *the same code*: the same lines up to the end of the training loop, the same engine, data,
//: seed and thread count. If it finds one, it restores the model and optimizer from it and skips
//: the loop; change any of those and it trains again. Outside the training loop a chapter records
//: no gradients at all: everything after training only evaluates the model.
var filmNoise = chapter.random("autoencoder film codes")
let filmCodes = Tensor.randomNormal([6, model.codeSize], using: &filmNoise)
let filmDigits = Tensor(images: test, indices: 0..<6)
let history = chapter.trainOrRestore("autoencoder", model: model, optimizer: optimizer, epochs: chapter.epochs(30),
                                     settings: "Adam 1e-3, batch 128, MSE") { progress in
    var batchOrder = chapter.random("autoencoder batches")
    for epoch in 1...progress.epochs {
        var total: Double = 0
        for batch in train.shuffledBatches(size: 128, using: &batchOrder) {
            let x = Tensor(images: train, indices: batch)
            let loss = meanSquaredError(model(x), x)
            loss.backward()
            optimizer.update()
            total += try progress.step(loss) * Double(batch.count)
        }
        progress.epoch(epoch, ["train_loss": total / Double(train.count), "test_loss": testLoss()])
        progress.snapshot("film") { rows(of: model.decode(filmCodes)) + rows(of: model(filmDigits)) }
    }
}
//: The run also kept, after every epoch, what the model made of six fixed codes drawn from
//: $\mathcal{N}(0, I)$ and of six test digits: a film of it learning. The reconstructions are good
//: after one epoch and change little after that; the decoded noise never turns into digits, however
//: long it trains. Keep it in mind for the next chapter, whose film starts from the same kind of inputs.
chapter.trainingFilm("film", caption: "Six codes drawn from N(0, I) decoded (left) and six test digits reconstructed (right), after the epochs on the left.",
                     history.snapshots("film"), shownEpochs: [1, 2, 3, 5, 10, 30])
chapter.metric("test_mse_per_pixel", history.final("test_loss"), format: "%.4f")
chapter.figure("loss", caption: "Mean squared error per pixel after each epoch, on the training images and on the test images the model never trains on.") {
    LinePlot(
        series: [.init(name: "train", points: history.series("train_loss")), .init(name: "test", points: history.series("test_loss"), dashed: true)],
        xLabel: "epoch", yLabel: "mean squared error per pixel"
    )
}
let (trainError, testError) = (history.final("train_loss"), history.final("test_loss"))
let errorGap = (testError - trainError) / trainError
chapter.text("loss_reading", abs(errorGap) < 0.1
    ? "The two curves end within \(formatted(100 * abs(errorGap), "%.0f"))% of each other (test \(formatted(testError, "%.4f")), training \(formatted(trainError, "%.4f"))): the model does about as well on digits it has never seen as on the ones it learned from, so it has learned something general about digits rather than memorising them"
    : "The test curve ends \(formatted(100 * errorGap, "%.0f"))% above the training curve (\(formatted(testError, "%.4f")) against \(formatted(trainError, "%.4f"))): the model does better on the images it trained on than on new ones, a sign that it has begun to memorise them")
//: {{text.loss_reading}}.
//:
//: ## Reconstructions
//:
//: Here are test digits — the first of each class, then a few chosen at random — next to what the
//: auto-encoder makes of them. The number under each reconstruction is its squared error summed over
//: the 784 pixels.
let showcase = showcaseIndices(in: test)
let originals = Tensor(images: test, indices: showcase)
let reconstructions = model(originals)
let perImageError = squaredErrorPerRow(originals, reconstructions)
chapter.figure("reconstructions", caption: "Test images and the auto-encoder's reconstructions beneath them, with each reconstruction's summed squared error.") {
    ImageGrid.pairs(
        originals: rows(of: originals), reconstructions: rows(of: reconstructions), columns: showcase.count / 2,
        originalCaptions: showcase.map(test.className),
        reconstructionCaptions: perImageError.map { formatted($0, "%.1f") }
    )
}
let reconstructionError = ReconstructionError(images: test) { model($0) }
chapter.metric("test_mse_per_image", reconstructionError.meanSquaredErrorPerImage)
chapter.metric("test_bce_per_image", reconstructionError.crossEntropyPerImage, format: "%.1f")
let best = perImageError.indices.min { perImageError[$0] < perImageError[$1] }!
let worst = perImageError.indices.max { perImageError[$0] < perImageError[$1] }!
chapter.text("reconstruction_reading", "Of the \(showcase.count) digits shown, the \(test.className(at: showcase[best])) is rebuilt best (error \(formatted(perImageError[best], "%.1f"))) and the \(test.className(at: showcase[worst])) worst (\(formatted(perImageError[worst], "%.1f")))")
//: {{text.reconstruction_reading}}. Over the whole test set the squared error is
//: {{metric.test_mse_per_image}} per image (summed over its pixels). For comparison with the next
//: chapter we also score the reconstructions with binary cross-entropy, the loss the variational
//: auto-encoder trains on: {{metric.test_bce_per_image}} nats per image.
//:
//: ## What the decoder makes of random codes
//:
//: If the decoder has learned what digits look like, can we *make* new digits by handing it codes of
//: our own? The simplest choice is to draw each of the 20 numbers from a standard normal distribution,
//: $z \sim \mathcal{N}(0, I)$.
var noise = chapter.random("noise codes")
let randomCodes = Tensor.randomNormal([1000, model.codeSize], using: &noise)
let fromRandomCodes = model.decode(randomCodes)
chapter.figure("samples-standard-normal", caption: "The decoder's output for 32 codes drawn from N(0, I).") {
    ImageGrid(images: Array(rows(of: fromRandomCodes).prefix(32)), columns: 8, cellSize: 46, gutter: 3)
}
//: Mostly smudges: the classifier met further down is only {{metric.noise_confidence}} confident on
//: such images on average, against {{metric.real_confidence}} on real test digits. The reason is that nothing in the training asked the codes to look like draws from
//: $\mathcal{N}(0, I)$. Let us look at where the encoder actually puts the test digits: the mean and
//: spread of each of the 20 code dimensions, against the 0 and 1 of a standard normal.
let testCodes = model.encode(Tensor(images: test, indices: 0..<test.count))
let codeMeans = columnMeans(testCodes)
let codeDeviations = columnStandardDeviations(testCodes)
let shownCodes = Array(rows(of: testCodes).prefix(300))
chapter.figure("code-statistics", caption: "Each code dimension's values for 300 test images (dots), with its mean ± one standard deviation over the whole test set (bar and whisker), against N(0, 1)'s 0 ± 1 (the shaded band).") {
    StripPlot(
        categories: (0..<model.codeSize).map { dimension in
            .init(label: "\(dimension + 1)", values: shownCodes.map { Double($0[dimension]) }, mean: codeMeans[dimension], deviation: codeDeviations[dimension])
        },
        reference: .init(center: 0, halfWidth: 1, name: "N(0, 1): 0 ± 1"), valuesName: "300 test codes",
        xLabel: "code dimension", yLabel: "value"
    )
}
chapter.text("code_statistics_reading", "the means run from \(formatted(codeMeans.min()!, "%.1f")) to \(formatted(codeMeans.max()!, "%.1f")) and the standard deviations from \(formatted(codeDeviations.min()!, "%.1f")) to \(formatted(codeDeviations.max()!, "%.1f")), where N(0, 1) would put every mean at 0 and every deviation at 1")
//: Each dimension is a strip of its own (the dimensions are not in any order, so nothing joins them):
//: {{text.code_statistics_reading}}.
let projection = principalComponentProjection(Array(rows(of: testCodes).prefix(2000)), others: Array(rows(of: randomCodes).prefix(300)))
chapter.figure("code-map", caption: "Test images' codes (dots, coloured by label) and 300 draws from N(0, I) (crosses), projected onto the two directions in which the real codes vary most.") {
    let digits: [(x: Double, y: Double, label: Int)] = zip(projection.points, test.labels(of: 0..<2000)).map { point, label in (point.x, point.y, label) }
    let draws: [(x: Double, y: Double, label: Int)] = projection.others.map { point in (point.x, point.y, 10) }
    return ScatterPlot(
        points: digits + draws,
        classNames: chapter.dataset.classNames + ["N(0, I) draw"], xLabel: "first principal direction", yLabel: "second principal direction"
    )
}
/// The share of `points` outside the box that holds the middle 95% of `reference` along each axis.
func shareOutsideMiddle(of reference: [(x: Double, y: Double)], _ points: [(x: Double, y: Double)]) -> Double {
    func middle(_ values: [Double]) -> ClosedRange<Double> {
        let sorted = values.sorted()
        return sorted[Int(0.025 * Double(sorted.count))]...sorted[Int(0.975 * Double(sorted.count)) - 1]
    }
    let (xs, ys) = (middle(reference.map(\.x)), middle(reference.map(\.y)))
    return Double(points.filter { !xs.contains($0.x) || !ys.contains($0.y) }.count) / Double(points.count)
}
chapter.metric("draws_outside_codes", 100 * shareOutsideMiddle(of: projection.points, projection.others), format: "%.0f%%")
chapter.metric("codes_outside_codes", 100 * shareOutsideMiddle(of: projection.points, projection.points), format: "%.0f%%")
//: The digits' codes occupy their own region, with their own centre and scale per dimension, which
//: random normal codes know nothing of. The box that holds the middle 95% of the real codes along each
//: direction does not show it: {{metric.draws_outside_codes}} of the crosses fall outside that box,
//: against {{metric.codes_outside_codes}} of the real codes themselves, so the draws sit among the codes
//: one direction at a time, yet decode to smudges. A fairer test draws each dimension from a normal
//: distribution with the codes' *own* mean and standard deviation:
var matchedNoise = chapter.random("matched codes")
let matchedCodes = Tensor.randomNormal(rows: 1000, means: codeMeans, deviations: codeDeviations, using: &matchedNoise)
let fromMatchedCodes = model.decode(matchedCodes)
chapter.figure("samples-matched", caption: "The decoder's output for 32 codes drawn dimension by dimension with the test codes' own mean and standard deviation.") {
    ImageGrid(images: Array(rows(of: fromMatchedCodes).prefix(32)), columns: 8, cellSize: 46, gutter: 3)
}
//: Are these better than the smudges above? By eye it is hard to say by how much; the classifier of
//: the next section counts. {{text.matched_verdict}}.
//:
//: ## Measuring "looks like a digit"
//:
//: Our eyes are a poor instrument for comparing such grids, so we ask a classifier. A small network
//: (784 → 512 → 256 → 10) is trained once on the training images and shared by all chapters. For a
//: batch of 1,000 generated images we report the classifier's mean confidence in its top class (near 1:
//: clearly some digit; near 0.1: anything) and the entropy of the predicted classes (log₂ 10 ≈ 3.32 bits
//: when all ten digits appear equally often).
//: @include Sources/Models/DigitClassifier.swift
//: @include Sources/ChapterKit/SharedClassifier.swift
let classifier = chapter.sharedClassifier()
let realQuality = SampleQuality(probabilities: classifier.probabilities(Tensor(images: test, indices: 0..<1000)))
let randomQuality = SampleQuality(probabilities: classifier.probabilities(fromRandomCodes))
let matchedQuality = SampleQuality(probabilities: classifier.probabilities(fromMatchedCodes))
let realConfidence = chapter.metric("real_confidence", realQuality.meanConfidence, format: "%.3f")
let realEntropy = chapter.metric("real_entropy", realQuality.classEntropy, format: "%.2f")
let noiseConfidence = chapter.metric("noise_confidence", randomQuality.meanConfidence, format: "%.3f")
let noiseEntropy = chapter.metric("noise_entropy", randomQuality.classEntropy, format: "%.2f")
let matchedConfidence = chapter.metric("matched_confidence", matchedQuality.meanConfidence, format: "%.3f")
let matchedEntropy = chapter.metric("matched_entropy", matchedQuality.classEntropy, format: "%.2f")
chapter.table(
    "How recognisable are the decoder's outputs? (1,000 images each, judged by the classifier)",
    columns: ["images", "mean top-class confidence", "entropy of predicted classes (bits)"],
    rows: [
        ["real test images", realConfidence, realEntropy],
        ["decoded from N(0, I)", noiseConfidence, noiseEntropy],
        ["decoded from matched normals", matchedConfidence, matchedEntropy],
    ]
)
chapter.text("matched_verdict", matchedConfidence.value > noiseConfidence.value
    ? "Matching the codes' statistics helps (confidence \(matchedConfidence.display) instead of \(noiseConfidence.display))"
    : "Matching the codes' statistics does not help (confidence \(matchedConfidence.display) against \(noiseConfidence.display))")
//: The classifier reaches {{metric.classifier_accuracy}} on the test digits and is {{metric.real_confidence}}
//: confident on them on average. On images decoded from $\mathcal{N}(0, I)$ codes its confidence drops
//: to {{metric.noise_confidence}}. {{text.matched_verdict}}: once we know where the codes live, we can
//: sample near them. But that sampler was fitted *after* training, from the codes themselves, and it
//: still treats the 20 dimensions as independent, while the codes of real digits fill a curved,
//: lumpy region of the space.
//:
//: ## What we learned
//:
//: The auto-encoder compresses and reconstructs well, but it is not a *generative* model: training
//: gives us no distribution to draw codes from. The next chapter changes one thing — the encoder outputs a
//: distribution instead of a point, and the loss pulls that distribution towards $\mathcal{N}(0, I)$ —
//: and then random normal codes decode to digits.
chapter.finish()
