/// `POST /strategy/generate-signals` body: which portfolio, for which cycle.
public struct GenerateSignalsRequest: Codable, Sendable, Equatable {
    public var portfolioID: Int64
    /// The cycle the signals belong to; a call without one gets a `manual-…` id.
    public var cycleID: String?

    enum CodingKeys: String, CodingKey { case portfolioID = "portfolio_id", cycleID = "cycle_id" }

    public init(portfolioID: Int64, cycleID: String?) {
        self.portfolioID = portfolioID
        self.cycleID = cycleID
    }
}
