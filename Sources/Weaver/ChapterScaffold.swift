import Foundation
import Integrity
import RunFormat

/// `latent new`: a new chapter in one step, as `cargo new` makes a crate — the next number's
/// folder with a short article that already runs (prose, a model, a train-or-restore loop, one
/// figure, one cited metric), its entry in the catalog and its target in `Package.swift`.
public struct ChapterScaffold {
    public let slug: String
    public let title: String
    /// The project root (holding `Package.swift` and the catalog).
    public let root: String
    public let catalogPath: String

    public init(slug: String, title: String, root: String, catalogPath: String) {
        self.slug = slug
        self.title = title
        self.root = root
        self.catalogPath = catalogPath
    }

    /// What can be wrong with the request, before anything is written.
    public enum Problem: Error, CustomStringConvertible, Equatable {
        case invalidSlug(String)
        case takenSlug(String)
        case emptyTitle
        case packageWithoutChapters(String)

        public var description: String {
            switch self {
            case let .invalidSlug(slug):
                return "'\(slug)' is not a chapter name: use lowercase letters, digits and single hyphens, starting with a letter (e.g. beta-vae)"
            case let .takenSlug(slug): return "a chapter called '\(slug)' exists already (see `latent list`)"
            case .emptyTitle: return "--title needs the chapter's title, e.g. --title \"A β-VAE\""
            case let .packageWithoutChapters(path): return "\(path): found no `chapter(\"…\", \"chapters/…\")` line to add the new target after"
            }
        }
    }

    /// Whether `slug` can name a chapter: it becomes a folder, a URL and a Swift target name.
    public static func isValid(_ slug: String) -> Bool {
        guard let first = slug.first, first.isASCII, first.isLowercase, !slug.hasSuffix("-"), !slug.contains("--") else { return false }
        return slug.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// `beta-vae` → `BetaVaeChapter`: the executable's name.
    public var executable: String {
        slug.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Chapter"
    }

    /// Writes the chapter, its catalog entry and its target; returns the chapter's folder
    /// (relative to the root). Nothing is written if the request is invalid.
    public func create() throws -> String {
        guard Self.isValid(slug) else { throw Problem.invalidSlug(slug) }
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else { throw Problem.emptyTitle }
        let catalog = try Catalog.read(from: catalogPath)
        guard !catalog.chapters.contains(where: { $0.slug == slug || $0.executable == executable }) else { throw Problem.takenSlug(slug) }
        let packagePath = (root as NSString).appendingPathComponent("Package.swift")
        guard let package = try? String(contentsOfFile: packagePath, encoding: .utf8) else { throw NotebookError.missingFile(path: packagePath) }
        var lines = package.components(separatedBy: "\n")
        guard let last = lines.lastIndex(where: { $0.trimmingCharacters(in: .whitespaces).hasPrefix("chapter(\"") }) else {
            throw Problem.packageWithoutChapters(packagePath)
        }
        let folder = String(format: "chapters/%02d-%@", catalog.chapters.count + 1, slug)
        let indent = String(lines[last].prefix { $0 == " " })
        lines.insert("\(indent)chapter(\"\(executable)\", \"\(folder)\"),", at: last + 1)

        let entry = Catalog.Entry(slug: slug, directory: folder, executable: executable, thumbnail: "loss")
        // Edited, not re-encoded: the catalog's diff is the new entry only.
        let catalogText = try CatalogText.appending(entry, to: try String(contentsOfFile: catalogPath, encoding: .utf8), path: catalogPath)
        let directory = (root as NSString).appendingPathComponent(folder)
        guard !FileManager.default.fileExists(atPath: directory) else { throw Problem.takenSlug(slug) }
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw NotebookError.cannotWrite(path: directory, reason: error.localizedDescription)
        }
        try writeAtomically(Data(article.utf8), to: (directory as NSString).appendingPathComponent("main.swift"))
        try writeAtomically(Data(catalogText.utf8), to: catalogPath)
        try writeAtomically(Data(lines.joined(separator: "\n").utf8), to: packagePath)
        return folder
    }

    /// The new chapter's `main.swift`: an article skeleton that trains a small auto-encoder for
    /// two epochs (seconds), draws its loss and cites its test loss.
    var article: String {
        """
        //: # \(title)
        //:
        //: One sentence that says what this chapter shows: it is the summary in the table of contents.
        //:
        //: Prose goes in `//:` lines (Markdown, with `$…$` math) between the code it explains. This
        //: skeleton trains a small auto-encoder so that the page has a model, a training loop, a figure
        //: and a number; replace them with your chapter's own.
        import Figures
        import Learning
        import Notebook

        let chapter = Chapter(slug: "\(slug)")
        let train = chapter.train
        let test = chapter.test
        let pixels = train.imageSide * train.imageSide
        //: ## The model
        //:
        //: Two linear layers squeeze each image through 32 numbers and back; a sigmoid keeps every
        //: pixel between 0 and 1.
        struct SmallAutoencoder: Layer {
            let encoder: Linear
            let decoder: Linear
            func callAsFunction(_ x: Tensor) -> Tensor { sigmoid(decoder(relu(encoder(x)))) }
        }
        var initialWeights = chapter.random("weights")
        let model = SmallAutoencoder(encoder: Linear(pixels, 32, using: &initialWeights), decoder: Linear(32, pixels, using: &initialWeights))
        let optimizer = Adam(parameters: model.namedParameters, learningRate: 1e-3)
        //: ## Training
        //:
        //: Forward, loss, backward, update: the checkpoint is reused as long as this code is unchanged.
        func testLoss() -> Double {
            var total: Double = 0
            for batch in test.batches(size: 1000) {
                let x = Tensor(images: test, indices: batch)
                total += Double(meanSquaredError(model(x), x).item) * Double(batch.count)
            }
            return total / Double(test.count)
        }
        let history = chapter.trainOrRestore("small-autoencoder", model: model, optimizer: optimizer, epochs: chapter.epochs(2)) { progress in
            var batchOrder = chapter.random("batches")
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
            }
        }
        chapter.figure("loss", caption: "Mean squared error per pixel after each epoch.") {
            LinePlot(
                series: [.init(name: "train", points: history.series("train_loss")), .init(name: "test", points: history.series("test_loss"), dashed: true)],
                xLabel: "epoch", yLabel: "mean squared error per pixel"
            )
        }
        chapter.metric("test_loss", history.final("test_loss"), format: "%.4f")
        //: After training, the test images come back with a mean squared error of {{metric.test_loss}} per pixel.
        chapter.finish()

        """
    }
}
