//: # The auto-encoder
//:
//: Squeeze a 28×28 digit through 20 numbers and back out again: a plain auto-encoder learns to copy digits well, yet its decoder turns random numbers into nothing recognisable.
//:
//: An auto-encoder [@hinton2006] is two networks trained as one. The *encoder* maps an image $x$ with 784 pixels to a
//: short *code* $z$ of 20 numbers; the *decoder* maps the code back to an image $\hat{x}$. Nobody tells
//: the network what the 20 numbers should mean: the only goal is that $\hat{x}$ comes out close to $x$.
//: Because 20 numbers cannot store 784 pixels, the network has to find what digits have in common.
//:
//: This page is the program that trained the model and drew every figure on it: the code that
//: teaches is open, and the bookkeeping (recording numbers, drawing figures) is folded under a
//: sentence you can open. Sentences marked ✓ were checked against this run's numbers.
//: @fold Setting up: the chapter's record of this run, and the MNIST training and test images
import ChapterKit
import Datasets
import Figures
import Learning
import Models
import Notebook

let chapter = Chapter(slug: "autoencoder")
let train = chapter.train
let test = chapter.test
chapter.note("\(train.count) training and \(test.count) test images of \(chapter.dataset.title), "
             + "each 28×28 grey-levels in [0, 1].")
//: @end
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
//: @fold How the page counts the weights and draws the model from its own layers
chapter.metric("parameters", Double(model.parameterCount), format: "%.0f")
chapter.figure("architecture", caption: "The auto-encoder, drawn from the model's own layers. "
               + "Bar heights grow with layer width; the code in the middle has 20 numbers.") {
    ArchitectureDiagram(
        stages: [
            .init([.image(name: "x", side: test.imageSide, pixels: test.floats(at: 0))]),
            .init([.vector(name: "input", size: model.encoder.hidden.inputs, note: "pixels")]),
            .init([.vector(name: "hidden", size: model.encoder.hidden.outputs, note: "ReLU")]),
            .init([.vector(name: "code z", size: model.codeSize)]),
            .init([.vector(name: "hidden", size: model.decoder.hidden.outputs, note: "ReLU")]),
            .init([.vector(name: "output", size: model.decoder.output.outputs, note: "sigmoid")],
                  losses: ["MSE(x, x̂)"]),
        ],
        connections: [nil, "Linear", "Linear", "Linear", "Linear"],
        groups: [("encoder", 1..<4), ("decoder", 4..<6)]
    )
}
//: @end
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
//: in batches of 128, and measure the same loss on the test images after every epoch.
//:
//: @predict After 30 epochs, will the error on test images the model never trains on end far above the training error, or close to it?
//: @answer Close to it: {{metric.test_mse_per_pixel}} per pixel on the test images against
//: @answer {{metric.train_mse_per_pixel}} on the training images, {{metric.error_gap}} apart (@fig:loss below).
//: @fold How the test loss is measured: the same loss over the 10,000 test images, with no gradients kept
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
//: @end
//: Each step is the same four lines in every chapter: run the model forward, compute the loss, let
//: `backward()` find every parameter's gradient, and let the optimizer update the parameters. (A run
//: that finds a checkpoint of this exact code restores the model instead of training it again.)
//: @fold Six fixed codes and six fixed test digits, which the run decodes after every epoch for the film below
var filmNoise = chapter.random("autoencoder film codes")
let filmCodes = Tensor.randomNormal([6, model.codeSize], using: &filmNoise)
let filmDigits = Tensor(images: test, indices: 0..<6)
//: @end
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
//: @fold How the page shows the film and the loss curves, and records the final errors
chapter.trainingFilm("film", caption: "Six codes drawn from N(0, I) decoded (left) and six test digits "
                     + "reconstructed (right), after the epochs on the left.",
                     liveCaption: "The model after the epoch shown: the top row decodes six codes drawn from N(0, I), "
                         + "the bottom row reconstructs six test digits. Move the slider, or press play, "
                         + "to watch it learn from epoch 1 to the last.",
                     rows: ["six codes drawn from N(0, I), decoded", "six test digits, reconstructed"],
                     history.snapshots("film"), shownEpochs: [1, 2, 3, 5, 10, 30])
