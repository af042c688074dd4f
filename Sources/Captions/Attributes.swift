import Datasets

/// What a caption says about an image besides its class, measured from the pixels so that a
/// caption the model writes, or an image it draws, can be checked.
public enum Attribute: String, CaseIterable, Sendable, Codable {
    /// How much ink the image carries: thin strokes or bold ones (for clothes: light or heavy).
    case weight
    /// Which way the image leans: the shear of its ink's second moments.
    case slant

    /// The words for the three levels, lowest first; a level's phrase may have several words.
    public var phrases: [[String]] {
        switch self {
        case .weight: return [["thin"], ["regular"], ["bold"]]
        case .slant: return [["leaning", "left"], ["upright"], ["leaning", "right"]]
        }
    }

    /// The measurement behind the attribute, for a `side`×`side` image of intensities in [0, 1].
    public func measure(_ pixels: [Float], side: Int) -> Double {
        switch self {
        case .weight: return Captions.inkMass(pixels)
        case .slant: return Captions.slant(pixels, side: side)
        }
    }
}

/// The total intensity of an image: how many pixels' worth of ink it has.
public func inkMass(_ pixels: [Float]) -> Double {
    pixels.reduce(0.0) { $0 + Double($1) }
}

/// How far the ink leans to the right as it goes up: −cov(x, y) / var(y) of the ink's pixel
/// positions (x to the right, y downwards), weighted by intensity. A stroke "/" whose x grows by
/// s pixels per pixel upwards gives s; upright strokes give 0, strokes leaning left negative values.
public func slant(_ pixels: [Float], side: Int) -> Double {
    var mass = 0.0, sumX = 0.0, sumY = 0.0
    for (index, value) in pixels.enumerated() where value > 0 {
        let weight = Double(value)
        mass += weight
        sumX += weight * Double(index % side)
        sumY += weight * Double(index / side)
    }
    guard mass > 0 else { return 0 }
    let meanX = sumX / mass, meanY = sumY / mass
    var covariance = 0.0, varianceY = 0.0
    for (index, value) in pixels.enumerated() where value > 0 {
        let weight = Double(value), dx = Double(index % side) - meanX, dy = Double(index / side) - meanY
        covariance += weight * dx * dy
        varianceY += weight * dy * dy
    }
    return varianceY > 0 ? -covariance / varianceY : 0
}

/// Where each attribute's three levels begin, per class: the terciles of the training images of
/// that class. Each level is then equally common within every class, so "a bold one" is as
/// ordinary as "a bold eight" (ones simply carry less ink than eights).
public struct AttributeScale: Sendable, Codable {
    /// thresholds[attribute][class] = (first tercile, second tercile).
    public let thresholds: [Attribute: [[Double]]]

    /// Measures every image of `images` and takes the terciles class by class.
    public init(images: LabelledImages) {
        var thresholds: [Attribute: [[Double]]] = [:]
        let classes = images.dataset.classNames.count
        for attribute in Attribute.allCases {
            var byClass = [[Double]](repeating: [], count: classes)
            for index in 0..<images.count {
                byClass[Int(images.labels[index])].append(attribute.measure(images.floats(at: index), side: images.imageSide))
            }
            thresholds[attribute] = byClass.map { values in
                let sorted = values.sorted()
                guard !sorted.isEmpty else { return [0, 0] }
                return [sorted[sorted.count / 3], sorted[(2 * sorted.count) / 3]]
            }
        }
        self.thresholds = thresholds
    }

    /// The level (0, 1 or 2) of `attribute` for an image of class `label` measuring `value`.
    public func level(_ attribute: Attribute, of value: Double, label: Int) -> Int {
        let bounds = thresholds[attribute]![label]
        return value < bounds[0] ? 0 : (value < bounds[1] ? 1 : 2)
    }

    /// What a caption should say about an image of class `label`.
    public func describe(_ pixels: [Float], side: Int, label: Int) -> Description {
        var levels: [Attribute: Int] = [:]
        for attribute in Attribute.allCases { levels[attribute] = level(attribute, of: attribute.measure(pixels, side: side), label: label) }
        return Description(label: label, levels: levels)
    }
}

/// The facts a caption states: a class and a level of each attribute.
public struct Description: Hashable, Sendable, Codable {
    /// The class, as the dataset numbers it (chapter 5: the digit).
    public var label: Int
    /// Each attribute's level: an index into its phrases (for weight: thin, regular, bold).
    public var levels: [Attribute: Int]

    /// A description of class `label` with `levels` for its attributes.
    public init(label: Int, levels: [Attribute: Int]) {
        self.label = label
        self.levels = levels
    }
}
