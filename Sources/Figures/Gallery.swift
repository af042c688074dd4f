import Foundation

/// Every figure type, drawn from synthetic data: what `latent gallery` renders so that a person
/// can look at all of them at once (and what the figure tests render).
public enum Gallery {
    /// Every figure type with a name, drawn from synthetic digits so that no dataset is needed.
    public static func figures() -> [(name: String, figure: any Figure)] {
        let digits = (0..<10).map { SyntheticDigits.image("\($0)", variant: $0) }
        let blurred = digits.map { blur($0) }
        let parts: [(String, ([[Float]], [[Float]]) -> any Figure)] = [
            ("image-grid", imageGrid),
            ("sample-grid", sampleGrid),
            ("architecture-vae", architectureVae),
            ("architecture-vq-vae", architectureVqVae),
            ("loss-curves", lossCurves),
            ("loss-curves-log", lossCurvesLog),
            ("latent-scatter", latentScatter),
            ("manifold", manifold),
            ("interpolation", interpolation),
            ("patch-strip", patchStrip),
            ("token-grid", tokenGrid),
            ("codebook-usage", codebookUsage),
            ("per-class-error", perClassError),
            ("attention", attention),
            ("code-strips", codeStrips),
            ("codes-and-draws", codesAndDraws),
            ("transformer-block", transformerBlock),
            ("token-sequence", tokenSequence),
            ("captioned-images", captionedImages),
        ]
        return parts.map { ($0.0, $0.1(digits, blurred)) }
    }

    static func imageGrid(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        ImageGrid(
                images: digits + blurred, columns: 10, rowLabels: ["original", "reconstruction"],
                cellCaptions: (0..<10).map { "\($0)" } + blurred.enumerated().map { String(format: "%.3f", meanSquaredDifference($1, digits[$0])) },
                rowsPerBlock: 2, title: "Originals and their reconstructions",
                caption: "Top: test digits. Bottom: what the model gives back; under each, the mean squared error per pixel."
            )
    }

    static func sampleGrid(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        ImageGrid(
                images: (0..<32).map { SyntheticDigits.image("\($0 % 10)", variant: $0 + 3) }, columns: 8, cellSize: 44, gutter: 3,
                title: "Decoded from random noise", caption: "Each cell decodes one draw z ~ N(0, I)."
            )
    }

    static func architectureVae(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        ArchitectureDiagram(
                stages: [
                    .init([.image(name: "x", side: 28, pixels: digits[4])]),
                    .init([.vector(name: "input", size: 784, note: "pixels")]),
                    .init([.vector(name: "hidden", size: 400, note: "ReLU")]),
                    .init([.vector(name: "μ", size: 20), .vector(name: "log σ²", size: 20)], losses: ["KL(q(z|x) ‖ N(0, I))"]),
                    .init([.operation("z = μ + σ·ε")]),
                    .init([.vector(name: "hidden", size: 400, note: "ReLU")]),
                    .init([.vector(name: "output", size: 784, note: "sigmoid")], losses: ["BCE(x, x̂)"]),
                ],
                connections: [nil, "Linear", "Linear ×2", "sample", "Linear", "Linear"],
                groups: [("encoder", 1..<4), ("decoder", 5..<7)],
                title: "Variational auto-encoder",
                caption: "Bar heights grow with layer width. The encoder outputs a Gaussian per image; one sample from it is decoded."
            )
    }

    static func architectureVqVae(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        ArchitectureDiagram(
                stages: [
                    .init([.image(name: "x", side: 28, pixels: digits[4])]),
                    .init([.grid(name: "features", rows: 7, columns: 7, note: "7×7×32")]),
                    .init([.grid(name: "z_e", rows: 7, columns: 7, note: "7×7×32")], losses: ["commitment"]),
                    .init([.grid(name: "tokens", rows: 7, columns: 7, note: "49 indices of 64"),
                           .table(name: "codebook", rows: 64, columns: 32, note: "64 entries × 32")]),
                    .init([.grid(name: "z_q", rows: 7, columns: 7, note: "7×7×32")]),
                    .init([.image(name: "x̂", side: 28, pixels: blurred[4])], losses: ["MSE(x, x̂)"]),
                ],
                connections: ["conv, stride 2", "conv, stride 2", "nearest entry", "look up", "transposed conv ×2"],
                groups: [("quantiser", 2..<4)],
                title: "VQ-VAE", caption: "Each image becomes 49 integer tokens."
            )
    }

