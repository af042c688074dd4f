import Foundation

/// The chapters of the site, in reading order (`chapters/catalog.json`).
public struct Catalog: Codable, Sendable {
    public struct Entry: Codable, Sendable, Equatable {
        /// Short name in URLs and on the command line (`vae`).
        public let slug: String
        /// Folder holding the chapter's `main.swift`, relative to the project root.
        public let directory: String
        /// The executable product that runs it.
        public let executable: String
        /// Figure used as the chapter's picture in the table of contents.
        public let thumbnail: String?

        public init(slug: String, directory: String, executable: String, thumbnail: String?) {
            self.slug = slug
            self.directory = directory
            self.executable = executable
            self.thumbnail = thumbnail
        }
    }

    public let chapters: [Entry]

    public init(chapters: [Entry]) {
        self.chapters = chapters
    }

    public static func read(from path: String) throws -> Catalog {
        guard let data = FileManager.default.contents(atPath: path) else { throw NotebookError.missingFile(path: path) }
        do { return try JSONDecoder().decode(Catalog.self, from: data) } catch {
            throw NotebookError.buildFailed("\(path): not a valid chapter catalog (\(error))")
        }
    }

    /// The chapter called `slug`, or a usage error listing the valid ones.
    public func entry(_ slug: String) throws -> Entry {
        guard let entry = chapters.first(where: { $0.slug == slug }) else {
            throw NotebookError.unknownChapter(slug: slug, known: chapters.map(\.slug))
        }
        return entry
    }
}
