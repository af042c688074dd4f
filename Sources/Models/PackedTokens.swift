import Foundation

/// Token sequences as a kept result stores them (`evaluateOrRestore`): each sequence is two bytes
/// a token, little-endian, which JSON writes as one base64 string. Chapter 5's guidance sweep keeps
/// 16,200 images of 49 tokens; as JSON numbers, reading them back took most of a second, as
/// strings a few milliseconds. Tokens must lie in 0..<65,536 (a vocabulary far larger than any here).
public struct PackedTokens: Codable, Sendable, Equatable {
    /// The token sequences, as plain integers.
    public let sequences: [[Int]]

    /// Wraps `sequences` for keeping; each token must lie in 0..<65,536.
    public init(_ sequences: [[Int]]) {
        self.sequences = sequences
    }

    public func encode(to encoder: Encoder) throws {
        if let token = sequences.lazy.flatMap({ $0 }).first(where: { !(0..<65_536).contains($0) }) {
            throw EncodingError.invalidValue(token, .init(codingPath: encoder.codingPath, debugDescription: "PackedTokens: token \(token) outside 0..<65536"))
        }
        var container = encoder.singleValueContainer()
        try container.encode(sequences.map { sequence in Data(sequence.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) })
    }

    public init(from decoder: Decoder) throws {
        let packed = try decoder.singleValueContainer().decode([Data].self)
        sequences = packed.map { data in
            let bytes = [UInt8](data)
            return stride(from: 0, to: bytes.count - 1, by: 2).map { Int(bytes[$0]) | Int(bytes[$0 + 1]) << 8 }
        }
    }
}