    static func lossCurves(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        let epochs = (1...30).map(Double.init)
        let train: [(x: Double, y: Double)] = epochs.map { epoch in (epoch, 100 + 60 * exp(-epoch / 4)) }
        let test: [(x: Double, y: Double)] = epochs.map { epoch in (epoch, 103 + 55 * exp(-epoch / 4.5)) }
        return LinePlot(
                series: [.init(name: "train", points: train), .init(name: "test", points: test, dashed: true)],
                xLabel: "epoch", yLabel: "loss per image (nats)", title: "Loss per epoch"
            )
    }

    static func lossCurvesLog(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        LinePlot(
                series: [.init(name: "KL term", points: (1...30).map { (Double($0), 30 * pow(0.8, Double($0)) + 0.05) })],
                xLabel: "epoch", yLabel: "nats", logY: true, title: "A logarithmic y-axis"
            )
    }

    static func latentScatter(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        ScatterPlot(
                points: syntheticClusters(), classNames: (0...9).map(String.init), xLabel: "z₁", yLabel: "z₂",
                title: "Test digits in a 2-D latent space", caption: "Each dot is one test image's mean code, coloured by its label."
            )
    }

    static func manifold(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        ManifoldGrid(
                images: (0..<12).map { row in (0..<12).map { column in
                    SyntheticDigits.blend(digits[row % 10], digits[column % 10], Float(column) / 11)
                } },
                xValues: quantiles(12), yValues: quantiles(12).reversed(), cellSize: 34,
                title: "Decoder outputs over a grid of latent values",
                caption: "Axes: latent values at Gaussian quantiles, so each cell covers equal probability."
            )
    }

    static func interpolation(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        InterpolationStrip(
                images: (0...9).map { SyntheticDigits.blend(digits[3], digits[8], Float($0) / 9) },
                startLabel: "3", endLabel: "8", title: "Walking from a 3 to an 8"
            )
    }

    static func patchStrip(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        PatchStrip(
                panels: [1, 7, 14, 21, 28, 35, 42, 49].map { (digits[7], $0) },
                title: "One patch at a time", caption: "Patches are generated in raster order; the orange square is the newest."
            )
    }

    static func tokenGrid(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        let tokens = (0..<49).map { ($0 * 29 + 7) % 64 }
        return TokenGrid(examples: [(digits[7], tokens, blurred[7]), (digits[2], tokens.reversed(), blurred[2])],
                         title: "An image as 49 tokens", caption: "Each 4×4-pixel patch is replaced by the index of its nearest codebook entry.")
    }

    static func codebookUsage(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        let uses: [Double] = (0..<64).map { (entry: Int) -> Double in entry % 9 == 0 ? 0 : Double(entry * 37 % 64) }
        return BarChart(
                values: uses, labels: (0..<64).map(String.init),
                xLabel: "codebook entry", yLabel: "uses per 1,000 tokens", title: "Codebook usage"
            )
    }

    static func perClassError(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        HeatMap(
                values: [(0..<10).map { (digit: Int) -> Double in 0.01 + Double(digit) * 0.002 },
                         (0..<10).map { (digit: Int) -> Double in 0.02 + Double(9 - digit) * 0.001 }],
                rowLabels: ["auto-encoder", "VAE"], columnLabels: (0...9).map(String.init),
                rowTitle: "", columnTitle: "digit", title: "Reconstruction error per class"
            )
    }
    static func attention(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        let length = 49
        let weights: [[Double]] = (0..<length).map { (i: Int) -> [Double] in
            (0..<length).map { (j: Int) -> Double in j > i ? 0 : (j == 0 || j == i - 1 || j == i - 7 ? 1 : 0.1) / Double(i + 1) }
        }
        let labels = (0..<length).map { $0 % 7 == 0 ? "\($0)" : "" }
        return HeatMap(values: weights, rowLabels: labels, columnLabels: labels, rowTitle: "position i", columnTitle: "attends to position j",
                       showValues: false, cellSize: 9, title: "Attention weights (no printed values)")
    }

