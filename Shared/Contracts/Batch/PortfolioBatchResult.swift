import PrescientCore

/// What a batch call answers: one item per portfolio asked for, in the order asked. A portfolio
/// that failed carries the error it would have got alone, and never fails the others.
public struct PortfolioBatchResult<Answer: Codable & Sendable>: Codable, Sendable {
    /// One portfolio's answer or error.
    public struct Item: Codable, Sendable {
        public var portfolioID: PortfolioID
        public var result: Answer?
        public var error: ErrorBody.Detail?

        enum CodingKeys: String, CodingKey { case portfolioID = "portfolio_id", result, error }

        public init(portfolioID: PortfolioID, result: Answer?, error: ErrorBody.Detail?) {
            self.portfolioID = portfolioID
            self.result = result
            self.error = error
        }

        /// The answer, or the portfolio's error thrown as a `PortfolioBatchItemError`.
        public func get() throws -> Answer {
            if let result { return result }
            throw PortfolioBatchItemError(
                portfolioID: portfolioID,
                detail: error ?? ErrorBody.Detail(code: "missing_result", message: "the batch answer has no result"))
        }
    }

    public var results: [Item]

    public init(results: [Item]) {
        self.results = results
    }

    /// The items by portfolio.
    public var byPortfolio: [PortfolioID: Item] {
        Dictionary(results.map { ($0.portfolioID, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// One portfolio's failure inside a batch answer, as the service reported it.
public struct PortfolioBatchItemError: Error, Sendable, CustomStringConvertible {
    public let portfolioID: PortfolioID
    public let detail: ErrorBody.Detail

    public var description: String { "\(detail.code): \(detail.message)" }
}
