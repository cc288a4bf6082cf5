/// The body of every batch call (`…/batch`): the portfolios to work on, each with the cycle it
/// works for. One call answers for all of them, so a run of many portfolios of one strategy costs
/// one request per step instead of one per portfolio.
public struct PortfolioBatchRequest: Codable, Sendable, Equatable {
    public var portfolios: [PortfolioCycle]

    public init(portfolios: [PortfolioCycle]) {
        self.portfolios = portfolios
    }

    /// The most portfolios one batch call takes.
    public static let maximumPortfolios = 1_000
}
