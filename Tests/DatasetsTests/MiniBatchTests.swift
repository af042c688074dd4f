import Datasets
import XCTest

/// A tiny deterministic generator so these tests do not depend on the engine's RNG.
struct CountingGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state ^ (state >> 29)
    }
}

final class MiniBatchTests: XCTestCase {
    func makeImages(count: Int) -> LabelledImages {
        LabelledImages(
            dataset: .mnist, split: .train,
            pixels: IDXFixtures.images(count: count), labels: (0..<count).map { UInt8($0 % 10) }
        )
    }

    func testShuffledBatchesCoverEveryImageOnce() {
        var generator = CountingGenerator(state: 1)
        let batches = makeImages(count: 23).shuffledBatches(size: 5, using: &generator)
        let sizes = batches.map(\.count)
        XCTAssertEqual(sizes, [5, 5, 5, 5, 3])
        XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(0..<23))
        XCTAssertNotEqual(batches.order, Array(0..<23), "the order is shuffled")
    }

    func testSameSeedSameOrderOtherSeedOtherOrder() {
        var first = CountingGenerator(state: 7), second = CountingGenerator(state: 7), third = CountingGenerator(state: 8)
        XCTAssertEqual(Permutation.shuffled(count: 50, using: &first), Permutation.shuffled(count: 50, using: &second))
        XCTAssertNotEqual(Permutation.shuffled(count: 50, using: &first), Permutation.shuffled(count: 50, using: &third))
    }

    func testFloatsAreScaledToUnitInterval() {
        let images = LabelledImages(dataset: .mnist, split: .test, pixels: [UInt8](repeating: 255, count: 784) + [UInt8](repeating: 0, count: 784), labels: [1, 2])
        let floats = images.floats(of: [1, 0])
        XCTAssertEqual(floats.count, 2 * 784)
        XCTAssertEqual(floats[0], 0)
        XCTAssertEqual(floats[784], 1)
        XCTAssertEqual(images.labels(of: [1, 0]), [2, 1])
    }

    func testHistogramAndPrefix() {
        let images = makeImages(count: 25)
        XCTAssertEqual(images.labelHistogram(), [3, 3, 3, 3, 3, 2, 2, 2, 2, 2])
        XCTAssertEqual(images.prefix(4).count, 4)
        XCTAssertEqual(images.prefix(4).pixels, Array(images.pixels.prefix(4 * 784)))
    }
}
