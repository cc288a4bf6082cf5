import Foundation

/// How every contract travels: JSON with ISO 8601 dates and exact decimals. The services answer
/// through the HTTP server's encoder (the same settings); the typed clients decode with these.
public enum ContractCoding {
    /// The encoder callers use for request bodies.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// The decoder callers use for answers.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
