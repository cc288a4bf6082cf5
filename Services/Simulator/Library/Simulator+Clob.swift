import Foundation
import HTTPServer
import Polymarket
import PrescientCore

extension Simulator {
    static let maxBatch = 500

    func registerClob(on router: inout Router) {
        router.get("/book") { [self] request in
            .json(try currentBook(token: try Self.tokenParameter(request)))
        }
        router.post("/books", changesState: false) { [self] request in
            let tokens = try Self.tokenList(request)
            return .json(tokens.compactMap { try? currentBook(token: $0) })
        }
        router.get("/midpoint") { [self] request in
            guard let mid = try currentMidpoint(token: try Self.tokenParameter(request)) else {
                throw HTTPError.notFound("the book has no two-sided quote")
            }
            return .json(["mid": DecimalText.format(mid)])
        }
        router.post("/midpoints", changesState: false) { [self] request in
            var result: [String: String] = [:]
            let second = state.elapsedSeconds
            for token in try Self.tokenList(request) {
                if let mid = try? currentMidpoint(token: token, atSecond: second) { result[token] = DecimalText.format(mid) }
            }
            return .json(result)
        }
        router.get("/price") { [self] request in
            let book = try currentBook(token: try Self.tokenParameter(request))
            let side = request.query["side"]?.uppercased() ?? ""
            guard side == "BUY" || side == "SELL" else { throw HTTPError.badRequest("side must be BUY or SELL") }
            // As recorded: BUY quotes the best bid, SELL the best ask.
            guard let price = side == "BUY" ? book.bestBid?.price : book.bestAsk?.price else {
                throw HTTPError.notFound("no \(side) price")
            }
            return .json(["price": DecimalText.format(price)])
        }
        router.get("/prices-history") { [self] request in try pricesHistory(request) }
    }

    /// The token's book now; 404 like the real CLOB for unknown tokens and closed markets.
    func currentBook(token: String) throws -> OrderBook {
        guard let index = universe.marketIndexByToken[token] else {
            throw HTTPError.notFound("No orderbook exists for the requested token id")
        }
        let market = universe.markets[index]
        guard !isClosed(market), isListed(market) else {
            throw HTTPError.notFound("No orderbook exists for the requested token id")
        }
        let seconds = state.elapsedSeconds
        return books.book(
            for: token, of: market, yesNow: yesPrice(of: market, atSecond: seconds), step: seconds / PriceWalk.stepSeconds,
            elapsedSeconds: seconds)
    }

    /// The token's midpoint now; 404 like `currentBook`.
    func currentMidpoint(token: String, atSecond second: Int64? = nil) throws -> Decimal? {
        guard let index = universe.marketIndexByToken[token] else {
            throw HTTPError.notFound("No orderbook exists for the requested token id")
        }
        let market = universe.markets[index]
        guard !isClosed(market), isListed(market) else {
            throw HTTPError.notFound("No orderbook exists for the requested token id")
        }
        return books.midpoint(for: token, of: market, yesNow: yesPrice(of: market, atSecond: second ?? state.elapsedSeconds))
    }

    func pricesHistory(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let token = request.query["market"], !token.isEmpty else {
            throw HTTPError.badRequest("market (a token id) is required")
        }
        let nowSeconds = epoch + state.elapsedSeconds
        if let recorded = recordedHistories[token] {
            return .json(recorded)
        }
        guard let index = universe.marketIndexByToken[token] else { throw HTTPError.notFound("no market for token \(token)") }
        let market = universe.markets[index]
        let spans = ["1h": 3_600, "6h": 21_600, "1d": 86_400, "1w": 604_800, "1m": 2_592_000, "max": 2_592_000]
        let interval = request.query["interval"] ?? "1d"
        guard var span = spans[interval].map(Int64.init) else {
            throw HTTPError.badRequest("interval must be one of 1h, 6h, 1d, 1w, 1m, max")
        }
        if let start = request.query["startTs"].flatMap(Int64.init) { span = max(0, nowSeconds - start) }
        let fidelityMinutes = Int64(request.query["fidelity"].flatMap(Int.init) ?? 60)
        guard fidelityMinutes >= 1 else { throw HTTPError.badRequest("fidelity must be at least 1 minute") }
        let stepsPerPoint = fidelityMinutes * 60 / PriceWalk.stepSeconds
        let nowStep = state.step
        let firstStep = nowStep - span / PriceWalk.stepSeconds
        let outcomeIndex = market.tokenIDs.firstIndex(of: token) ?? 0
        var points: [PriceHistory.Point] = []
        var step = nowStep
        while step >= firstStep && points.count < 5_000 {
            let yes = yesPrice(of: market, atSecond: step * PriceWalk.stepSeconds)
            let price = outcomeIndex == 0 ? yes : 1000 - yes
            points.append(.init(t: epoch + step * PriceWalk.stepSeconds, p: Decimal(price) / 1000))
            step -= max(1, stepsPerPoint)
        }
        return .json(PriceHistory(history: points.reversed()))
    }

    static func tokenParameter(_ request: HTTPRequest) throws -> String {
        guard let token = request.query["token_id"], !token.isEmpty else {
            throw HTTPError.badRequest("token_id is required", code: "missing_parameter")
        }
        return token
    }

    /// `[{"token_id":"…"}, …]`, at most 500.
    static func tokenList(_ request: HTTPRequest) throws -> [String] {
        struct Item: Decodable { let token_id: String }
        let items = try request.decodeJSON([Item].self)
        guard items.count <= maxBatch else {
            throw HTTPError.badRequest("at most \(maxBatch) tokens per request", code: "batch_too_large")
        }
        return items.map(\.token_id)
    }
}
