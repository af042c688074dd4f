@testable import Datasets
import XCTest

/// Every fault a data file can have is reported as the right error, naming the file.
final class IDXValidationTests: XCTestCase {
    var fixtures: IDXFixtures!

    override func setUpWithError() throws { fixtures = try IDXFixtures() }
    override func tearDown() { fixtures.remove() }

    private func loadTrain() throws -> LabelledImages { try Dataset.mnist.load(.train, from: fixtures.directory) }

    private func assertLoadFails(_ expected: DatasetError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try loadTrain(), file: file, line: line) { error in
            XCTAssertEqual(error as? DatasetError, expected, file: file, line: line)
            XCTAssertFalse("\(error)".contains("\n"), "errors are one line", file: file, line: line)
        }
    }

    func testReadsPlainFiles() throws {
        try fixtures.writeSplits(count: 5)
        let train = try loadTrain()
        XCTAssertEqual(train.count, 5)
        XCTAssertEqual(train.labels, [0, 1, 2, 3, 4])
        XCTAssertEqual(Array(train.image(at: 2).prefix(3)), [2, 3, 4])
    }

    func testReadsGzipFilesLikePlainOnes() throws {
        try fixtures.writeSplits(count: 7, gzip: true)
        let train = try loadTrain()
        XCTAssertTrue(Dataset.mnist.files(for: .train, in: fixtures.directory).images.hasSuffix(".gz"))
        XCTAssertEqual(train.count, 7)
        XCTAssertEqual(train.pixels, IDXFixtures.images(count: 7))
    }

    func testMissingFileIsNamed() {
        assertLoadFails(.missingFile(path: fixtures.path("train-images-idx3-ubyte.gz")))
        XCTAssertTrue("\(DatasetError.missingFile(path: "x"))".contains("make data"))
    }

    func testWrongMagicIsReported() throws {
        try fixtures.writeSplits()
        var bytes = try fixtures.read("train-images-idx3-ubyte")
        bytes[3] = 0x02
        try fixtures.write("train-images-idx3-ubyte", bytes)
        assertLoadFails(.wrongMagic(path: fixtures.path("train-images-idx3-ubyte"), found: 0x0000_0802, expected: 0x0000_0803))
    }

    func testLabelsFileInPlaceOfImagesIsWrongMagic() throws {
        try fixtures.writeSplits()
        try fixtures.write("train-images-idx3-ubyte", try fixtures.read("train-labels-idx1-ubyte"))
        assertLoadFails(.wrongMagic(path: fixtures.path("train-images-idx3-ubyte"), found: 0x0000_0801, expected: 0x0000_0803))
    }

    func testTruncatedFileIsReported() throws {
        try fixtures.writeSplits(count: 5)
        let bytes = try fixtures.read("train-images-idx3-ubyte")
        try fixtures.write("train-images-idx3-ubyte", Array(bytes.dropLast(100)))
        assertLoadFails(.sizeMismatch(path: fixtures.path("train-images-idx3-ubyte"), headerBytes: 5 * 784, fileBytes: 5 * 784 - 100))
        XCTAssertTrue("\(DatasetError.sizeMismatch(path: "f", headerBytes: 10, fileBytes: 5))".contains("truncated"))
    }

    func testTruncatedHeaderIsReported() throws {
        try fixtures.writeSplits()
        try fixtures.write("train-images-idx3-ubyte", Array(try fixtures.read("train-images-idx3-ubyte").prefix(9)))
        assertLoadFails(.sizeMismatch(path: fixtures.path("train-images-idx3-ubyte"), headerBytes: 16, fileBytes: 9))
    }

    func testLabelCountMismatchIsReported() throws {
        try fixtures.writeSplits(count: 5)
        try fixtures.write(
            "train-labels-idx1-ubyte",
            IDXFile.encode(magic: IDXFile.labelsMagic, dimensions: [4], values: [0, 1, 2, 3])
        )
        assertLoadFails(.countMismatch(
            imagesPath: fixtures.path("train-images-idx3-ubyte"), images: 5,
            labelsPath: fixtures.path("train-labels-idx1-ubyte"), labels: 4
        ))
    }

    func testLabelOutOfRangeIsReported() throws {
        try fixtures.writeSplits(count: 5)
        try fixtures.write(
            "train-labels-idx1-ubyte",
            IDXFile.encode(magic: IDXFile.labelsMagic, dimensions: [5], values: [0, 1, 12, 3, 4])
        )
        assertLoadFails(.labelOutOfRange(path: fixtures.path("train-labels-idx1-ubyte"), index: 2, label: 12, classes: 10))
    }

    func testWrongImageSizeIsReported() throws {
        try fixtures.writeSplits(count: 2)
        try fixtures.write(
            "train-images-idx3-ubyte",
            IDXFile.encode(magic: IDXFile.imagesMagic, dimensions: [2, 14, 14], values: [UInt8](repeating: 1, count: 2 * 196))
        )
        assertLoadFails(.unexpectedImageSize(path: fixtures.path("train-images-idx3-ubyte"), rows: 14, columns: 14, expected: 28))
    }

    func testCorruptGzipIsReported() throws {
        try fixtures.writeSplits(count: 5, gzip: true)
        var bytes = try fixtures.read("train-images-idx3-ubyte.gz")
        for index in 20..<40 { bytes[index] ^= 0x5a }
        try fixtures.write("train-images-idx3-ubyte.gz", bytes)
        XCTAssertThrowsError(try loadTrain()) { error in
            guard case let .corruptGzip(path, _)? = error as? DatasetError else { return XCTFail("got \(error)") }
            XCTAssertEqual(path, fixtures.path("train-images-idx3-ubyte.gz"))
        }
    }

    func testTruncatedGzipIsReported() throws {
        try fixtures.writeSplits(count: 5, gzip: true)
        let bytes = try fixtures.read("train-labels-idx1-ubyte.gz")
        try fixtures.write("train-labels-idx1-ubyte.gz", Array(bytes.dropLast(12)))
        XCTAssertThrowsError(try loadTrain()) { error in
            guard case .corruptGzip? = error as? DatasetError else { return XCTFail("got \(error)") }
        }
    }

    func testUnknownDatasetListsKnownOnes() {
        XCTAssertThrowsError(try Dataset.named("cifar")) { error in
            XCTAssertEqual("\(error)", "unknown dataset 'cifar'; known: mnist, fashion-mnist")
        }
    }
}
