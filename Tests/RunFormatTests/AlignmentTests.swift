import RunFormat
import XCTest

/// One longest-common-subsequence alignment serves the `@compare` diff and the change report.
final class AlignmentTests: XCTestCase {
    func testCommonElementsAreKeptAndTheTieDecidesWhichSideComesFirst() {
        let old = ["a", "b", "c"], new = ["a", "x", "c"]
        XCTAssertEqual(Alignment.steps(old, new, tie: .removalFirst), [.both(0, 0), .old(1), .new(1), .both(2, 2)])
        XCTAssertEqual(Alignment.steps(old, new, tie: .additionFirst), [.both(0, 0), .new(1), .old(1), .both(2, 2)])
        XCTAssertEqual(Alignment.steps([String](), ["z"], tie: .removalFirst), [.new(0)])
        XCTAssertEqual(Alignment.steps(["z"], [String](), tie: .additionFirst), [.old(0)])
        let longest = Alignment.steps(Array("ABCBDAB"), Array("BDCABA"), tie: .removalFirst).filter {
            if case .both = $0 { return true } else { return false }
        }
        XCTAssertEqual(longest.count, 4, "the longest common subsequence of ABCBDAB and BDCABA has 4 letters")
    }
}
