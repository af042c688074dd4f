import Foundation
import RunFormat

/// Checked claims: a sentence the prose states once (`{{claim.NAME: The sentence.}}`) tied to the
/// measurement that makes it true. The page marks the sentence as checked in this run and shows
/// the evidence; when the condition is false the sentence is struck through beside its numbers,
/// the build names it, and `latent build --strict` fails at this call's line. A chapter never
/// writes both branches of a verdict: the run decides which way the page reads.
extension Chapter {
    /// Records claim `name` as held when `condition` is true, with `evidence`: what was compared,
    /// with its numbers, as a reader checks it ("6.74 > 5.73 squared error per image"). Returns
    /// `condition`, so code can go on from the verdict. Checking a name twice keeps the last check.
    @discardableResult
    public func claim(_ name: String, _ condition: Bool, evidence: String, line: Int = #line) -> Bool {
        var claims = record.claims ?? []
        claims.removeAll { $0.name == name }
        claims.append(RunRecord.Claim(name: name, held: condition, evidence: evidence, line: line))
        record.claims = claims
        if !condition {
            FileHandle.standardError.write(Data("\(sourceFile):\(line): warning: claim '\(name)' did not hold: \(evidence)\n".utf8))
        }
        return condition
    }
}
