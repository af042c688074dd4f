/// The lines two texts share and where they differ, for a page that shows what changed from one
/// chapter's model to the next (`//: @compare old new`).
///
/// A longest common subsequence of lines (dynamic programming over the two files, fine for the
/// few hundred lines a model file has): lines in both are kept, the rest are removals from the
/// old text or additions in the new one, each removal listed before the additions that replace it.
public enum LineDiff {
    public enum Line: Equatable, Sendable {
        case kept(String)
        case removed(String)
        case added(String)
    }

    public static func lines(from old: String, to new: String) -> [Line] {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // common[i][j]: length of the longest common subsequence of a[i...] and b[j...].
        var common = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var result: [Line] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                result.append(.kept(a[i]))
                i += 1
                j += 1
            } else if i < a.count, j == b.count || common[i + 1][j] >= common[i][j + 1] {
                result.append(.removed(a[i]))
                i += 1
            } else {
                result.append(.added(b[j]))
                j += 1
            }
        }
        return result
    }
}
