import HTTPServer
import Postgres
import PrescientCore

/// The one place errors that reach the top of a request become statuses a client can act on:
/// a domain refusal (`DomainError`, also when thrown inside a transaction), Polymarket's failures
/// among them, by its kind, and a
/// database that cannot be reached, or a pool with no free connection, as 503
/// `database_unavailable` with `Retry-After` (the request was fine; try again), never a 500.
public struct ErrorMapping: HTTPMiddleware {
    public init() {}

    public func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        do {
            return try next.respond(to: request)
        } catch let error where Self.domainError(error) != nil {
            throw Self.httpError(Self.domainError(error)!)
        } catch let error where Self.databaseUnavailable(error) != nil {
            // The cause (host, port, libpq's words) stays in the log the 500 path writes; not here.
            throw HTTPError(
                .serviceUnavailable, code: "database_unavailable", message: Self.databaseUnavailableMessage,
                headers: [("Retry-After", "1")])
        }
    }

    /// The domain error behind `error`: itself, or the body error of a failed transaction.
    static func domainError(_ error: any Error) -> (any DomainError)? {
        (error as? any DomainError) ?? ((error as? PostgresTransactionError)?.bodyError as? any DomainError)
    }

    /// The status and body of a domain refusal.
    public static func httpError(_ error: any DomainError) -> HTTPError {
        let status: HTTPStatus
        switch error.kind {
        case .notFound: status = .notFound
        case .conflict: status = .conflict
        case .invalid: status = .badRequest
        case .unavailable: status = .serviceUnavailable
        case .upstream: status = .badGateway
        case .upstreamTimeout: status = .gatewayTimeout
        }
        let headers = error.retryAfterSeconds.map { [("Retry-After", String($0))] } ?? []
        return HTTPError(status, code: error.code, message: error.message, headers: headers)
    }

    /// The code and message a client gets for `error`, as a request failing with it would be
    /// answered (batch calls report each portfolio's failure this way).
    public static func detail(of error: any Error) -> ErrorBody.Detail {
        if let domain = domainError(error) { return ErrorBody.Detail(code: domain.code, message: domain.message) }
        if let http = error as? HTTPError { return ErrorBody.Detail(code: http.code, message: http.message) }
        if databaseUnavailable(error) != nil {
            return ErrorBody.Detail(code: "database_unavailable", message: databaseUnavailableMessage)
        }
        return ErrorBody.Detail(code: "internal_error", message: "the request failed inside the service (its log has the cause)")
    }

    static let databaseUnavailableMessage = "the database is unavailable or busy; retry shortly"

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
