import HTTPServer
import PrescientCore

extension HTTPRequest {
    /// The `portfolio_id` query parameter: present and a positive integer.
    func portfolioIDParameter() throws -> PortfolioID {
        guard let text = query["portfolio_id"] else {
            throw HTTPError.badRequest("query parameter 'portfolio_id' is required", code: "missing_parameter")
        }
        guard let id = Int64(text), id > 0 else {
            throw HTTPError.badRequest("query parameter 'portfolio_id' must be a positive integer", code: "invalid_parameter")
        }
        return PortfolioID(id)
    }
}
