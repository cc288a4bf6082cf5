import Foundation
import PrescientCore

/// How every contract travels: the suite's wire JSON (`WireJSON`, which the HTTP server answers
/// with too), so callers of the contracts need no second import.
public enum ContractCoding {
    /// The encoder callers use for request bodies.
    public static func encoder() -> JSONEncoder { WireJSON.encoder() }

    /// The decoder callers use for answers.
    public static func decoder() -> JSONDecoder { WireJSON.decoder() }
}
