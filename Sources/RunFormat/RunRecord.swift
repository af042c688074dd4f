import Foundation
import Integrity

/// What one run of a chapter produced and depended on: `output/<slug>/run.json`. It is the single
/// source of the numbers on a page; prose cites it with `{{metric.name}}` placeholders.
public struct RunRecord: Codable, Sendable {
    public struct DatasetInfo: Codable, Sendable {
        public var name: String
        public var title: String
        public var sha256: String

        public init(name: String, title: String, sha256: String) {
            self.name = name
            self.title = title
            self.sha256 = sha256
        }
    }

    /// One model's training: loaded from a checkpoint or trained in this run.
    public struct Training: Codable, Sendable {
        public var name: String
        public var cacheKey: String
        public var loadedFromCheckpoint: Bool
        /// Seconds spent training (when it was trained, in whichever run did it).
        public var trainingSeconds: Double
        /// Per-epoch metrics, e.g. ["epoch": 3, "train_loss": 112.4, "test_loss": 110.9].
        public var epochs: [[String: Double]]
        public var line: Int
        /// What the key was made of (`DependencyAnalysis`): code, library files, settings, data…
        /// (nil in records written before exact keys).
        public var dependencies: [String: String]?
        /// For a model trained in a library and shared by chapters: the library file (nil otherwise).
        public var sharedFile: String?
        /// The count the code wrote as `chapter.epochs(n)`, which `--epochs` replaces (nil when the
        /// call gave a count of its own): what a dry run predicts the epochs from.
        public var epochsAsWritten: Int?

        public init(name: String, cacheKey: String, loadedFromCheckpoint: Bool, trainingSeconds: Double, epochs: [[String: Double]], line: Int,
                    dependencies: [String: String]? = nil, sharedFile: String? = nil) {
            self.name = name
            self.cacheKey = cacheKey
            self.loadedFromCheckpoint = loadedFromCheckpoint
            self.trainingSeconds = trainingSeconds
            self.epochs = epochs
            self.line = line
            self.dependencies = dependencies
            self.sharedFile = sharedFile
        }
    }

    /// One kept result (`evaluateOrRestore`): computed in this run, or restored from the store.
    public struct Evaluation: Codable, Sendable {
        public var name: String
        public var cacheKey: String
        public var restored: Bool
        /// Seconds the computation took (in whichever run did it).
        public var seconds: Double
        public var line: Int

        public init(name: String, cacheKey: String, restored: Bool, seconds: Double, line: Int) {
            self.name = name
            self.cacheKey = cacheKey
            self.restored = restored
            self.seconds = seconds
            self.line = line
        }
    }

    public struct Metric: Codable, Sendable {
        public var name: String
        public var value: Double
        /// How the page shows it (formatted once, here, so prose and tables agree).
        public var display: String
        public var line: Int
        /// Whether the page shows it as "name = value" under the code that computed it (nil: only
        /// where prose cites it or a table holds it, so a number is not printed twice).
        public var shown: Bool?

        public init(name: String, value: Double, display: String, line: Int, shown: Bool? = nil) {
            self.name = name
            self.value = value
            self.display = display
            self.line = line
            self.shown = shown
        }
    }

    public struct FigureOutput: Codable, Sendable {
        public var name: String
        public var caption: String
        public var line: Int
        public var png: String
        public var svg: String
        public var width: Double
        public var height: Double
        /// The smallest text drawn, in CSS pixels: how far a page may shrink the figure before a
        /// label becomes illegible (nil for a figure without text, and in older records).
        public var smallestText: Double?
        /// The same figure laid out again for narrow screens (nil when it needs no second layout,
        /// cannot reflow, or the record predates narrow variants). Its dark twin is named as the
        /// wide figure's is: `-dark` before the extension.
        public var narrow: Variant?
        /// What the figure draws, in words from its own data (its type's `dataDescription`): the
        /// image's alternative text. Nil for a figure type that cannot describe itself, and in older
        /// records; the page then uses the caption.
        public var description: String?

        /// One drawing of a figure: its files and the size a page shows it at.
        public struct Variant: Codable, Sendable, Equatable {
            public var png: String
            public var svg: String
            public var width: Double
            public var height: Double
            public var smallestText: Double?

            public init(png: String, svg: String, width: Double, height: Double, smallestText: Double?) {
                self.png = png
                self.svg = svg
                self.width = width
                self.height = height
                self.smallestText = smallestText
            }
        }

        public init(name: String, caption: String, line: Int, png: String, svg: String, width: Double, height: Double,
                    smallestText: Double? = nil, narrow: Variant? = nil, description: String? = nil) {
            self.name = name
            self.description = description
            self.caption = caption
            self.line = line
            self.png = png
            self.svg = svg
            self.width = width
            self.height = height
            self.smallestText = smallestText
            self.narrow = narrow
        }
    }

