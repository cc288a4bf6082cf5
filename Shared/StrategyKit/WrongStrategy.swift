import Portfolios
import PrescientCore

/// The portfolio runs another strategy than the service asked (409 `wrong_strategy`).
public struct WrongStrategy: DomainError, Sendable {
    public let portfolioID: PortfolioID
    public let portfolioStrategy: StrategyType
    public let serviceStrategy: StrategyType
    public var kind: DomainErrorKind { .conflict }
    public var code: String { "wrong_strategy" }
    public var description: String {
        "portfolio \(portfolioID) runs \(portfolioStrategy.rawValue); this service runs \(serviceStrategy.rawValue)"
    }
}
