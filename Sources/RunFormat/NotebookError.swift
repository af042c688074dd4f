/// What can go wrong while running a chapter or weaving the site, each a message to act on.
public enum NotebookError: Error, CustomStringConvertible, Equatable {
    case usage(String)
    case missingFile(path: String)
    case cannotWrite(path: String, reason: String)
    case corruptRunRecord(path: String, reason: String)
    case missingCheckpoint(chapter: String, model: String)
    case unusableCheckpoint(path: String, reason: String, chapter: String)
    case unknownTrainingMetric(model: String, name: String, known: [String])
    case missingRunRecord(chapter: String, wantedBy: String)
    case unknownMetric(chapter: String, name: String, known: [String])
    case unknownPlaceholder(chapter: String, name: String, known: [String], location: String? = nil)
    case unknownChapter(slug: String, known: [String])
    case chapterFailed(slug: String, status: Int32, lastLines: String)
    case buildFailed(String)

    public var description: String {
        switch self {
        case let .usage(message): return message
        case let .missingFile(path): return "\(path): file not found"
        case let .cannotWrite(path, reason): return "\(path): cannot write (\(reason))"
        case let .corruptRunRecord(path, reason): return "\(path): run record is unreadable (\(reason)); rerun the chapter"
        case let .missingCheckpoint(chapter, model):
            return "no checkpoint for '\(model)' of chapter '\(chapter)' matches the current code and data; train it with `latent chapter \(chapter)`"
        case let .unusableCheckpoint(path, reason, chapter):
            return "\(path): checkpoint unusable (\(reason)); redrawing figures never trains, so retrain with `latent chapter \(chapter) --retrain`"
        case let .unknownTrainingMetric(model, name, known):
            return "training '\(model)' reported no metric '\(name)'; it reported: \(known.joined(separator: ", "))"
        case let .missingRunRecord(chapter, wantedBy):
            return "chapter '\(wantedBy)' compares with chapter '\(chapter)', which has no run record yet; run it first: latent chapter \(chapter)"
        case let .unknownMetric(chapter, name, known):
            return "chapter '\(chapter)' recorded no metric '\(name)'; it recorded: \(known.joined(separator: ", "))"
        case let .unknownPlaceholder(chapter, name, known, location):
            return "\(location.map { "\($0): " } ?? "")chapter '\(chapter)': prose cites {{\(name)}}, which its run record does not have; known: \(known.sorted().joined(separator: ", "))"
        case let .unknownChapter(slug, known):
            return "unknown chapter '\(slug)'; chapters: \(known.joined(separator: ", "))"
        case let .chapterFailed(slug, status, lastLines):
            return "chapter '\(slug)' failed (exit status \(status)); the previous site is untouched. Its last output:\n\(lastLines)"
        case let .buildFailed(message): return message
        }
    }
}
