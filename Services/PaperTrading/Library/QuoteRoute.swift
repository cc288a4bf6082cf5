import Contracts
import Foundation
import HTTPServer
import MarketData
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import Trading

/// `GET /paper-trading/quote`: the fill a portfolio would get now, without trading.
struct QuoteRoute: Sendable {
    let pool: PostgresPool
    let client: PolymarketClient

    struct Quote: Encodable {
        let portfolio_id: PortfolioID
        let token_id: String
        let side: OrderSide
        let requested: Decimal
        let shares: Decimal
        let average_price: Decimal?
        let best_price: Decimal?
        /// How far the average is from the best price (worse for the taker is positive).
        let slippage: Decimal?
        let notional: Decimal
        let fee: Decimal
        /// The taker rate and exponent applied, and where they came from (`fee_schedule`,
        /// `fee_type:<type>`, `category_guess:<category>`, `fees_disabled`).
        let fee_rate: Decimal
        let fee_exponent: Int
        let fee_source: String
        /// How the fee is collected here: in cash, on both sides. Polymarket takes a buy's fee in
        /// shares (the shares received are fewer) and a sell's from the proceeds; the amount is the same.
        let fee_collected = "cash"
        let complete: Bool
        let within_balance: Bool
        let levels: [Fill.Level]
    }

    func quote(_ request: HTTPRequest, portfolio: Portfolio) throws -> HTTPResponse {
        guard let token = request.query["token_id"], !token.isEmpty, token.allSatisfy(\.isNumber) else {
            throw HTTPError.badRequest("query parameter 'token_id' must be a numeric token id", code: "invalid_parameter")
        }
        guard let side = OrderSide(rawValue: request.query["side"] ?? "buy") else {
            throw HTTPError.badRequest("query parameter 'side' must be buy or sell", code: "invalid_parameter")
        }
        guard let amount = try request.queryDecimal("amount"), amount > 0 else {
            throw HTTPError.badRequest(
                "query parameter 'amount' is required: dollars to spend (buy) or shares to sell", code: "invalid_parameter")
        }
        let limit = try request.queryDecimal("limit_price") ?? (side == .buy ? Decimal(string: "0.999")! : Decimal(string: "0.001")!)
        guard let terms = try MarketTerms.load(tokenID: TokenID(token), pool: pool) else {
            throw HTTPError.notFound("no market with token \(token)")
        }
        // Through `/books`, as execution fetches them: quotes and execution share one rate budget,
        // in which execution's calls are critical (a flood of quotes leaves them their reserve).
        guard let book = try client.books(tokenIDs: [token]).first(where: { $0.assetID == token }) else {
            throw HTTPError.notFound("no order book for token \(token)")
        }
        let fill =
            side == .buy
            ? BookWalk.buy(book, dollars: amount, limit: limit) : BookWalk.sell(book, shares: amount, limit: limit)
        let best = side == .buy ? book.bestAsk?.price : book.bestBid?.price
        let average = fill.averagePrice.map { $0.rounded(scale: 6) }
        let fee = terms.fee.fee(fill)
        let slippage = zip2(average, best).map { side == .buy ? $0 - $1 : $1 - $0 }
        return .json(
            Quote(
                portfolio_id: portfolio.id, token_id: token, side: side, requested: amount, shares: fill.shares,
                average_price: average, best_price: best, slippage: slippage, notional: fill.notional, fee: fee,
                fee_rate: terms.fee.rate, fee_exponent: terms.fee.exponent, fee_source: terms.fee.source,
                complete: fill.complete, within_balance: side == .sell || fill.notional + fee <= portfolio.currentBalance,
                levels: fill.levels))
    }

    private func zip2(_ a: Decimal?, _ b: Decimal?) -> (Decimal, Decimal)? {
        guard let a, let b else { return nil }
        return (a, b)
    }
}