chapter.figure("loss", caption: "Mean squared error per pixel after each epoch, on the training images and on the "
               + "test images the model never trains on.") {
    LinePlot(
        series: [
            .init(name: "train", points: history.series("train_loss")),
            .init(name: "test", points: history.series("test_loss"), dashed: true),
        ],
        xLabel: "epoch", yLabel: "mean squared error per pixel"
    )
}
let (trainError, testError) = (history.final("train_loss"), history.final("test_loss"))
chapter.metric("test_mse_per_pixel", testError, format: "%.4f")
chapter.metric("train_mse_per_pixel", trainError, format: "%.4f")
//: @end
//: The film shows what the model made, after every epoch, of six codes drawn from $\mathcal{N}(0, I)$
//: (top row) and of six test digits (bottom row). Drag it back to epoch 1: the reconstructions are
//: already recognisable and change little after that, while the decoded noise never turns into
//: digits, however long it trains. Keep it in mind for the next chapter, whose film starts from the
//: same kind of inputs.
let errorGap = (testError - trainError) / trainError
chapter.metric("error_gap", 100 * abs(errorGap), format: "%.0f%%")
chapter.claim("generalises", abs(errorGap) < 0.1,
              evidence: "test \(formatted(testError, "%.4f")) and training \(formatted(trainError, "%.4f")) differ by "
                  + "\(formatted(100 * abs(errorGap), "%.0f"))% < 10%")
