import PrescientCore

/// One portfolio and the cycle a call works for: the body of `POST /strategy/generate-signals`
/// and each item of a batch call.
public struct PortfolioCycle: Codable, Sendable, Equatable, Hashable {
    public var portfolioID: PortfolioID
    /// The cycle the work belongs to; a call without one works outside any cycle (signals get a
    /// `manual-…` id, execution takes every pending signal).
    public var cycleID: CycleID?

    enum CodingKeys: String, CodingKey { case portfolioID = "portfolio_id", cycleID = "cycle_id" }

    public init(portfolioID: PortfolioID, cycleID: CycleID?) {
        self.portfolioID = portfolioID
        self.cycleID = cycleID
    }
}
