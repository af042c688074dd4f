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
        // The header's sizes are the file's word, not ours: a product that overflows is simply a
        // size no file can hold (checked, not trapped: release builds are -Ounchecked).
        var payload = 1
        for size in dimensions {
            let (product, overflow) = payload.multipliedReportingOverflow(by: size)
            payload = overflow ? Int.max : product
        }
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
    /// the 47 MB of MNIST's training images are held once, not twice, while loading). Only a
    /// regular file is read, and never more than the size it had when opened: a folder, a FIFO
    /// or a device is an error naming it, and a file that shrinks while read comes back short
    /// (and fails the header's size check).
    private static func readBytes(_ path: String) throws -> [UInt8] {
        let descriptor = try openRegularFile(path)
        defer { close(descriptor) }
        let size = try regularFileSize(descriptor, path: path)
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            while initialized < size {
                let got = read(descriptor, base + initialized, size - initialized)
                if got < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    throw DatasetError.unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                if got == 0 { break }  // the file shrank while it was read
                initialized += got
            }
        }
    }

    /// The size of the regular file open as `descriptor`; anything else (a folder, a FIFO, a
    /// device) is an error naming `path` and what it is.
    static func regularFileSize(_ descriptor: Int32, path: String) throws -> Int {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw DatasetError.unreadable(path: path, reason: String(cString: strerror(errno))) }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return Int(status.st_size)
        case S_IFDIR: throw DatasetError.unreadable(path: path, reason: "it is a folder, not a file")
        case S_IFIFO: throw DatasetError.unreadable(path: path, reason: "it is a FIFO, not a regular file")
        default: throw DatasetError.unreadable(path: path, reason: "it is not a regular file")
        }
    }

    /// Opens `path` for reading without blocking on a FIFO, and checks it is a regular file.
    static func openRegularFile(_ path: String) throws -> Int32 {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { throw DatasetError.missingFile(path: path) }
            throw DatasetError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        do { _ = try regularFileSize(descriptor, path: path) } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }

    private static func bigEndianWord(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
