import Foundation

/// A configuration's fingerprint: the first 16 hex digits of the SHA-256 of its JSON with sorted
/// keys, so the same settings always hash alike whatever order they were written in.
public enum ConfigHash {
    public static func of(_ configuration: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = (try? encoder.encode(configuration)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return String(SHA256Hex.of(text).prefix(16))
    }
}
