import Datasets
import Foundation
import Integrity

/// Generated images and what each was asked to show, written so anyone can judge them with their
/// own tools: `generated-images-idx3-ubyte` (IDX, uint8, N×side×side, like the MNIST files) and
/// `generated.json`, a list of N `{"prompt", "class", "attributes"}` objects in the same order, each
/// with `"guidance"` (the scale s it was sampled with, see `Guidance` in Models) and `"plausibility"`
/// (the share α below which tokens were not drawn) when it had guidance.
public struct GeneratedExport: Codable, Equatable, Sendable {
    /// What one generated image was asked to show.
    public struct Entry: Codable, Equatable, Sendable {
        /// The sentence the image was drawn from, as a reader types it.
        public var prompt: String
        /// The class the prompt asked for.
        public var `class`: Int
        /// Each attribute the prompt asked for, by name ("weight": "bold").
        public var attributes: [String: String]
        /// The guidance scale s the image was drawn with; nil (and absent from the JSON) without guidance.
        public var guidance: Double?
        /// Guidance's plausibility α (see `Guidance`); nil without guidance.
        public var plausibility: Double?

        /// An entry for one image; `guidance` and `plausibility` only when it was drawn with guidance.
        public init(prompt: String, class label: Int, attributes: [String: String], guidance: Double? = nil, plausibility: Double? = nil) {
            self.prompt = prompt
            self.class = label
            self.attributes = attributes
            self.guidance = guidance
            self.plausibility = plausibility
        }
    }

    /// The images' file name: IDX, so the tools that read MNIST read it too.
    public static let imagesFile = "generated-images-idx3-ubyte"
    /// The prompts' file name, one entry per image in the images' order.
    public static let promptsFile = "generated.json"

    /// Writes `images` (intensities in [0, 1], `side`×`side` each) and `entries` into `folder`.
    public static func write(images: [[Float]], side: Int, entries: [Entry], to folder: String) throws {
        precondition(images.count == entries.count, "GeneratedExport: \(images.count) images but \(entries.count) entries")
        let bytes = images.flatMap { image in image.map { UInt8((min(max($0, 0), 1) * 255).rounded()) } }
        let idx = IDXFile.encode(magic: IDXFile.imagesMagic, dimensions: [images.count, side, side], values: bytes)
        try writeAtomically(Data(idx), to: (folder as NSString).appendingPathComponent(imagesFile))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try encoder.encode(entries), to: (folder as NSString).appendingPathComponent(promptsFile))
    }

    /// SHA-256 of the images file followed by the prompts file: recorded in the run, so a test can
    /// tell that the published files are the ones this run wrote.
    public static func fingerprint(in folder: String) throws -> String {
        var hasher = SHA256()
        for file in [imagesFile, promptsFile] {
            hasher.update([UInt8](try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(file)))))
        }
        return hasher.hexDigest()
    }

    /// Reads both files back: the images as grey-levels and the entries.
    public static func read(from folder: String) throws -> (images: [[UInt8]], side: Int, entries: [Entry]) {
        let file = try IDXFile(path: (folder as NSString).appendingPathComponent(imagesFile), expectedMagic: IDXFile.imagesMagic)
        let side = file.dimensions[1]
        let images = (0..<file.dimensions[0]).map { Array(file.values[$0 * side * side..<($0 + 1) * side * side]) }
        let data = try Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(promptsFile)))
        return (images, side, try JSONDecoder().decode([Entry].self, from: data))
    }
}
