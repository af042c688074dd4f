/// Folded code: `//: @fold One-line summary` … `//: @end` puts the cells between into a closed
/// `<details>` whose summary is that line, so bookkeeping (registering metrics, formatting
/// sentences, plot settings, exports) waits behind one sentence while the lesson's code stays open.
extension ChapterSource {
    /// The first mistake in the chapter's folds, as an error at its line of `file`: a fold inside a
    /// fold, an `@end` that closes nothing, a fold never closed, or a fold without a summary.
    public func checkFolds(file: String) throws {
        if let mistake = foldMistakes(file: file).first { throw mistake }
    }

    /// Every mistake in the chapter's folds, in source order.
    public func foldMistakes(file: String) -> [AuthorMistake] {
        var mistakes: [AuthorMistake] = []
        var open: Int?
        for cell in cells {
            switch cell {
            case let .foldStart(summary, lines):
                if summary.isEmpty {
                    mistakes.append(AuthorMistake(file: file, line: lines.lowerBound,
                                                  message: "`//: @fold` needs a one-line summary a reader reads instead of the code"))
                }
                if let outer = open {
                    mistakes.append(AuthorMistake(file: file, line: lines.lowerBound,
                                                  message: "a fold cannot open inside another: the fold at line \(outer) is not closed by `//: @end`"))
                }
                open = lines.lowerBound
            case let .foldEnd(lines):
                if open == nil {
                    mistakes.append(AuthorMistake(file: file, line: lines.lowerBound, message: "`//: @end` closes no `//: @fold`"))
                }
                open = nil
            default:
                break
            }
        }
        if let line = open {
            mistakes.append(AuthorMistake(file: file, line: line, message: "`//: @fold` is not closed by `//: @end`"))
        }
        return mistakes.sorted { $0.line < $1.line }
    }
}
