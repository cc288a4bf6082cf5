/// `POST /trading/run-portfolio-cycle` body.
public struct PortfolioCycleRequest: Codable, Sendable, Equatable {
    public var portfolioID: Int64

    enum CodingKeys: String, CodingKey { case portfolioID = "portfolio_id" }

    public init(portfolioID: Int64) {
        self.portfolioID = portfolioID
    }
}
