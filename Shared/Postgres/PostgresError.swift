import Foundation

/// An error raised by the Postgres layer, carrying the server's SQLSTATE when there is one.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, broadly.
    public enum Kind: Sendable, Equatable {
        case connectionFailed
        /// The connection was lost during a call (server restart, network): the statement may or
        /// may not have run, and the connection is unusable.
        case connectionLost
        case queryFailed
        case copyFailed
        case decodingFailed
        case poolTimeout
        case poolClosed
    }

    public let kind: Kind
    /// The five-character SQLSTATE code (`23505` unique violation, `40001` serialization failure…).
    public let sqlState: String?
    public let message: String
    public let detail: String?

    public init(_ kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
    }

    public var description: String {
        var text = "\(kind): \(message)"
        if let sqlState { text += " (SQLSTATE \(sqlState))" }
        if let detail { text += " detail: \(detail)" }
        return text
    }

    /// True when the database could not be reached or the pool had no connection to give:
    /// the request can be retried later (503), nothing is wrong with it.
    public var isUnavailable: Bool {
        [.connectionFailed, .connectionLost, .poolTimeout, .poolClosed].contains(kind)
            || sqlState.map { $0.hasPrefix("08") || $0 == "57P01" || $0 == "57P02" || $0 == "57P03" } == true
    }

    /// True when the error is a unique-constraint violation.
    public var isUniqueViolation: Bool { sqlState == "23505" }
}

/// A transaction that failed; it keeps the body's error and the rollback's error apart.
public struct PostgresTransactionError: Error, CustomStringConvertible {
    /// The error the transaction body threw, if it threw.
    public let bodyError: (any Error)?
    /// The error raised by ROLLBACK, if rolling back failed too.
    public let rollbackError: (any Error)?
    /// The error raised by COMMIT, if the body succeeded but committing did not.
    public let commitError: (any Error)?

    public var description: String {
        var parts: [String] = []
        if let bodyError { parts.append("body: \(bodyError)") }
        if let rollbackError { parts.append("rollback: \(rollbackError)") }
        if let commitError { parts.append("commit: \(commitError)") }
        return "transaction failed (" + parts.joined(separator: "; ") + ")"
    }
}
