/// Everything that can be wrong with a data file, each case naming the file and the fault in one
/// line a user can act on (`make data` is the usual fix, and the message says so where it is).
public enum DatasetError: Error, CustomStringConvertible, Equatable {
    case missingFile(path: String)
    case unreadable(path: String, reason: String)
    case corruptGzip(path: String, reason: String)
    case wrongMagic(path: String, found: UInt32, expected: UInt32)
    case sizeMismatch(path: String, headerBytes: Int, fileBytes: Int)
    case countMismatch(imagesPath: String, images: Int, labelsPath: String, labels: Int)
    case labelOutOfRange(path: String, index: Int, label: UInt8, classes: Int)
    case unexpectedImageSize(path: String, rows: Int, columns: Int, expected: Int)
    case unknownDataset(name: String, known: [String])

    public var description: String {
        switch self {
        case let .missingFile(path):
            return "\(path): file not found (run `make data` to fetch and verify the datasets)"
        case let .unreadable(path, reason):
            return "\(path): cannot be read (\(reason))"
        case let .corruptGzip(path, reason):
            return "\(path): gzip data is corrupt (\(reason))"
        case let .wrongMagic(path, found, expected):
            return "\(path): wrong magic number 0x\(hex(found)), expected 0x\(hex(expected)) — not an IDX file of this kind"
        case let .sizeMismatch(path, headerBytes, fileBytes):
            let fault = fileBytes < headerBytes ? "truncated" : "has trailing bytes"
            return "\(path): \(fault): its header describes \(headerBytes) bytes of data but the file holds \(fileBytes)"
        case let .countMismatch(imagesPath, images, labelsPath, labels):
            return "\(labelsPath): holds \(labels) labels but \(imagesPath) holds \(images) images"
        case let .labelOutOfRange(path, index, label, classes):
            return "\(path): label \(label) at index \(index) is outside 0…\(classes - 1)"
        case let .unexpectedImageSize(path, rows, columns, expected):
            return "\(path): images are \(rows)×\(columns), expected \(expected)×\(expected)"
        case let .unknownDataset(name, known):
            return "unknown dataset '\(name)'; known: \(known.joined(separator: ", "))"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
