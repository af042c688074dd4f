//: # The variational auto-encoder
//:
//: Let the encoder output a whole distribution instead of a point, and pull that distribution towards a standard normal: now random noise decodes into plausible digits.
//:
//: The plain auto-encoder put each digit at one point of its code space, wherever it liked. The
//: variational auto-encoder [@kingma2014] changes two things. Its encoder outputs, for each
//: image $x$, a mean $\mu$ and a log-variance $\log\sigma^2$: a Gaussian $q(z \mid x)$ over codes. And its
//: loss rewards keeping those Gaussians close to $\mathcal{N}(0, I)$ — so that, afterwards, codes drawn
//: from $\mathcal{N}(0, I)$ land where the decoder knows what to do.
//: @fold Setting up: the chapter's record of this run, and the MNIST images
import ChapterKit
import Datasets
import Figures
import Learning
import Models
import Notebook

let chapter = Chapter(slug: "vae")
let train = chapter.train
let test = chapter.test
//: @end
//: ## The model
//:
//: The model is the one in PyTorch's MNIST example [@pytorchvae], and its backbone is the previous
//: chapter's: 784 → 400 → 20 → 400 → 784. Two layers on top of the hidden
//: layer give $\mu$ and $\log\sigma^2$. To decode, we *sample* a code with the reparameterisation trick,
//:
//: $$z = \mu + \sigma \cdot \varepsilon, \quad \varepsilon \sim \mathcal{N}(0, I),$$
//:
//: which keeps the randomness in $\varepsilon$, so gradients flow through $\mu$ and $\sigma$. The decoder
//: outputs logits, which the loss works on; `decode` applies a sigmoid to turn them into pixel
//: intensities, like the auto-encoder's. Set beside the previous chapter's model, these are the only
//: changes: the code becomes $\mu$ and $\log\sigma^2$, a sampled $z$ is decoded, and the loss is
//: binary cross-entropy plus the KL term.
//: @compare Sources/Models/Autoencoder.swift Sources/Models/VariationalAutoencoder.swift
var initialWeights = chapter.random("vae weights")
let model = VariationalAutoencoder(using: &initialWeights)
let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
//: @fold How the page counts the weights and draws the model from its own layers
chapter.metric("parameters", Double(model.parameterCount), format: "%.0f")
chapter.figure("architecture", caption: "The variational auto-encoder, drawn from the model's layers: the encoder "
               + "gives a Gaussian per image, one sample of it is decoded, and the loss has two terms.") {
    ArchitectureDiagram(
        stages: [
            .init([.image(name: "x", side: test.imageSide, pixels: test.floats(at: 0))]),
            .init([.vector(name: "input", size: model.encoder.hidden.inputs, note: "pixels")]),
            .init([.vector(name: "hidden", size: model.encoder.hidden.outputs, note: "ReLU")]),
            .init([.vector(name: "μ", size: model.encoder.mean.outputs),
                   .vector(name: "log σ²", size: model.encoder.logVariance.outputs)],
                  losses: ["KL(q(z|x) ‖ N(0, I))"]),
            .init([.operation("z = μ + σ·ε")]),
            .init([.vector(name: "hidden", size: model.decoder.hidden.outputs, note: "ReLU")]),
            .init([.vector(name: "output", size: model.decoder.output.outputs, note: "sigmoid")],
                  losses: ["BCE(x, x̂)"]),
        ],
        connections: [nil, "Linear", "Linear ×2", "sample", "Linear", "Linear"],
        groups: [("encoder", 1..<4), ("decoder", 5..<7)]
    )
}
//: @end
//: Against @autoencoder/fig:architecture only the middle changed: the encoder's last layer is now two layers,
//: μ and log σ², a sampling step (the pill) sits between encoder and decoder, and the loss has a
//: second tag, the KL term, attached to the encoder's output rather than to the image. The model
//: holds {{metric.parameters}} weights and biases.
//:
//: ## The loss
//:
//: Two ideas from probability carry the loss. The *KL divergence* $\operatorname{KL}(q \,\|\, p)$
//: measures how far a distribution $q$ is from another, $p$: it is never negative and is 0 exactly when
//: the two are equal. And $p(x)$, the probability the model gives an image, cannot be computed
//: directly, but a quantity that is never above $\log p(x)$ can: the *evidence lower bound* (ELBO).
//: Pushing the bound up pushes $\log p(x)$ up with it. Here $q(z \mid x)$ is the encoder's
//: distribution over codes for the image $x$, $p(x \mid z)$ the decoder's over images for the code
//: $z$, and $\mathbb{E}_{q}[\cdot]$ an average over codes drawn from $q$. Training maximises the ELBO,
//: or equivalently minimises its negative, summed over the images of a batch:
//:
//: $$-\mathcal{L}(x) = \underbrace{-\mathbb{E}_{q(z \mid x)}\left[\log p(x \mid z)\right]}_{\text{reconstruction}} + \operatorname{KL}\left(q(z \mid x) \,\|\, \mathcal{N}(0, I)\right)$$
//:
//: With pixels treated as Bernoulli variables, the reconstruction term is the binary cross-entropy
//: between $x$ and the decoded $\hat{x}$, estimated with one sample $z$. The KL term has a closed form for
//: Gaussians:
//:
//: $$\operatorname{KL}\left(\mathcal{N}(\mu, \sigma^2) \,\|\, \mathcal{N}(0, 1)\right) = -\frac{1}{2}\sum_{j=1}^{20} \left(1 + \log\sigma_j^2 - \mu_j^2 - \sigma_j^2\right)$$
//:
//: Both terms are measured in nats per image, natural-log units of information (one nat is about 1.44
//: bits). We train as before: 30 epochs, Adam $10^{-3}$, batches of 128.
//: @fold Six fixed codes and six fixed test digits for the training film, and the test loss (the same loss on the test images, no gradients kept)
var filmNoise = chapter.random("vae film codes")
let filmCodes = Tensor.randomNormal([6, model.latentSize], using: &filmNoise)
let filmDigits = Tensor(images: test, indices: 0..<6)
func testLoss(_ noise: inout SeededGenerator) -> Double {
    withoutGradients {
        var total: Double = 0
        for batch in test.batches(size: 1000) {
            let x = Tensor(images: test, indices: batch)
            total += Double(model.loss(x, noise: .randomNormal([batch.count, model.latentSize],
                                                               using: &noise)).total.item)
        }
        return total / Double(test.count)
    }
}
//: @end
let history = chapter.trainOrRestore("vae", model: model, optimizer: optimizer, epochs: chapter.epochs(30),
                                     settings: "Adam 1e-3, batch 128, BCE sum + KL") { progress in
    var batchOrder = chapter.random("vae batches")
    var noise = chapter.random("vae training noise")
    for epoch in 1...progress.epochs {
        var total: Double = 0, reconstruction: Double = 0, divergence: Double = 0
        for batch in train.shuffledBatches(size: 128, using: &batchOrder) {
            let x = Tensor(images: train, indices: batch)
            let loss = model.loss(x, noise: .randomNormal([batch.count, model.latentSize], using: &noise))
            loss.total.backward()
            optimizer.update()
            total += try progress.step(loss.total)
            reconstruction += Double(loss.reconstruction.item)
            divergence += Double(loss.divergence.item)
        }
        let images = Double(train.count)
        progress.epoch(epoch, ["train_loss": total / images, "reconstruction": reconstruction / images,
                               "kl": divergence / images, "test_loss": testLoss(&noise)])
        progress.snapshot("film") { rows(of: model.decode(filmCodes)) + rows(of: model(filmDigits)) }
    }
}
//: @fold How the page shows the film and the loss curves, and records the final losses
chapter.trainingFilm("film", caption: "Six codes drawn from N(0, I) decoded (left) and six test digits "
                     + "reconstructed (right), after the epochs on the left.",
                     liveCaption: "The model after the epoch shown: the top row decodes six codes drawn from N(0, I), "
                         + "the bottom row reconstructs six test digits. Move the slider, or press play, "
                         + "to watch it learn from epoch 1 to the last.",
                     rows: ["six codes drawn from N(0, I), decoded", "six test digits, reconstructed"],
                     history.snapshots("film"), shownEpochs: [1, 2, 3, 5, 10, 30])
