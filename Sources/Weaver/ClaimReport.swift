import Foundation
import RunFormat

extension SiteBuilder {
    /// One claim a chapter's last run found false, where its check stands in the chapter's source.
    public struct FailedClaim: CustomStringConvertible, Sendable {
        public let file: String
        public let line: Int
        public let name: String
        public let evidence: String

        public var description: String { line(severity: "warning") }

        /// The claim as a compiler reports a problem, so an editor can jump to the check.
        public func line(severity: String) -> String { "\(file):\(line): \(severity): claim '\(name)' did not hold: \(evidence)" }
    }

    /// Every claim that did not hold in the chapters' last runs, chapter by chapter: what the build
    /// names after weaving (the pages show them struck through) and what `--strict` stops on.
    public func failedClaims() throws -> [FailedClaim] {
        try catalog.chapters.flatMap { entry -> [FailedClaim] in
            let path = "\(runFolder(entry.slug))/run.json"
            guard FileManager.default.fileExists(atPath: path) else { return [] }
            return (try RunRecord.read(from: path).claims ?? []).filter { !$0.held }.map {
                FailedClaim(file: "\(entry.directory)/main.swift", line: $0.line, name: $0.name, evidence: $0.evidence)
            }
        }
    }
}
