import HTTPServer
import Postgres

/// Maps errors that reach the top of a request to the status a client can act on: a database
/// that cannot be reached, or a pool with no free connection, is 503 `database_unavailable`
/// with `Retry-After` (the request was fine; try again), never a 500.
public struct ErrorMapping: HTTPMiddleware {
    public init() {}

    public func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        do {
            return try next.respond(to: request)
        } catch let error where Self.databaseUnavailable(error) != nil {
            throw HTTPError(.serviceUnavailable, code: "database_unavailable",
                message: "the database is unavailable: \(Self.databaseUnavailable(error)!)", headers: [("Retry-After", "1")])
        }
    }

    /// The database error behind `error` when it means "unavailable", else nil.
    static func databaseUnavailable(_ error: any Error) -> PostgresError? {
        if let direct = error as? PostgresError { return direct.isUnavailable ? direct : nil }
        if let failed = error as? PostgresTransactionError {
            for part in [failed.bodyError, failed.commitError, failed.rollbackError] {
                if let inner = part.flatMap(databaseUnavailable) { return inner }
            }
        }
        return nil
    }
}
