import Contracts
import PrescientCore

/// The paper trading service's calls, typed.
public struct PaperTradingClient: Sendable {
    public let baseURL: String
    let caller: ServiceCaller

    public init(baseURL: String, caller: ServiceCaller) {
        self.baseURL = baseURL
        self.caller = caller
    }

    /// Settles the portfolio's positions in resolved markets (every portfolio's when nil).
    public func settle(portfolioID: PortfolioID?) throws -> SettlementResult {
        try caller.send("POST", ServiceURL.make(baseURL, "/paper-trading/settle", [("portfolio_id", portfolioID.map { "\($0)" })]))
    }

    /// Executes the portfolio's pending signals of `cycleID` (every pending signal when nil).
    public func executeSignals(portfolioID: PortfolioID, cycleID: CycleID?) throws -> ExecuteSignalsResult {
        try caller.send(
            "POST",
            ServiceURL.make(
                baseURL, "/paper-trading/execute-signals", [("portfolio_id", "\(portfolioID)"), ("cycle_id", cycleID?.rawValue)]))
    }

    /// The portfolio's money and marked positions.
    public func portfolio(id: PortfolioID) throws -> PortfolioView {
        try caller.send("GET", ServiceURL.make(baseURL, "/paper-trading/portfolio", [("portfolio_id", "\(id)")]))
    }

    /// Settles each portfolio's positions in resolved markets, in one call.
    public func settle(_ batch: [PortfolioCycle]) throws -> PortfolioBatchResult<SettlementResult> {
        try caller.send("POST", ServiceURL.make(baseURL, "/paper-trading/settle/batch"), body: PortfolioBatchRequest(portfolios: batch))
    }

    /// Executes each portfolio's pending signals of its cycle, in one call.
    public func executeSignals(_ batch: [PortfolioCycle]) throws -> PortfolioBatchResult<ExecuteSignalsResult> {
        try caller.send(
            "POST", ServiceURL.make(baseURL, "/paper-trading/execute-signals/batch"), body: PortfolioBatchRequest(portfolios: batch))
    }

    /// Each portfolio's money and marks (without the positions), in one call.
    public func portfolios(_ batch: [PortfolioCycle]) throws -> PortfolioBatchResult<PortfolioView> {
        try caller.send("POST", ServiceURL.make(baseURL, "/paper-trading/portfolio/batch"), body: PortfolioBatchRequest(portfolios: batch))
    }
}
