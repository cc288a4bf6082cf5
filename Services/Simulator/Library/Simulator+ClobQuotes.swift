import Foundation
import HTTPServer
import Polymarket
import PrescientCore

/// The CLOB's small public reads beside the books: `/` and `/time`, spreads, prices in bulk,
/// last trade prices, tick size, negRisk flag and fee rate, each single (`?token_id=`) and,
/// where the CLOB has one, batched (a POST of `[{"token_id":…}]`, a read).
extension Simulator {
    func registerClobQuotes(on router: inout Router) {
        router.get("/") { _ in .json("OK") }
        router.get("/time") { [self] _ in .json(epoch + state.elapsedSeconds) }
        router.get("/spread") { [self] request in
            .json(["spread": DecimalText.format(try spread(of: try currentBook(token: try Self.tokenParameter(request))))])
        }
        router.post("/spreads", changesState: false) { [self] request in
            var spreads: [String: String] = [:]
            for token in try Self.tokenList(request) {
                if let book = try? currentBook(token: token), let value = try? spread(of: book) {
                    spreads[token] = DecimalText.format(value)
                }
            }
            return .json(spreads)
        }
        router.post("/prices", changesState: false) { [self] request in
            struct Item: Decodable {
                let token_id: String
                let side: String
            }
            let items = try request.decodeJSON([Item].self)
            guard items.count <= Self.maxBatch else {
                throw HTTPError.badRequest("at most \(Self.maxBatch) tokens per request", code: "batch_too_large")
            }
            var prices: [String: [String: String]] = [:]
            for item in items {
                let side = item.side.uppercased()
                guard side == "BUY" || side == "SELL" else { throw HTTPError.badRequest("side must be BUY or SELL") }
                if let book = try? currentBook(token: item.token_id), let price = Self.price(book, side: side) {
                    prices[item.token_id, default: [:]][side] = DecimalText.format(price)
                }
            }
            return .json(prices)
        }
        router.get("/last-trade-price") { [self] request in
            .json(try lastTrade(token: try Self.tokenParameter(request)))
        }
        router.post("/last-trades-prices", changesState: false) { [self] request in
            .json(try Self.tokenList(request).compactMap { token in try? lastTrade(token: token) })
        }
        router.get("/tick-size") { [self] request in
            let market = try listedMarket(token: try Self.tokenParameter(request))
            return .json(["minimum_tick_size": market.tickSize])
        }
        router.get("/neg-risk") { [self] request in
            .json(["neg_risk": try listedMarket(token: try Self.tokenParameter(request)).negRisk])
        }
        // The market's recent trades (the recorded Data API trades of that condition, newest first).
        router.get("/live-activity/events/{condition_id}") { [self] request in
            let conditionID = request.pathParameters["condition_id"] ?? ""
            guard universe.marketIndexByCondition[conditionID] != nil else { throw HTTPError.notFound("market not found") }
            let trades = recordedTrades.entries.filter { $0.trade.conditionID == conditionID }.map(\.payload)
            return .json(bytes: Self.joinArray(trades))
        }
        router.get("/fee-rate") { [self] request in
            let market = try listedMarket(token: try Self.tokenParameter(request))
            return .json(["base_fee": try clobMarket(market).taker_base_fee])
        }
    }

    /// The market trading `token`, whatever its state; 404 for a token no market has.
    func listedMarket(token: String) throws -> SimulatedMarket {
        guard let index = universe.marketIndexByToken[token], isListed(universe.markets[index]) else {
            throw HTTPError.notFound("market not found")
        }
        return universe.markets[index]
    }

    func spread(of book: OrderBook) throws -> Decimal {
        guard let bid = book.bestBid?.price, let ask = book.bestAsk?.price else {
            throw HTTPError.notFound("the book has no two-sided quote")
        }
        return ask - bid
    }

    /// As the CLOB quotes it: BUY is the best bid, SELL the best ask.
    static func price(_ book: OrderBook, side: String) -> Decimal? {
        side == "BUY" ? book.bestBid?.price : book.bestAsk?.price
    }

    /// The last trade of `token`: its book's `last_trade_price` (the simulated midpoint rounded
    /// to the tick), a buy.
    struct LastTrade: Encodable {
        let token_id: String
        let price: String
        let side: String
    }

    func lastTrade(token: String) throws -> LastTrade {
        let book = try currentBook(token: token)
        guard let price = book.lastTradePrice else { throw HTTPError.notFound("no trade recorded for this token") }
        return LastTrade(token_id: token, price: DecimalText.format(price), side: "BUY")
    }
}
