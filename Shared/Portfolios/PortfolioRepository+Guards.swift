import Contracts
import PrescientCore

/// The checks every endpoint that acts on a portfolio starts with, written once.
extension PortfolioRepository {
    /// The portfolio, or `PortfolioNotFound`.
    public func require(id: PortfolioID) throws -> Portfolio {
        guard let portfolio = try find(id: id) else { throw PortfolioNotFound(id: id) }
        return portfolio
    }

    /// The portfolio if a cycle, its signals or their execution may run for it: active, or
    /// paused or halted (reduce-only: their exits run, buys do not). Archived ones never run
    /// (`PortfolioStateError.notRunnable`).
    public func requireRunnable(id: PortfolioID) throws -> Portfolio {
        try Self.runnable(try find(id: id), id: id)
    }

    /// The same check on a portfolio already loaded (nil: it does not exist), for batches.
    public static func runnable(_ portfolio: Portfolio?, id: PortfolioID) throws -> Portfolio {
        guard let portfolio else { throw PortfolioNotFound(id: id) }
        guard portfolio.status.reducesPositions else { throw PortfolioStateError.notRunnable(id: id, status: portfolio.status) }
        return portfolio
    }
}
