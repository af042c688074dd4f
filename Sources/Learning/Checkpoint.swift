import Integrity
import Foundation

/// Saves and restores named tensors (a model's weights and its optimizer's state).
///
/// File format, version 1, all integers little-endian:
///
///     magic       8 bytes   "LATENTCK"
///     version     UInt32    1
///     count       UInt32    number of tensors
///     count times:
///       nameBytes UInt32, name (UTF-8)
///       rank      UInt32, rank × UInt32 dimensions
///       scalars   product(dimensions) × Float32
///     checksum    64 bytes  SHA-256 of everything above, as lowercase hex
///
/// Files are written to a temporary name and renamed, so a crash never leaves half a checkpoint.
public enum Checkpoint {
    /// The first eight bytes of every checkpoint, so a file that is not one is refused by name.
    public static let magic = Array("LATENTCK".utf8)
    /// The format version this build writes and reads; a file of another version is refused, never misread.
    public static let version: UInt32 = 1

    /// The bytes of a checkpoint holding `tensors`.
    public static func encode(_ tensors: [(name: String, tensor: Tensor)]) -> [UInt8] {
        var bytes = magic
        func append(_ word: UInt32) { withUnsafeBytes(of: word.littleEndian) { bytes.append(contentsOf: $0) } }
        append(version)
        append(UInt32(tensors.count))
        for (name, tensor) in tensors {
            let nameBytes = Array(name.utf8)
            append(UInt32(nameBytes.count))
            bytes += nameBytes
            append(UInt32(tensor.shape.count))
            tensor.shape.forEach { append(UInt32($0)) }
            for i in 0..<tensor.count { append(tensor.data[i].bitPattern) }
        }
        bytes += Array(SHA256.hexDigest(of: bytes).utf8)
        return bytes
    }

    /// Writes `tensors` to `path` atomically.
    public static func save(_ tensors: [(name: String, tensor: Tensor)], to path: String) throws {
        try writeAtomically(Data(encode(tensors)), to: path)
    }

    /// Reads `path` and copies each stored tensor into the tensor of the same name in `tensors`.
    /// Every tensor in `tensors` must be present with the same shape; nothing is changed unless
    /// the whole file is valid.
    public static func load(into tensors: [(name: String, tensor: Tensor)], from path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw LearningError.checkpointMissing(path: path) }
        let bytes: [UInt8]
        do { bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
            throw LearningError.checkpointUnreadable(path: path, reason: error.localizedDescription)
        }
        let stored = try decode(bytes, path: path)
        for (name, tensor) in tensors {
            guard let shape = stored[name]?.shape else { throw LearningError.checkpointMissingTensor(path: path, name: name) }
            guard shape == tensor.shape else {
                throw LearningError.checkpointShapeMismatch(path: path, name: name, stored: shape, expected: tensor.shape)
            }
        }
        for (name, tensor) in tensors { tensor.assign(stored[name]!.scalars) }
    }

    /// The tensors stored in checkpoint `bytes`, by name; `path` names the file in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> [String: (shape: [Int], scalars: [Float])] {
        guard bytes.count >= magic.count + 8 + 64 else {
            throw bytes.starts(with: magic) ? LearningError.checkpointTruncated(path: path) : LearningError.checkpointWrongMagic(path: path)
        }
        guard bytes.starts(with: magic) else { throw LearningError.checkpointWrongMagic(path: path) }
        var reader = ByteReader(bytes: bytes, position: magic.count, end: bytes.count - 64, path: path)
        let foundVersion = try reader.word()
        guard foundVersion == version else {
            throw LearningError.checkpointUnsupportedVersion(path: path, found: foundVersion, supported: version)
        }
        let body = bytes[0..<(bytes.count - 64)]
        guard String(decoding: bytes[(bytes.count - 64)...], as: UTF8.self) == SHA256.hexDigest(of: body) else {
            throw LearningError.checkpointChecksumMismatch(path: path)
        }
        var tensors: [String: (shape: [Int], scalars: [Float])] = [:]
        for _ in 0..<(try reader.word()) {
            let name = String(decoding: try reader.bytes(Int(try reader.word())), as: UTF8.self)
            let shape = try (0..<Int(try reader.word())).map { _ in Int(try reader.word()) }
            let scalars = try (0..<shape.reduce(1, *)).map { _ in Float(bitPattern: try reader.word()) }
            tensors[name] = (shape, scalars)
        }
        guard reader.position == reader.end else { throw LearningError.checkpointTruncated(path: path) }
        return tensors
    }
}

/// Reads little-endian words from a byte array, failing as "truncated" past `end`.
private struct ByteReader {
    let bytes: [UInt8]
    var position: Int
    let end: Int
    let path: String

    mutating func word() throws -> UInt32 {
        let start = try bytes(4).startIndex
        return UInt32(bytes[start]) | UInt32(bytes[start + 1]) << 8 | UInt32(bytes[start + 2]) << 16 | UInt32(bytes[start + 3]) << 24
    }

    mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, position + count <= end else { throw LearningError.checkpointTruncated(path: path) }
        defer { position += count }
        return bytes[position..<(position + count)]
    }
}