//: In the loss curves (@fig:loss), {{claim.generalises: the test error ends within {{metric.error_gap}} of the
//: training error ({{metric.test_mse_per_pixel}} against {{metric.train_mse_per_pixel}} per pixel):
//: the model does about as well on digits it has never seen as on those it learned from, so it has
//: learned something general about digits rather than memorising them.}}
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
//: @fold How the page draws the pairs and finds the best and worst reconstruction
chapter.figure("reconstructions", caption: "Test images and the auto-encoder's reconstructions beneath them, "
               + "with each reconstruction's summed squared error.") {
    ImageGrid.pairs(
        originals: rows(of: originals), reconstructions: rows(of: reconstructions), columns: showcase.count / 2,
        originalCaptions: showcase.map(test.className),
        reconstructionCaptions: perImageError.map { formatted($0, "%.1f") }
    )
}
let reconstructionError = ReconstructionError(images: test) { model($0) }
chapter.metric("test_mse_per_image", reconstructionError.meanSquaredErrorPerImage)
chapter.metric("test_bce_per_image", reconstructionError.crossEntropyPerImage, format: "%.1f")
let best = perImageError.indices.min { perImageError[$0] < perImageError[$1] } ?? 0
let worst = perImageError.indices.max { perImageError[$0] < perImageError[$1] } ?? 0
chapter.text("best_digit", test.className(at: showcase[best]))
chapter.text("worst_digit", test.className(at: showcase[worst]))
chapter.metric("best_error", Double(perImageError[best]), format: "%.1f")
chapter.metric("worst_error", Double(perImageError[worst]), format: "%.1f")
//: @end
//: Each reconstruction is a slightly blurred copy of its digit. Of the {{metric.shown_digits}} shown,
//: the {{text.best_digit}} is rebuilt best (error {{metric.best_error}}) and the {{text.worst_digit}}
//: worst ({{metric.worst_error}}): thin, simple strokes are easy to squeeze into 20 numbers, unusual
//: shapes less so. Over the whole test set the squared error is {{metric.test_mse_per_image}} per
//: image (summed over its pixels). For comparison with the next chapter we also score the
//: reconstructions with binary cross-entropy, the loss the variational auto-encoder trains on:
//: {{metric.test_bce_per_image}} nats per image. (A *nat* is the unit of information measured with
//: natural logarithms; one nat is about 1.44 bits.)
chapter.metric("shown_digits", Double(showcase.count), format: "%.0f")
//:
//: ## What the decoder makes of random codes
//:
//: If the decoder has learned what digits look like, can we *make* new digits by handing it codes of
//: our own? The simplest choice is to draw each of the 20 numbers from a standard normal distribution,
//: $z \sim \mathcal{N}(0, I)$.
//:
//: @predict What will 20 numbers drawn from N(0, I) decode to: digits, or something else?
//: @answer Mostly not digits. The classifier met further down is {{metric.noise_confidence}} confident
//: @answer on them on average, against {{metric.real_confidence}} on real test digits; the rest of this
//: @answer section shows why.
var noise = chapter.random("noise codes")
let randomCodes = Tensor.randomNormal([1000, model.codeSize], using: &noise)
let fromRandomCodes = model.decode(randomCodes)
//: @fold How the page shows 32 of the 1,000 decoded codes
chapter.figure("samples-standard-normal", caption: "The decoder's output for 32 codes drawn from N(0, I).") {
    ImageGrid(images: Array(rows(of: fromRandomCodes).prefix(32)), columns: 8, cellSize: 46, gutter: 3)
}
//: @end
//: Look at the grid: {{claim.random_garbage: mostly smudges, strokes that belong to no digit in
//: particular. The classifier met further down is far less sure of them than of real digits:
//: {{metric.noise_confidence}} confident on average, against {{metric.real_confidence}}.}} The reason
//: is that nothing in the training asked the codes to look like draws from $\mathcal{N}(0, I)$. Let us
//: look at where the encoder actually puts the test digits: the mean and spread of each of the 20
//: code dimensions, against the 0 and 1 of a standard normal.
let testCodes = model.encode(Tensor(images: test, indices: 0..<test.count))
let codeMeans = columnMeans(testCodes)
let codeDeviations = columnStandardDeviations(testCodes)
//: @fold How the page draws each dimension's codes and records their range
let shownCodes = Array(rows(of: testCodes).prefix(300))
chapter.figure("code-statistics", caption: "Each code dimension's values for 300 test images (dots), with its "
               + "mean ± one standard deviation over the whole test set (bar and whisker), "
               + "against N(0, 1)'s 0 ± 1 (the shaded band).") {
    StripPlot(
        categories: (0..<model.codeSize).map { dimension in
            .init(label: "\(dimension + 1)", values: shownCodes.map { Double($0[dimension]) },
                  mean: codeMeans[dimension], deviation: codeDeviations[dimension])
        },
        reference: .init(center: 0, halfWidth: 1, name: "N(0, 1): 0 ± 1"), valuesName: "300 test codes",
        xLabel: "code dimension", yLabel: "value"
    )
}
let (lowestMean, highestMean) = (codeMeans.min() ?? 0, codeMeans.max() ?? 0)
let (narrowest, widest) = (codeDeviations.min() ?? 0, codeDeviations.max() ?? 0)
chapter.metric("code_mean_min", Double(lowestMean), format: "%.1f")
chapter.metric("code_mean_max", Double(highestMean), format: "%.1f")
chapter.metric("code_sd_min", Double(narrowest), format: "%.1f")
chapter.metric("code_sd_max", Double(widest), format: "%.1f")
//: @end
//: Each dimension is a strip of its own (the dimensions are not in any order, so nothing joins them).
//: The means run from {{metric.code_mean_min}} to {{metric.code_mean_max}} and the standard deviations
//: from {{metric.code_sd_min}} to {{metric.code_sd_max}}, where $\mathcal{N}(0, 1)$ would put every
//: mean at 0 and every deviation at 1.
//:
//: Twenty dimensions cannot be drawn at once, so @fig:code-map flattens them onto two. The *first
//: principal direction* is the direction through the 20-dimensional code space along which the real
//: codes vary most; the *second* is the one, at right angles to it, along which they vary most of
//: what is left. Projecting onto the two is like photographing the cloud of codes from the side
//: where it looks widest.
//:
//: @predict Where will 300 draws from N(0, I) fall among the real codes: outside their cloud, or inside it?
//: @answer Inside, in a tight knot at its centre: the real codes spread {{metric.code_sd_min}} to
//: @answer {{metric.code_sd_max}} times wider than the draws in every dimension, and
//: @answer {{metric.draws_outside_codes}} of the draws fall outside the box that holds the middle 95% of the codes.
let projection = principalComponentProjection(Array(rows(of: testCodes).prefix(2000)),
                                               others: Array(rows(of: randomCodes).prefix(300)))
