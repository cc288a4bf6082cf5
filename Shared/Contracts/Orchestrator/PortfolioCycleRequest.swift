import PrescientCore

/// `POST /trading/run-portfolio-cycle` body.
public struct PortfolioCycleRequest: Codable, Sendable, Equatable {
    public var portfolioID: PortfolioID

    enum CodingKeys: String, CodingKey { case portfolioID = "portfolio_id" }

    public init(portfolioID: PortfolioID) {
        self.portfolioID = portfolioID
    }
}