chapter.metric("test_loss", history.final("test_loss"))
chapter.metric("train_kl", history.final("kl"))
let reconstructionShare = history.final("reconstruction") / history.final("train_loss")
chapter.metric("reconstruction_share", 100 * reconstructionShare, format: "%.0f%%")
chapter.figure("loss", caption: "Negative ELBO per image during training, split into its two terms, and on the test "
               + "images after each epoch.") {
    LinePlot(
        series: [
            .init(name: "train: total", points: history.series("train_loss")),
            .init(name: "test: total", points: history.series("test_loss"), dashed: true),
            .init(name: "train: reconstruction (BCE)", points: history.series("reconstruction")),
            .init(name: "train: KL", points: history.series("kl")),
        ],
        xLabel: "epoch", yLabel: "nats per image", logY: true
    )
}
//: @end
//: Set this film beside chapter 1's: there, codes drawn from $\mathcal{N}(0, I)$ (the top row)
//: decoded to smudges at every epoch. Here they decode to digit-like strokes from the first epoch on,
//: because the KL term trains the decoder on codes spread the way the noise is.
//:
//: In the loss curves (@fig:loss), after {{training.vae.epochs}} epochs the test loss is {{metric.test_loss}} nats
//: per image, and the reconstruction term carries {{metric.reconstruction_share}} of the training loss
//: in the last epoch (the axis is logarithmic, so equal heights are equal ratios). The KL term settles
//: at {{metric.train_kl}} nats: the price, per image, of keeping the codes close to $\mathcal{N}(0, I)$.
//:
//: ## Reconstructions
//:
//: The same test digits as in @autoencoder/fig:reconstructions. To reconstruct we decode the mean $\mu$ of each
//: image's Gaussian rather than a random sample from it.
//:
//: @predict Will the VAE reconstruct the test digits better or worse than chapter 1's auto-encoder with the same backbone?
//: @answer Worse: {{metric.test_mse_per_image}} squared error per image, against {{metric.ae_mse_per_image}}
//: @answer for the auto-encoder. The paragraph after @fig:reconstructions says why.
let showcase = showcaseIndices(in: test)
let originals = Tensor(images: test, indices: showcase)
let reconstructions = model(originals)  // decoded from μ
//: @fold How the page draws the pairs and scores every test image
chapter.figure("reconstructions", caption: "Test images and the VAE's reconstructions (decoded from μ) beneath them.") {
    ImageGrid.pairs(originals: rows(of: originals), reconstructions: rows(of: reconstructions),
                    columns: showcase.count / 2)
}
let reconstructionError = ReconstructionError(images: test) { model($0) }
let vaeMSE = chapter.metric("test_mse_per_image", reconstructionError.meanSquaredErrorPerImage)
let vaeBCE = chapter.metric("test_bce_per_image", reconstructionError.crossEntropyPerImage, format: "%.1f")
//: @end
//: They are close to the originals but visibly softer than chapter 1's. The blog post this site
//: follows says the VAE's reconstructions get better; {{claim.vae_worse: here they are worse: over
//: the whole test set the VAE's squared error is {{metric.test_mse_per_image}} per image, against
//: {{metric.ae_mse_per_image}} for chapter 1's auto-encoder with the same backbone.}} That is what one
//: should expect (@tbl:auto-encoder-against-vae-same-backbone-same-test-set measures it): the
//: auto-encoder spends all its capacity on reconstruction, while the VAE decodes a *noisy* code
//: during training and pays a KL price for every bit of information it keeps about the image.
//:
//: ## Digits from pure noise
//:
//: Now the test the plain auto-encoder failed: draw codes from $\mathcal{N}(0, I)$ and decode them.
//:
//: @predict What will codes drawn from N(0, I) decode to this time?
//: @answer Digits, most of them: the classifier is {{metric.noise_confidence}} confident on them on
//: @answer average, against {{metric.ae_noise_confidence}} on chapter 1's decoded noise and
//: @answer {{metric.ae_real_confidence}} on real test digits.
var noise = chapter.random("noise codes")
let randomCodes = Tensor.randomNormal([1000, model.latentSize], using: &noise)
let fromRandomCodes = model.decode(randomCodes)
//: @fold How the page shows 64 of the 1,000 and has chapter 1's classifier judge all of them
chapter.figure("samples", caption: "64 images decoded from codes drawn from N(0, I): no image went in.") {
    ImageGrid(images: Array(rows(of: fromRandomCodes).prefix(64)), columns: 8, cellSize: 46, gutter: 3)
}
let classifier = chapter.sharedClassifier()
let quality = SampleQuality(probabilities: classifier.probabilities(fromRandomCodes))
let vaeConfidence = chapter.metric("noise_confidence", quality.meanConfidence, format: "%.3f")
let vaeEntropy = chapter.metric("noise_entropy", quality.classEntropy, format: "%.2f")
//: @end
//: {{claim.noise_digits: Noise now decodes to digits: most of the 64 are recognisable, if blurrier than
//: real ones, and the classifier of chapter 1 is {{metric.noise_confidence}} confident on all 1,000 on
//: average, against {{metric.ae_noise_confidence}} on chapter 1's decoded noise}} and
//: {{metric.ae_real_confidence}} on real test digits. The KL term did its job: the region of code space
//: the decoder understands is, roughly, where $\mathcal{N}(0, I)$ puts its draws.
//:
//: ## A latent space you can look at
//:
//: Twenty dimensions cannot be drawn, so we train a second VAE with a **two**-dimensional code — same
//: recipe, same number of epochs — and plot where the encoder puts each test digit (its $\mu$).
//:
//: @predict N(0, I) puts 91% of its draws within ±2 on both axes. What share of the test digits' codes will lie there?
//: @answer {{metric.planar_within_two}} of the 5,000: the KL term pulls the codes towards the origin, while the
//: @answer reconstruction term keeps each digit's code where the decoder can tell it from the others.
//: @fold Training the 2-D VAE: the loop above, with a code of 2 numbers
var smallWeights = chapter.random("2-D vae weights")
let planar = VariationalAutoencoder(latent: 2, using: &smallWeights)
let planarOptimizer = Adam(parameters: planar.namedParameters, learningRate: 1e-3)
let planarHistory = chapter.trainOrRestore("vae-2d", model: planar, optimizer: planarOptimizer,
                                           epochs: chapter.epochs(30),
                                           settings: "Adam 1e-3, batch 128, BCE sum + KL, latent 2") { progress in
    var batchOrder = chapter.random("2-D vae batches")
    var planarNoise = chapter.random("2-D vae training noise")
    for epoch in 1...progress.epochs {
        var total: Double = 0
        for batch in train.shuffledBatches(size: 128, using: &batchOrder) {
            let loss = planar.loss(Tensor(images: train, indices: batch),
                                   noise: .randomNormal([batch.count, 2], using: &planarNoise)).total
            loss.backward()
            planarOptimizer.update()
            total += try progress.step(loss)
        }
        progress.epoch(epoch, ["train_loss": total / Double(train.count)])
    }
}
//: @end
let planarMeans = rows(of: planar.encode(Tensor(images: test, indices: 0..<5000)).mean)
//: @fold How the page draws the 5,000 codes and counts those near the origin
chapter.metric("planar_train_loss", planarHistory.final("train_loss"))
chapter.figure("latent-scatter", caption: "Where the 2-D VAE puts 5,000 test images (the mean μ of each), "
               + "coloured by their label.") {
    let labels = test.labels(of: 0..<5000)
    let points: [(x: Double, y: Double, label: Int)] = zip(planarMeans, labels).map { mean, label in
        (Double(mean[0]), Double(mean[1]), label)
    }
    return ScatterPlot(points: points, classNames: chapter.dataset.classNames, xLabel: "z₁", yLabel: "z₂",
                       pointRadius: 1.8)
}
let withinTwo = planarMeans.filter { abs($0[0]) <= 2 && abs($0[1]) <= 2 }.count
chapter.metric("planar_within_two", 100 * Double(withinTwo) / Double(planarMeans.count), format: "%.0f%%")
//: @end
//: The classes form neighbouring regions around the origin: {{metric.planar_within_two}} of the
//: 5,000 codes lie within $\pm 2$ on both axes, the square where $\mathcal{N}(0, I)$ puts 91% of
//: its draws. Better than looking at the plane is moving over it.
//: @fold How the page ships the 2-D decoder's weights and the codes to the live figure
chapter.liveFigure("latent-explorer", caption: "The 2-D VAE's decoder, running in your browser: drag the point "
                   + "over the plane of test codes, or focus it and use the arrow keys (Shift for larger steps, "
                   + "Home for the origin).",
                   script: "Sources/PageScripts/latent-explorer.js") { page in
    page.layer("decoder", planar.decoder)
    page.rows("codes", planarMeans)
    page.bytes("labels", test.labels(of: 0..<5000))
    page.strings("classNames", chapter.dataset.classNames)
}
//: @end
//: Try it: drag the point (or focus it and use the arrow keys) from the middle of one colour to the
//: middle of another. The image on the right is drawn by the 2-D VAE's decoder — these very weights,
//: shipped to the page by this run — for the code under the point; between two classes it draws
//: something in between.
//:
//: Decoding a regular grid of codes shows the whole map at once. The grid sits at quantiles of the
//: normal distribution, so each cell stands for an equal share of probability.
let quantiles = (0..<20).map { standardNormalQuantile((Double($0) + 0.5) / 20) }
let gridPoints: [Float] = quantiles.reversed().flatMap { y in quantiles.flatMap { x in [Float(x), Float(y)] } }
let gridCodes = Tensor(shape: [400, 2], scalars: gridPoints)
let gridImages = rows(of: planar.decode(gridCodes))
//: @fold How the page draws the grid and has the classifier read every cell
chapter.figure("manifold", caption: "The 2-D VAE's decoder over a 20×20 grid of codes at normal quantiles: "
               + "images morph smoothly into one another.") {
    ManifoldGrid(images: (0..<20).map { row in Array(gridImages[row * 20..<(row + 1) * 20]) },
                 xValues: quantiles, yValues: quantiles.reversed(),
                 cellSize: Double(test.imageSide))  // a point per pixel
}
/// What the classifier reads in each of `images`, and its mean confidence.
func readings(_ images: [[Float]]) -> (classes: [Int], confidence: Double) {
    let width = images.first?.count ?? 0
    let probabilities = classifier.probabilities(Tensor(shape: [images.count, width], scalars: images.flatMap { $0 }))
    return (probabilities.map(predictedClass), SampleQuality(probabilities: probabilities).meanConfidence)
}
let gridClasses = readings(gridImages).classes
var neighbours = 0, alike = 0  // pairs of cells side by side or one above the other
for row in 0..<quantiles.count {
    for column in 0..<quantiles.count {
        let cell = row * quantiles.count + column
        let right = column + 1 < quantiles.count ? cell + 1 : nil
        let below = row + 1 < quantiles.count ? cell + quantiles.count : nil
        for other in [right, below].compactMap({ $0 }) {
            neighbours += 1
            if gridClasses[cell] == gridClasses[other] { alike += 1 }
        }
    }
}
let classesSeen = Set(gridClasses).count
let neighboursAlike = Double(alike) / Double(neighbours)
chapter.metric("grid_classes", Double(classesSeen), format: "%.0f")
chapter.metric("grid_alike", 100 * neighboursAlike, format: "%.0f%%")
//: @end
chapter.claim("map_patches", classesSeen == chapter.dataset.classNames.count && neighboursAlike > 0.7,
              evidence: "\(classesSeen) of \(chapter.dataset.classNames.count) classes among the cells, and "
                  + "\(formatted(100 * neighboursAlike, "%.0f"))% > 70% of neighbouring cells alike")
