import Foundation

/// What one build (`latent build`, `chapter`, `figures`) changed, chapter by chapter: the answer to
/// "what did my edit do" that an author otherwise finds only by comparing pages with memory.
/// Kept as `.changes/report.json` in the site folder so `latent changes` can print it again and
/// `changes.html` can show it.
public struct ChangeReport: Codable, Sendable, Equatable {
    /// The command that built, e.g. "build" or "chapter vae".
    public var command: String
    /// When the build finished (ISO 8601, UTC).
    public var finished: String
    public var chapters: [ChapterChanges]

    public init(command: String, finished: String, chapters: [ChapterChanges]) {
        self.command = command
        self.finished = finished
        self.chapters = chapters
    }

    /// Whether the build changed nothing a reader or author could see: no chapter ran and no page reads differently.
    public var isEmpty: Bool { chapters.allSatisfy(\.isEmpty) }

    /// Only the named chapter's part (nil: every chapter).
    public func only(_ slug: String?) -> ChangeReport {
        guard let slug else { return self }
        return ChangeReport(command: command, finished: finished, chapters: chapters.filter { $0.slug == slug })
    }
}

/// One chapter's changes in a build.
public struct ChapterChanges: Codable, Sendable, Equatable {
    public var slug: String
    /// Why the chapter's program ran: the components of its inputs that changed since its last run
    /// (empty when it ran on request with nothing changed); nil when it did not run.
    public var ranBecause: [String]?
    public var trainings: [TrainingChange] = []
    public var metrics: [MetricChange] = []
    public var cells: [CellChange] = []
    public var figures: [FigureChange] = []
    public var claims: [ClaimChange] = []
    public var paragraphs: [ParagraphChange] = []

    public init(slug: String) { self.slug = slug }

    /// Whether nothing ran and nothing on the page changed.
    public var isEmpty: Bool {
        ranBecause == nil && trainings.isEmpty && outputsUnchanged
    }

    /// Whether the run left every number, cell, figure, claim and paragraph as it was.
    public var outputsUnchanged: Bool {
        metrics.isEmpty && cells.isEmpty && figures.isEmpty && claims.isEmpty && paragraphs.isEmpty
    }
}

/// A model the run trained or restored from a checkpoint, and why.
public struct TrainingChange: Codable, Sendable, Equatable {
    public var model: String
    public var retrained: Bool
    /// The components of the model's key that differ from its previous run's (empty: none did).
    public var reasons: [String]

    public init(model: String, retrained: Bool, reasons: [String]) {
        self.model = model
        self.retrained = retrained
        self.reasons = reasons
    }
}

/// A metric whose value moved; `old` or `new` is nil when the metric appeared or went away.
public struct MetricChange: Codable, Sendable, Equatable {
    public var name: String
    public var old: String?
    public var new: String?

    public init(name: String, old: String?, new: String?) {
        self.name = name
        self.old = old
        self.new = new
    }
}

/// One table cell whose text changed (nil: the row or column was added or removed).
public struct CellChange: Codable, Sendable, Equatable {
    public var table: String
    /// The row's first cell, which names it in every chapter's tables.
    public var row: String
    public var column: String
    public var old: String?
    public var new: String?

    public init(table: String, row: String, column: String, old: String?, new: String?) {
        self.table = table
        self.row = row
        self.column = column
        self.old = old
        self.new = new
    }
}

/// A figure whose pixels or caption changed. Its pictures are kept by content in
/// `.changes/figures/` (file names are SHA-256 digests), so the report can show them after the
/// site has moved on.
public struct FigureChange: Codable, Sendable, Equatable {
    public var name: String
    /// The share of pixels that differ, 0…1 (1 when the size changed; 0 when only the caption did).
    public var pixelShare: Double
    /// "610×283 → 610×300" when the size changed.
    public var sizeChange: String?
    public var oldCaption: String?
    public var newCaption: String?
    /// Kept pictures: before, after, and the difference image (nil when there is no such picture,
    /// e.g. no "before" for a new figure).
    public var before: String?
    public var after: String?
    public var difference: String?

    public init(name: String, pixelShare: Double, sizeChange: String? = nil, oldCaption: String? = nil, newCaption: String? = nil,
                before: String? = nil, after: String? = nil, difference: String? = nil) {
        self.name = name
        self.pixelShare = pixelShare
        self.sizeChange = sizeChange
        self.oldCaption = oldCaption
        self.newCaption = newCaption
        self.before = before
        self.after = after
        self.difference = difference
    }
}

/// A checked claim whose verdict changed (nil: the claim was not checked in that run).
public struct ClaimChange: Codable, Sendable, Equatable {
    public var name: String
    public var held: Bool?
    public var heldBefore: Bool?
    public var evidence: String?

    public init(name: String, heldBefore: Bool?, held: Bool?, evidence: String?) {
        self.name = name
        self.heldBefore = heldBefore
        self.held = held
        self.evidence = evidence
    }
}

/// A paragraph of the woven page whose text changed (nil: added or removed), with its place
/// (1-based) among the page's paragraphs.
public struct ParagraphChange: Codable, Sendable, Equatable {
    public var index: Int
    public var old: String?
    public var new: String?

    public init(index: Int, old: String?, new: String?) {
        self.index = index
        self.old = old
        self.new = new
    }
}
