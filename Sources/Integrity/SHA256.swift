// Integrity: content hashes (SHA-256) and all-or-nothing file writes, shared by every module.
import CCrypto

/// SHA-256, computed by OpenSSL's libcrypto (which uses the CPU's SHA instructions where it has
/// them). Every module names content by this hash: the data files, checkpoints and cache keys.
///
/// Feed bytes with `update` as often as you like, then read `hexDigest` once. A copy of a hasher
/// shares its state with the original, so hash one stream per hasher.
public struct SHA256 {
    private let context: DigestContext

    public init() { context = DigestContext() }

    /// Hashes `bytes` in one call.
    public static func hexDigest<Bytes: Sequence>(of bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.hexDigest()
    }

    /// Hashes a string's UTF-8 bytes.
    public static func hexDigest(of text: String) -> String { hexDigest(of: Array(text.utf8)) }

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: UnsafeRawBufferPointer($0)) }
        if handled == nil { Array(bytes).withUnsafeBytes { update(buffer: $0) } }
    }

    public mutating func update(buffer: UnsafeRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        // Calls stay outside precondition(…): release builds use -Ounchecked, which drops the whole
        // precondition, call included.
        let updated = EVP_DigestUpdate(context.pointer, base, buffer.count)
        if updated != 1 { fatalError("libcrypto: SHA-256 update failed") }
    }

    /// The digest as 64 lowercase hexadecimal digits. Finishes the hash: call it once.
    public mutating func hexDigest() -> String {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let finished = EVP_DigestFinal_ex(context.pointer, &digest, &length)
        if finished != 1 || length != 32 { fatalError("libcrypto: SHA-256 final failed") }
        let hexDigits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest.prefix(Int(length)) {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

/// Owns one libcrypto digest context, freed with the hasher.
private final class DigestContext {
    let pointer: OpaquePointer

    init() {
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            preconditionFailure("libcrypto: cannot start a SHA-256 digest")
        }
        pointer = context
    }

    deinit { EVP_MD_CTX_free(pointer) }
}