//: Read it as a map of the plane of @fig:latent-scatter: {{claim.map_patches: every class holds a patch of it, and
//: images change gradually across it: the classifier sees {{metric.grid_classes}} classes among the
//: 400 cells, and {{metric.grid_alike}} of neighbouring cells show the same class.}}
//:
//: ## Walking between two digits
//:
//: Because nearby codes decode to similar images, the straight line between two digits' codes (in the
//: 20-dimensional model) should pass through images that are plausible all the way.
let endpoints = model.encode(Tensor(images: test, indices: [showcase[3], showcase[8]])).mean
let (three, eight) = (endpoints.row(0), endpoints.row(1))
let path: [Float] = (0..<10).flatMap { step -> [Float] in
    let t = Float(step) / 9
    return zip(three, eight).map { a, b in (1 - t) * a + t * b }
}
let walk = rows(of: model.decode(Tensor(shape: [10, model.latentSize], scalars: path)))
//: @fold How the page draws the walk and has the classifier read each step
chapter.figure("interpolation", caption: "Decoding ten evenly spaced points on the line between the codes (μ) "
               + "of a test 3 and a test 8.") {
    InterpolationStrip(images: walk, startLabel: chapter.dataset.classNames[3], endLabel: chapter.dataset.classNames[8])
}
let walkReading = readings(walk)
chapter.text("walk_classes", walkReading.classes.map { chapter.dataset.classNames[$0] }.joined(separator: ", "))
chapter.metric("walk_confidence", walkReading.confidence, format: "%.2f")
//: @end
chapter.claim("walk_plausible", walkReading.confidence > 0.8,
              evidence: "mean confidence \(formatted(walkReading.confidence, "%.2f")) > 0.8 over the ten images")
