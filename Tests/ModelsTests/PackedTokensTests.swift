import Foundation
import Models
import XCTest

/// Kept token sequences come back exactly, and a token the packing cannot hold is an error, not a
/// silently wrong number.
final class PackedTokensTests: XCTestCase {
    func testSequencesRoundTripThroughJSON() throws {
        let sequences = [[0, 1, 63, 255, 256, 65_535], [], [7]]
        let json = try JSONEncoder().encode(PackedTokens(sequences))
        XCTAssertEqual(try JSONDecoder().decode(PackedTokens.self, from: json).sequences, sequences)
        XCTAssertLessThan(json.count, 60, "base64 strings, not arrays of numbers")
    }

    func testATokenOutsideSixteenBitsIsAnError() {
        XCTAssertThrowsError(try JSONEncoder().encode(PackedTokens([[65_536]])))
        XCTAssertThrowsError(try JSONEncoder().encode(PackedTokens([[-1]])))
    }
}
