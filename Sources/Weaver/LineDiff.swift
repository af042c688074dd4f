import RunFormat

/// The lines two texts share and where they differ, for a page that shows what changed from one
/// chapter's model to the next (`//: @compare old new`).
///
/// A longest common subsequence of lines (`Alignment`): lines in both are kept, the rest are
/// removals from the old text or additions in the new one, each removal listed before the additions
/// that replace it.
public enum LineDiff {
    public enum Line: Equatable, Sendable {
        case kept(String)
        case removed(String)
        case added(String)
    }

    public static func lines(from old: String, to new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return Alignment.steps(a, b, tie: .removalFirst).map { step in
            switch step {
            case let .both(i, _): return .kept(a[i])
            case let .old(i): return .removed(a[i])
            case let .new(j): return .added(b[j])
            }
        }
    }
}
