import Datasets
import Foundation
import XCTest

/// Inputs that are not IDX files at all, or whose header lies: each is one clear error naming the
/// file, never a crash or an allocation the size of what a header claims.
final class IDXInputTests: XCTestCase {
    var fixtures: IDXFixtures!

    override func setUpWithError() throws { fixtures = try IDXFixtures() }
    override func tearDown() { fixtures.remove() }

    func read(_ name: String) throws -> IDXFile { try IDXFile(path: fixtures.path(name), expectedMagic: IDXFile.imagesMagic) }

    func testAFolderIsNamedAsOne() throws {
        try FileManager.default.createDirectory(atPath: fixtures.path("images"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try read("images")) { error in
            XCTAssertEqual("\(error)", "\(fixtures.path("images")): cannot be read (it is a folder, not a file)")
        }
    }

    func testAFIFOIsRejectedWithoutWaitingForAWriter() throws {
        XCTAssertEqual(mkfifo(fixtures.path("fifo"), 0o644), 0)
        XCTAssertThrowsError(try read("fifo")) { error in
            XCTAssertEqual("\(error)", "\(fixtures.path("fifo")): cannot be read (it is a FIFO, not a regular file)")
        }
    }

    func testAHeaderClaimingTwoToTheThirtyOneImagesIsASizeMismatch() throws {
        let bytes = IDXFile.encode(magic: IDXFile.imagesMagic, dimensions: [1 << 31, 28, 28], values: [1, 2, 3])
        try fixtures.write("huge", bytes)
        XCTAssertThrowsError(try read("huge")) { error in
            XCTAssertEqual(error as? DatasetError, .sizeMismatch(path: fixtures.path("huge"), headerBytes: (1 << 31) * 784, fileBytes: 3))
        }
    }

    func testSizesWhoseProductOverflowsAreAnError() throws {
        var bytes: [UInt8] = [0, 0, 8, 4]
        for _ in 0..<4 { bytes += [0xff, 0xff, 0xff, 0xff] }
        try fixtures.write("overflow", bytes + [7])
        XCTAssertThrowsError(try IDXFile(path: fixtures.path("overflow"), expectedMagic: 0x0000_0804)) { error in
            guard case .sizeMismatch? = error as? DatasetError else { return XCTFail("got \(error)") }
        }
    }

    /// Random headers (any rank, any sizes) over payloads of random length: the reader either
    /// returns exactly the values the header describes or throws a `DatasetError`; it never holds
    /// more values than the file has bytes.
    func testRandomHeadersAndLengthsNeverCrash() throws {
        var generator = SplitMix(seed: 2026)
        for trial in 0..<400 {
            let rank = Int(generator.next() % 5)
            var bytes: [UInt8] = [0, 0, 8, UInt8(rank)]
            var claimed: [Int] = []
            for _ in 0..<rank {
                let size = generator.next() % 4 == 0 ? Int(generator.next() % (1 << 32)) : Int(generator.next() % 12)
                claimed.append(size)
                bytes += [UInt8(size >> 24 & 0xff), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff), UInt8(size & 0xff)]
            }
            let payload = Int(generator.next() % 300)
            bytes += (0..<payload).map { _ in UInt8(generator.next() & 0xff) }
            if generator.next() % 5 == 0 { bytes = Array(bytes.prefix(Int(generator.next() % UInt64(bytes.count + 1)))) }
            try fixtures.write("random", bytes)
            let magic = 0x0000_0800 | UInt32(rank)
            do {
                let file = try IDXFile(path: fixtures.path("random"), expectedMagic: magic)
                XCTAssertEqual(file.dimensions, claimed, "trial \(trial)")
                XCTAssertEqual(file.values.count, claimed.reduce(1, *), "trial \(trial)")
                XCTAssertLessThanOrEqual(file.values.count, bytes.count, "trial \(trial)")
            } catch let error as DatasetError {
                XCTAssertTrue("\(error)".hasPrefix(fixtures.path("random") + ":"), "trial \(trial): \(error)")
            }
        }
    }
}

/// A small deterministic generator for the property test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