    static func codeStrips(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        let categories = (0..<20).map { (dimension: Int) -> StripPlot.Category in
            let center = Double(dimension % 7) - 3, spread = 0.5 + Double(dimension % 4)
            let values = (0..<120).map { (k: Int) -> Double in center + spread * sin(Double(k * (dimension + 3)) * 1.7) }
            return StripPlot.Category(label: "\(dimension + 1)", values: values, mean: center, deviation: spread * 0.7)
        }
        return StripPlot(categories: categories, reference: .init(center: 0, halfWidth: 1, name: "N(0, 1): 0 ± 1"),
                         valuesName: "120 codes", xLabel: "code dimension", yLabel: "value", title: "Values per code dimension")
    }

    static func codesAndDraws(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        let draws: [(x: Double, y: Double, label: Int)] = (0..<150).map { (k: Int) -> (x: Double, y: Double, label: Int) in
            let angle = Double(k)
            return (x: 1.2 * sin(angle * 2.1), y: 1.2 * cos(angle * 3.7), label: 10)
        }
        return ScatterPlot(points: syntheticClusters() + draws, classNames: (0...9).map(String.init) + ["N(0, I) draw"],
                           xLabel: "first principal direction", yLabel: "second principal direction", title: "Codes and random draws")
    }

    static func transformerBlock(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        TransformerBlockDiagram(width: 64, heads: 4, hidden: 256, sequence: 49, title: "One transformer block")
    }

    static func tokenSequence(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        let words = ["<caption>", "a", "seven", ",", "thin", "and", "upright", "</caption>"]
        let tokens: [(text: String, kind: TokenSequence.Kind)] = words.map { ($0, $0.hasPrefix("<") ? .marker : .word) }
            + (0..<49).map { ("\(($0 * 29 + 7) % 64)", .imageCode) }
        return TokenSequence(sequences: [("caption, then image", tokens)], title: "A training sequence")
    }

    static func captionedImages(_ digits: [[Float]], _ blurred: [[Float]]) -> any Figure {
        CaptionedImages(items: (0..<6).map { index in
            (digits[index], ["a", "\(index)", "thick", "and", "slanted"].map { (text: $0, wrong: $0 == "thick" && index % 2 == 0) })
        }, columns: 6, title: "Captions written for images")
    }

    /// Ten Gaussian blobs on a circle, 60 points each (deterministic).
    static func syntheticClusters() -> [(x: Double, y: Double, label: Int)] {
        (0..<600).map { index in
            let label = index % 10, k = Double(index / 10)
            let angle = Double(label) / 10 * 2 * .pi
            return (2 * cos(angle) + 0.45 * sin(k * 12.9898), 2 * sin(angle) + 0.45 * cos(k * 78.233), label)
        }
    }

    /// `count` evenly spaced quantiles of N(0, 1), as a decoder-manifold axis uses.
    static func quantiles(_ count: Int) -> [Double] {
        (0..<count).map { standardNormalQuantile((Double($0) + 0.5) / Double(count)) }
    }

    static func blur(_ image: [Float]) -> [Float] {
        (0..<784).map { index in
            let row = index / 28, column = index % 28
            var total: Float = 0, count: Float = 0
            for dr in -1...1 { for dc in -1...1 where (0..<28).contains(row + dr) && (0..<28).contains(column + dc) {
                total += image[(row + dr) * 28 + column + dc]
                count += 1
            } }
            return total / count
        }
    }

    static func meanSquaredDifference(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } / Double(a.count)
    }
}
