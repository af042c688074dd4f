/// Two sequences aligned by a longest common subsequence (dynamic programming, fine for the few
/// hundred lines, words or paragraphs compared here): every element is kept in both, only in the old
/// sequence, or only in the new one. A page's `@compare` diff and the change report's word and
/// paragraph changes are all read off one alignment.
public enum Alignment {
    public enum Step: Equatable, Sendable {
        /// `old[i]` equals `new[j]`.
        case both(Int, Int)
        /// `old[i]` is not in the new sequence.
        case old(Int)
        /// `new[j]` is not in the old sequence.
        case new(Int)
    }

    /// Where two alignments are equally long, which side's element is taken first: a removal
    /// listed before the addition that replaces it, or the addition before.
    public enum Tie: Sendable {
        case removalFirst, additionFirst
    }

    public static func steps<Element: Equatable>(_ old: [Element], _ new: [Element], tie: Tie) -> [Step] {
        let n = old.count, m = new.count
        // common[i][j]: length of the longest common subsequence of old[i...] and new[j...].
        var common = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                common[i][j] = old[i] == new[j] ? common[i + 1][j + 1] + 1 : max(common[i + 1][j], common[i][j + 1])
            }
        }
        var steps: [Step] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                steps.append(.both(i, j))
                i += 1
                j += 1
                continue
            }
            let takeOld: Bool
            switch tie {
            case .removalFirst: takeOld = i < n && (j == m || common[i + 1][j] >= common[i][j + 1])
            case .additionFirst: takeOld = !(j < m && (i == n || common[i][j + 1] >= common[i + 1][j]))
            }
            if takeOld {
                steps.append(.old(i))
                i += 1
            } else {
                steps.append(.new(j))
                j += 1
            }
        }
        return steps
    }
}
