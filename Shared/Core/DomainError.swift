/// An error of the suite's own domain (a portfolio halted, a cycle already running, an export
/// under way, Polymarket down…), thrown by domain code that knows nothing of HTTP. The service
/// kit maps every one to a status in one place (`ErrorMapping`); the `code` and `message` reach
/// the client as the JSON error body.
public protocol DomainError: Error, CustomStringConvertible {
    /// What kind of refusal it is, which decides the status.
    var kind: DomainErrorKind { get }
    /// A stable machine-readable code, e.g. `portfolio_halted`.
    var code: String { get }
    /// What the client reads; the `description` unless a type words it for clients.
    var message: String { get }
    /// Seconds after which a retry may succeed, when known (sent as `Retry-After`).
    var retryAfterSeconds: Int? { get }
}

extension DomainError {
    public var message: String { description }
    public var retryAfterSeconds: Int? { nil }
}

/// The kinds of domain refusal, each one status.
public enum DomainErrorKind: Sendable {
    /// Something named does not exist (404).
    case notFound
    /// The request is fine but the state forbids it now (409).
    case conflict
    /// A value is out of range or malformed (400).
    case invalid
    /// Something the request depends on is down; try again later (503).
    case unavailable
    /// An upstream answered with an error or garbage, or not at all (502).
    case upstream
    /// An upstream did not answer in time (504).
    case upstreamTimeout
}
