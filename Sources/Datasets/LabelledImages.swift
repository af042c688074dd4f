import CKernels

/// Images and their labels, kept as the file's bytes: 60,000 MNIST images are 47 MB as `UInt8`
/// rather than 188 MB as `Float`. Pixels become floats in [0, 1] only a batch at a time.
public struct LabelledImages: Sendable {
    public let dataset: Dataset
    public let split: Split
    /// `count × pixelsPerImage` grey-levels, image after image, rows top to bottom.
    public let pixels: [UInt8]
    public let labels: [UInt8]

    public init(dataset: Dataset, split: Split, pixels: [UInt8], labels: [UInt8]) {
        precondition(pixels.count == labels.count * dataset.pixelsPerImage, "pixel count must match labels × image size")
        self.dataset = dataset
        self.split = split
        self.pixels = pixels
        self.labels = labels
    }

    public var count: Int { labels.count }
    public var pixelsPerImage: Int { dataset.pixelsPerImage }
    /// Width and height of every image, in pixels.
    public var imageSide: Int { dataset.imageSide }

    /// The class name of image `index` ("7", "Ankle boot").
    public func className(at index: Int) -> String { dataset.classNames[Int(labels[index])] }

    /// The grey-levels of image `index`.
    public func image(at index: Int) -> ArraySlice<UInt8> {
        pixels[index * pixelsPerImage..<(index + 1) * pixelsPerImage]
    }

    /// Image `index` as floats in [0, 1].
    public func floats(at index: Int) -> [Float] { floats(of: [index]) }

    /// The images at `indices`, one after the other, as floats in [0, 1].
    public func floats<Indices: Collection>(of indices: Indices) -> [Float] where Indices.Element == Int {
        [Float](unsafeUninitializedCapacity: indices.count * pixelsPerImage) { buffer, initialized in
            copyFloats(of: indices, into: buffer.baseAddress!)
            initialized = buffer.count
        }
    }

    /// Writes the images at `indices` as floats in [0, 1] into `destination`, which must hold
    /// `indices.count × pixelsPerImage` values. The training loop fills a reused buffer this way.
    public func copyFloats<Indices: Collection>(of indices: Indices, into destination: UnsafeMutablePointer<Float>)
    where Indices.Element == Int {
        let gather = { (rows: UnsafeBufferPointer<Int>) in
            precondition(rows.allSatisfy { (0..<count).contains($0) }, "image index out of range 0..<\(count)")
            pixels.withUnsafeBufferPointer { source in
                latent_gather_bytes(source.baseAddress, rows.baseAddress, rows.count, pixelsPerImage, 1 / 255, destination)
            }
        }
        if indices.withContiguousStorageIfAvailable(gather) == nil { Array(indices).withUnsafeBufferPointer(gather) }
    }

    /// The labels at `indices` as `Int`s.
    public func labels<Indices: Collection>(of indices: Indices) -> [Int] where Indices.Element == Int {
        indices.map { Int(labels[$0]) }
    }

    /// How many images carry each label, indexed by label.
    public func labelHistogram() -> [Int] {
        var counts = [Int](repeating: 0, count: dataset.classNames.count)
        for label in labels { counts[Int(label)] += 1 }
        return counts
    }

    /// The first `n` images (or all, if there are fewer): small runs and tests train on these.
    public func prefix(_ n: Int) -> LabelledImages {
        let kept = Swift.min(n, count)
        return LabelledImages(
            dataset: dataset, split: split,
            pixels: Array(pixels[0..<kept * pixelsPerImage]), labels: Array(labels[0..<kept])
        )
    }

    /// Mini-batches of indices in a fresh random order drawn from `generator` (one epoch's worth).
    public func shuffledBatches<Generator: RandomNumberGenerator>(size: Int, using generator: inout Generator) -> MiniBatches {
        MiniBatches(order: Permutation.shuffled(count: count, using: &generator), size: size)
    }

    /// Mini-batches of indices in file order, for evaluation.
    public func batches(size: Int) -> MiniBatches {
        MiniBatches(order: Array(0..<count), size: size)
    }
}

/// One epoch's mini-batches: consecutive slices of an index order, the last one possibly shorter.
public struct MiniBatches: Sequence {
    public let order: [Int]
    public let size: Int

    public init(order: [Int], size: Int) {
        precondition(size > 0, "batch size must be positive")
        self.order = order
        self.size = size
    }

    public var count: Int { (order.count + size - 1) / size }

    public func makeIterator() -> AnyIterator<ArraySlice<Int>> {
        var start = 0
        let order = self.order, size = self.size
        return AnyIterator {
            guard start < order.count else { return nil }
            defer { start += size }
            return order[start..<Swift.min(start + size, order.count)]
        }
    }
}

/// Random permutations that depend only on the generator's output, so a seed fixes them on every
/// platform and toolchain (the standard library's `shuffle` makes no such promise).
public enum Permutation {
    /// `0..<count` in a uniformly random order (Fisher–Yates).
    public static func shuffled<Generator: RandomNumberGenerator>(count: Int, using generator: inout Generator) -> [Int] {
        var order = Array(0..<count)
        guard count > 1 else { return order }
        for upper in stride(from: count - 1, to: 0, by: -1) {
            let pick = Int(generator.next().multipliedFullWidth(by: UInt64(upper + 1)).high)
            order.swapAt(upper, pick)
        }
        return order
    }
}