//: @fold How the page draws the map of codes and measures where the draws fall
chapter.figure("code-map", caption: "Test images' codes (dots, coloured by label) and 300 draws from N(0, I) "
               + "(crosses), projected onto the two directions in which the real codes vary most.") {
    let labels = test.labels(of: 0..<2000)
    let digits: [(x: Double, y: Double, label: Int)] = zip(projection.points, labels).map { point, label in
        (point.x, point.y, label)
    }
    let draws: [(x: Double, y: Double, label: Int)] = projection.others.map { point in (point.x, point.y, 10) }
    return ScatterPlot(
        points: digits + draws, classNames: chapter.dataset.classNames + ["N(0, I) draw"],
        xLabel: "first principal direction", yLabel: "second principal direction"
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
let drawsOutside = shareOutsideMiddle(of: projection.points, projection.others)
chapter.metric("draws_outside_codes", 100 * drawsOutside, format: "%.0f%%")
//: @end
chapter.claim("knot", narrowest > 1.5 && drawsOutside < 0.05,
              evidence: "every code dimension's standard deviation is at least \(formatted(narrowest, "%.1f")) > 1.5, "
                  + "and \(formatted(100 * drawsOutside, "%.0f"))% < 5% of the draws fall outside "
                  + "the middle 95% of the codes")
//: {{claim.knot: In the map, the crosses of $\mathcal{N}(0, I)$ form a tight knot in the middle of a
//: cloud of real codes that is {{metric.code_sd_min}} to {{metric.code_sd_max}} times wider in every
//: dimension: {{metric.draws_outside_codes}} of the crosses fall outside the box that holds the middle
//: 95% of the real codes.}} So the draws are not far from the codes along any one direction; they
//: crowd into the small centre of the cloud, where all the classes overlap, and the decoder turns them
//: into the faint smudges of @fig:samples-standard-normal. A fairer test draws each dimension from a normal distribution with
//: the codes' *own* mean and standard deviation:
var matchedNoise = chapter.random("matched codes")
let matchedCodes = Tensor.randomNormal(rows: 1000, means: codeMeans, deviations: codeDeviations, using: &matchedNoise)
let fromMatchedCodes = model.decode(matchedCodes)
//: @fold How the page shows 32 of them
chapter.figure("samples-matched", caption: "The decoder's output for 32 codes drawn dimension by dimension with the "
               + "test codes' own mean and standard deviation.") {
    ImageGrid(images: Array(rows(of: fromMatchedCodes).prefix(32)), columns: 8, cellSize: 46, gutter: 3)
}
//: @end
//: More of these have the shape of a digit, but many are still broken or ambiguous. By eye it is hard
//: to say by how much they improved; the classifier of the next section counts.
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
//: @fold How the page records the scores and lays out the table
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
//: @end
let sevenAt = showcase.firstIndex { test.labels[$0] == 7 } ?? 0
let sevenReading = classifier.probabilities(reconstructions)[sevenAt]
chapter.claim("seven", predictedClass(sevenReading) == 7,
              evidence: "the classifier's top class for the reconstructed 7 is \(predictedClass(sevenReading)), "
                  + "with confidence \(formatted(sevenReading.max() ?? 0, "%.3f"))")
chapter.claim("random_garbage", noiseConfidence.value < realConfidence.value - 0.2,
              evidence: "\(noiseConfidence.display) < \(realConfidence.display) − 0.2 mean top-class confidence")
let matchedBetween = matchedConfidence.value > noiseConfidence.value && matchedConfidence.value < realConfidence.value
chapter.claim("matched_helps", matchedBetween,
              evidence: "\(noiseConfidence.display) < \(matchedConfidence.display) < \(realConfidence.display) "
                  + "mean top-class confidence")
//: The classifier reaches {{metric.classifier_accuracy}} on the test digits. It also confirms what
//: @fig:reconstructions suggests: {{claim.seven: the reconstructed 7 is still a seven to it.}}
//: {{claim.matched_helps: Matching the codes' statistics helps, {{metric.matched_confidence}} against
//: {{metric.noise_confidence}} for $\mathcal{N}(0, I)$ codes, but stays short of real digits'
//: {{metric.real_confidence}}.}} Once we know where the codes live we can sample near them, but that
//: sampler was fitted *after* training, from the codes themselves, and it treats the 20 dimensions as
//: independent, while the codes of real digits fill a curved, lumpy region of the space.
//:
//: ## What we learned
//:
//: The auto-encoder compresses and reconstructs well, but it is not a *generative* model: training
//: gives us no distribution to draw codes from. The next chapter changes one thing — the encoder outputs a
//: distribution instead of a point, and the loss pulls that distribution towards $\mathcal{N}(0, I)$ —
//: and then random normal codes decode to digits.
//:
//: ## Exercises
//:
//: Make one change, run `latent build`, and let `latent changes` list what moved: which metrics,
//: which figures, which claims.
//:
//: 1. **Wider noise.** Draw the random codes three times wider, about as wide as the real codes:
//:    `let randomCodes = 3 * Tensor.randomNormal([1000, model.codeSize], using: &noise)`. The model is
//:    restored, not retrained. The crosses of @fig:code-map spread three times wider, but the sentence
//:    that says they form a tight knot is checked only by fewer than 5% of them falling outside the codes'
//:    middle box: watch whether it still holds, and whether its words still do (a claim is only as strong
//:    as its check). Watch whether the sentence that calls @fig:samples-standard-normal mostly smudges
//:    still holds: it needs the classifier's confidence 0.2 below real digits'. `latent changes` reruns
//:    chapter 2 too, because its sentence that says noise now decodes to digits compares against this
//:    chapter's number: watch whether that one is struck through.
//: 2. **One epoch.** Train for 1 epoch instead of 30: `epochs: chapter.epochs(1)` in the `trainOrRestore`
//:    line, and `shownEpochs: [1]` for the film. This retrains the model, for one epoch, and with the same
//:    seed that epoch is this run's first. Read epoch 1 of @fig:loss: the test error starts at about half
//:    the training error, because the training error averages the whole epoch, most of it made by a
//:    model still learning, while the test error is measured after it. So expect the sentence that says
//:    the test error ends close to the training error to be struck through, for a reason that has nothing
//:    to do with memorising. Watch whether the reconstructed 7 is still read as a seven.
//: 3. **A harder seven.** Ask about another class: change both `== 7`s (in the `sevenAt` line and in the
//:    `seven` claim's line) to {{text.worst_digit}}, the class of the digit @fig:reconstructions rebuilds
//:    worst. Nothing retrains. Watch whether the classifier still reads that class's reconstruction as a
//:    {{text.worst_digit}}; the claim's evidence says what it read. Its sentence and its evidence string
//:    still say 7, so edit them too: a claim's words and its check change together.
chapter.finish()
