import PrescientCore

/// No portfolio has the id asked for (404 `not_found`).
public struct PortfolioNotFound: DomainError, Sendable, Equatable {
    public let id: PortfolioID

    public init(id: PortfolioID) {
        self.id = id
    }

    public var kind: DomainErrorKind { .notFound }
    public var code: String { "not_found" }
    public var description: String { "no portfolio with id \(id)" }
}
