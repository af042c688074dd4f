import Foundation

/// One IDX file (the format MNIST is distributed in), read whole and validated.
///
/// Layout: a 4-byte magic `00 00 08 nd` (unsigned bytes, `nd` dimensions), `nd` big-endian UInt32
/// sizes, then the bytes in row-major order. Files ending in `.gz` (or starting with gzip's magic)
/// are inflated first.
public struct IDXFile {
    /// Magic numbers of the two kinds of IDX file we read.
    public static let imagesMagic: UInt32 = 0x0000_0803
    public static let labelsMagic: UInt32 = 0x0000_0801

    public let path: String
    public let dimensions: [Int]
    /// The payload after the header, one byte per value.
    public let values: [UInt8]

    /// Reads and validates `path`, which must have magic `expectedMagic`.
    public init(path: String, expectedMagic: UInt32) throws {
        self.path = path
        var bytes = try IDXFile.readBytes(path)
        if Gzip.isCompressed(bytes) { bytes = try Gzip.decompress(bytes, path: path) }
        guard bytes.count >= 4 else {
            throw DatasetError.sizeMismatch(path: path, headerBytes: 4, fileBytes: bytes.count)
        }
        let magic = IDXFile.bigEndianWord(bytes, at: 0)
        guard magic == expectedMagic else {
            throw DatasetError.wrongMagic(path: path, found: magic, expected: expectedMagic)
        }
        let rank = Int(magic & 0xff)
        let headerSize = 4 + 4 * rank
        guard bytes.count >= headerSize else {
            throw DatasetError.sizeMismatch(path: path, headerBytes: headerSize, fileBytes: bytes.count)
        }
        dimensions = (0..<rank).map { Int(IDXFile.bigEndianWord(bytes, at: 4 + 4 * $0)) }
        let payload = dimensions.reduce(1, *)
        guard bytes.count - headerSize == payload else {
            throw DatasetError.sizeMismatch(path: path, headerBytes: payload, fileBytes: bytes.count - headerSize)
        }
        bytes.removeFirst(headerSize)
        values = bytes
    }

    /// The bytes of an IDX file with the given dimensions: what the tests and tools write.
    public static func encode(magic: UInt32, dimensions: [Int], values: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = []
        for word in [magic] + dimensions.map(UInt32.init) {
            bytes += [UInt8(word >> 24), UInt8(word >> 16 & 0xff), UInt8(word >> 8 & 0xff), UInt8(word & 0xff)]
        }
        return bytes + values
    }

    /// The file's bytes, read straight into the array that keeps them (no intermediate `Data`:
    /// the 47 MB of MNIST's training images are held once, not twice, while loading).
    private static func readBytes(_ path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw DatasetError.missingFile(path: path) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DatasetError.unreadable(path: path, reason: "cannot open for reading")
        }
        defer { try? handle.close() }
        do {
            let size = Int(try handle.seekToEnd())
            try handle.seek(toOffset: 0)
            return try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                initialized = 0
                while initialized < size {
                    let got = read(handle.fileDescriptor, buffer.baseAddress! + initialized, size - initialized)
                    if got < 0 { throw DatasetError.unreadable(path: path, reason: String(cString: strerror(errno))) }
                    if got == 0 { break }
                    initialized += got
                }
            }
        } catch let error as DatasetError {
            throw error
        } catch {
            throw DatasetError.unreadable(path: path, reason: error.localizedDescription)
        }
    }

    private static func bigEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