    /// An interactive figure: a page script and the data file the run wrote for it.
    public struct LiveFigure: Codable, Sendable {
        public var name: String
        public var caption: String
        public var line: Int
        /// File names in the run folder: the script as it ran, the scripts it uses (loaded before
        /// it; nil when none), and its data.
        public var script: String
        public var uses: [String]?
        public var data: String
        /// SHA-256 of the data file, and of the model weights in it (see `PageData.digest`).
        public var dataSHA256: String
        public var weightsSHA256: String
        /// The static figure (by name) that shows this one to readers without scripts: the page
        /// draws the two as one figure (nil when the live figure has none).
        public var fallback: String?

        public init(name: String, caption: String, line: Int, script: String, uses: [String]? = nil, data: String, dataSHA256: String, weightsSHA256: String,
                    fallback: String? = nil) {
            self.fallback = fallback
            self.name = name
            self.caption = caption
            self.line = line
            self.script = script
            self.uses = uses
            self.data = data
            self.dataSHA256 = dataSHA256
            self.weightsSHA256 = weightsSHA256
        }
    }

    public struct Table: Codable, Sendable {
        public var title: String
        public var columns: [String]
        public var rows: [[String]]
        public var line: Int

        public init(title: String, columns: [String], rows: [[String]], line: Int) {
            self.title = title
            self.columns = columns
            self.rows = rows
            self.line = line
        }
    }

    public struct Note: Codable, Sendable {
        public var text: String
        public var line: Int

        public init(text: String, line: Int) {
            self.text = text
            self.line = line
        }
    }

    /// A sentence of the prose checked against this run (`chapter.claim`): whether it held, and
    /// the numbers that decided it, for the page's mark and the build's report.
    public struct Claim: Codable, Sendable, Equatable {
        public var name: String
        public var held: Bool
        /// What was compared, with its numbers, e.g. "6.74 > 5.73 squared error per image".
        public var evidence: String
        public var line: Int

        public init(name: String, held: Bool, evidence: String, line: Int) {
            self.name = name
            self.held = held
            self.evidence = evidence
            self.line = line
        }
    }

    public var chapter: String
    public var seed: UInt64
    public var threads: Int
    public var dataset: DatasetInfo
    public var sourceSHA256: String
    public var trainings: [Training] = []
    /// Slow measurements kept across runs (nil in records written before they existed).
    public var evaluations: [Evaluation]?
    public var metrics: [Metric] = []
    public var figures: [FigureOutput] = []
    /// Interactive figures (nil in records written before they existed).
    public var liveFigures: [LiveFigure]?
    public var tables: [Table] = []
    public var notes: [Note] = []
    /// The prose's checked claims, in the order checked (nil in records written before claims).
    public var claims: [Claim]?
    /// Sentences the chapter computed from its numbers, citable as `{{text.name}}`.
    public var texts: [String: String] = [:]
    public var wallSeconds: Double = 0
    /// The chapter program's peak resident memory in megabytes (nil in older records).
    public var peakMemoryMB: Double?
    public var versions: [String: String] = [:]
    /// Whether this run only redrew figures from checkpoints (`latent figures`).
    public var figuresOnly = false
    /// The earlier chapters whose results this run read (`results(of:)`), each with a hash of the
    /// metrics it read: a change there reruns this chapter, a change elsewhere does not.
    public var resultsRead: [String: String]?
    /// Every file the run wrote beside `run.json`, with its SHA-256: a build treats a missing or
    /// altered one as stale and makes it again, as `make` remakes a deleted target.
    public var outputs: [String: String]?

    public init(chapter: String, seed: UInt64, threads: Int, dataset: DatasetInfo, sourceSHA256: String) {
        self.chapter = chapter
        self.seed = seed
        self.threads = threads
        self.dataset = dataset
        self.sourceSHA256 = sourceSHA256
    }

    public static func read(from path: String) throws -> RunRecord {
        guard let data = FileManager.default.contents(atPath: path) else { throw NotebookError.missingFile(path: path) }
        do { return try JSONDecoder().decode(RunRecord.self, from: data) } catch {
            throw NotebookError.corruptRunRecord(path: path, reason: "\(error)")
        }
    }

    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try encoder.encode(self), to: path)
    }

    /// One hash of the metrics as a later chapter reads them (names and displays).
    public var metricsDigest: String {
        SHA256.hexDigest(of: metrics.map { "\($0.name)=\($0.display)\n" }.joined())
    }
}