//: Left to right, the classifier reads the ten images as {{text.walk_classes}}:
//: {{claim.walk_plausible: it is sure of them all the way, {{metric.walk_confidence}} confident on
//: average, so every step of the walk looks like some digit.}} Where the classes change, one digit
//: hands over to the next, sometimes through a third that lies between them on the map.
//:
//: ## Measured: what did the VAE buy?
//:
//: Both models share a backbone and saw the same data for the same number of epochs.
//: @tbl:auto-encoder-against-vae-same-backbone-same-test-set scores
//: the same test set with both losses, and 1,000 noise-decoded images of each model with the classifier.
//: The comparisons stated earlier on this page are checked here, against chapter 1's run.
let autoencoder = chapter.results(of: "autoencoder")
let aeMSE = chapter.metric("ae_mse_per_image", autoencoder.metric("test_mse_per_image").value)
let aeConfidence = chapter.metric("ae_noise_confidence", autoencoder.metric("noise_confidence").value, format: "%.3f")
chapter.claim("vae_worse", vaeMSE.value > aeMSE.value,
              evidence: "\(vaeMSE.display) > \(aeMSE.display) squared error per image")
chapter.claim("noise_digits", vaeConfidence.value > aeConfidence.value + 0.2,
              evidence: "\(vaeConfidence.display) > \(aeConfidence.display) + 0.2 mean top-class confidence")
