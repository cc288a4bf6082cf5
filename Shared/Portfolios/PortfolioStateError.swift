import Contracts
import PrescientCore

/// Why a portfolio refused a change of state. Checked under the portfolio's row lock, so a
/// decision can never rest on a status that changed meanwhile.
public enum PortfolioStateError: DomainError, Sendable, Equatable {
    /// Halted by a risk limit: only an explicit resume clears it.
    case halted(id: PortfolioID, reason: String?)
    /// Archived: nothing changes any more.
    case archived(id: PortfolioID)
    /// A resume was asked of a portfolio that is not halted.
    case notHalted(id: PortfolioID, status: Portfolio.Status)
    /// Cycles, signals and executions run only for portfolios that are not archived.
    case notRunnable(id: PortfolioID, status: Portfolio.Status)

    public var kind: DomainErrorKind { .conflict }

    public var code: String {
        switch self {
        case .halted: return "portfolio_halted"
        case .archived: return "portfolio_archived"
        case .notHalted: return "portfolio_not_halted"
        case .notRunnable: return "portfolio_not_active"
        }
    }

    public var description: String {
        switch self {
        case .halted(let id, let reason):
            return "portfolio \(id) was halted by a risk limit (\(reason ?? "no reason recorded")); only an explicit resume clears it"
        case .archived(let id):
            return "portfolio \(id) is archived"
        case .notHalted(let id, let status):
            return "portfolio \(id) is \(status.rawValue), not halted"
        case .notRunnable(let id, let status):
            return "portfolio \(id) is \(status.rawValue)"
        }
    }
}
