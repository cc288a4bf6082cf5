import Contracts
import HTTPServer
import Logging
import PrescientCore

/// Reading and answering the batch calls (`…/batch`) the same way in every service.
public enum PortfolioBatch {
    /// The body, strictly: `{"portfolios":[{"portfolio_id":1,"cycle_id":"c-…"},…]}`, 1 to
    /// `PortfolioBatchRequest.maximumPortfolios` of them, each portfolio once, every cycle id 1 to
    /// 100 characters. Any problem is a 400 naming the item.
    public static func request(_ request: HTTPRequest) throws -> PortfolioBatchRequest {
        let fields = try JSONFields(request, allowed: ["portfolios"])
        guard let value = fields.values["portfolios"] else {
            throw HTTPError(.badRequest, code: "missing_field", message: "field 'portfolios' is required")
        }
        guard case .array(let items) = value, (1...PortfolioBatchRequest.maximumPortfolios).contains(items.count) else {
            throw HTTPError(
                .badRequest, code: "invalid_field",
                message: "field 'portfolios' must be an array of 1 to \(PortfolioBatchRequest.maximumPortfolios) objects")
        }
        var seen = Set<PortfolioID>()
        let portfolios = try items.enumerated().map { index, item -> PortfolioCycle in
            let name = "portfolios[\(index)]"
            guard case .object(let object) = item else {
                throw HTTPError(.badRequest, code: "invalid_field", message: "'\(name)' must be an object, not \(item.kindName)")
            }
            let fields = try JSONFields(object: object, allowed: ["portfolio_id", "cycle_id"], path: name)
            let cycle = PortfolioCycle(portfolioID: try fields.requiredID("portfolio_id"), cycleID: try fields.textID("cycle_id"))
            guard seen.insert(cycle.portfolioID).inserted else {
                throw HTTPError(.badRequest, code: "invalid_field", message: "portfolio \(cycle.portfolioID) is named twice")
            }
            return cycle
        }
        return PortfolioBatchRequest(portfolios: portfolios)
    }
}

extension PortfolioBatchResult {
    /// The answer to a batch: each portfolio's result, or its error as it would have been
    /// answered alone (code and message, by the one mapping of `ErrorMapping`); an internal
    /// failure's cause goes to `logger`, never into the answer.
    public init(_ outcomes: [(portfolioID: PortfolioID, outcome: Result<Answer, any Error>)], logger: Logger? = nil) {
        self.init(
            results: outcomes.map { portfolioID, outcome in
                switch outcome {
                case .success(let answer):
                    return Item(portfolioID: portfolioID, result: answer, error: nil)
                case .failure(let error):
                    let detail = ErrorMapping.detail(of: error)
                    if detail.code == "internal_error" {
                        logger?.error("batch item failed", metadata: ["portfolio.id": "\(portfolioID)", "error": "\(error)"])
                    }
                    return Item(portfolioID: portfolioID, result: nil, error: detail)
                }
            })
    }
}