//: @fold How the page lays out the table from both chapters' numbers
chapter.metric("ae_real_confidence", autoencoder.metric("real_confidence").value, format: "%.3f")
let aeMatchedConfidence = autoencoder.metric("matched_confidence")
chapter.table(
    "Auto-encoder against VAE, same backbone, same test set",
    columns: ["", "squared error per image", "cross-entropy per image (nats)", "noise samples: confidence",
              "noise samples: class entropy (bits)"],
    rows: [
        ["auto-encoder (chapter 1), codes from N(0, I)", aeMSE, autoencoder.metric("test_bce_per_image"), aeConfidence,
         autoencoder.metric("noise_entropy")],
        ["auto-encoder, codes from normals fitted to its codes", "—", "—", aeMatchedConfidence,
         autoencoder.metric("matched_entropy")],
        ["variational auto-encoder, codes from N(0, I)", vaeMSE, vaeBCE, vaeConfidence, vaeEntropy],
    ]
)
chapter.metric("ae_matched_confidence", aeMatchedConfidence.value, format: "%.3f")
//: @end
chapter.claim("beats_fitted", vaeConfidence.value > aeMatchedConfidence.value,
              evidence: "\(vaeConfidence.display) > \(aeMatchedConfidence.display) mean top-class confidence")
chapter.claim("all_digits", vaeEntropy.value > 3.2,
              evidence: "\(vaeEntropy.display) > 3.2 bits of class entropy, of at most 3.32")
