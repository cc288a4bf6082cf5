import Postgres
import PrescientCore

/// Runs an export under a Postgres advisory lock so two exports of the same kind never overlap,
/// even across service replicas; a second caller gets 409 instead of waiting.
public struct ExportLock: Sendable {
    public let key: Int64
    public let name: String

    public init(key: Int64, name: String) {
        self.key = key
        self.name = name
    }

    public func run<R>(on pool: PostgresPool, _ body: (PostgresConnection) throws -> R) throws -> R {
        try pool.withConnection { connection in
            let locked = try connection.execute("SELECT pg_try_advisory_lock(\(key)) AS locked")[0].decode("locked", as: Bool.self)
            guard locked else {
                throw ExportRunning(name: name)
            }
            defer { _ = try? connection.execute("SELECT pg_advisory_unlock(\(key))") }
            return try body(connection)
        }
    }
}

/// Another export of the same kind holds the lock (409 `export_running`).
public struct ExportRunning: DomainError, Sendable {
    public let name: String
    public var kind: DomainErrorKind { .conflict }
    public var code: String { "export_running" }
    public var description: String { "a \(name) export is already running" }
}