//: The VAE does not reconstruct better; what it buys is a latent space you can sample from. Its
//: decoded noise is {{metric.noise_confidence}} confident against the auto-encoder's
//: {{metric.ae_noise_confidence}}, and {{claim.all_digits: it draws all ten digits about equally often:
//: the predicted classes have an entropy of {{metric.noise_entropy}} bits, of at most 3.32.}}
//: {{claim.beats_fitted: It even beats the auto-encoder sampled from normals fitted to its own codes
//: ({{metric.ae_matched_confidence}}),}} and the difference runs deeper: the VAE's sampler,
//: $\mathcal{N}(0, I)$, was chosen before training and the loss made the codes fit it, instead of
//: being fitted to the codes afterwards.
//:
//: ## What comes next
//:
//: The VAE's samples are blurry, and its codes are continuous vectors. The next chapters turn an image
//: into a short sequence of *discrete* tokens instead — and then generate images one token, one patch,
//: at a time, exactly as a language model generates text.
//:
//: ## Exercises
//:
//: Make one change, run `latent build`, and let `latent changes` list what moved: which metrics,
//: which figures, which claims.
//:
//: 1. **Wider noise.** Draw the codes of @sec:digits-from-pure-noise three times wider:
//:    `let randomCodes = 3 * Tensor.randomNormal([1000, model.latentSize], using: &noise)`. Nothing
//:    retrains. The KL term trained the decoder on codes spread like $\mathcal{N}(0, I)$, so look first
//:    at @fig:samples: are the digits better or worse? Then read the classifier's numbers in
//:    `latent changes`: watch which way its confidence moves, and whether the sentences that say noise
//:    now decodes to digits, that all ten digits appear about equally often, and that the VAE beats the
//:    auto-encoder sampled from fitted normals still hold. If they hold while the grid looks worse to
//:    you, you have learned something about the measure rather than the model: a classifier can be
//:    sure of heavy, crisp strokes that no one would write.
//: 2. **Another walk.** Walk from a 1 to a 7: in the `endpoints` line use `[showcase[1], showcase[7]]`
//:    (the first ten showcase digits are 0 to 9 in order), and change the labels of the
//:    `InterpolationStrip` to `classNames[1]` and `classNames[7]`. Nothing retrains. Watch whether the
//:    sentence that says the classifier is sure of every step of the walk still holds, and which digits
//:    the walk passes through on the way.
//: 3. **A shorter-trained map.** Train the 2-D VAE for 2 epochs instead of 30: `epochs: chapter.epochs(2)`
//:    in its `trainOrRestore` call (in the fold that trains it). Only that model retrains. Watch @fig:latent-scatter
//:    and @fig:manifold for classes that still overlap, and whether the sentence that says every class
//:    holds a patch of the map, with most neighbouring cells alike, still holds.
chapter.finish()
