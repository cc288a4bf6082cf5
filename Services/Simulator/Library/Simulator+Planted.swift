import Foundation
import HTTPServer
import Polymarket
import PrescientCore
import ServiceKit

/// Known paths and trades for tests and demos: `POST /sim/price-path` sets a market's price
/// path (replacing the walk from now on), `POST /sim/trades` plants a wallet's trade (served by
/// the Data API's `/trades` and sent on the market channel as `last_trade_price`).
extension Simulator {
    /// The YES price in thousandths at clock `second`: the market's price path where one is set,
    /// the seeded walk otherwise.
    func yesPrice(of market: SimulatedMarket, atSecond second: Int64) -> Int64 {
        if let yesToken = market.tokenIDs.first, let price = state.pathPrice(yesToken: yesToken, atSecond: second) {
            return price
        }
        return books.walkedYesPrice(of: market, step: second / PriceWalk.stepSeconds)
    }

    func registerPlanted(on router: inout Router) {
        router.post("/sim/price-path") { [self] request in
            let fields = try JSONFields(request, allowed: ["token_id", "points"])
            let token = try fields.requiredString("token_id")
            let market = try openMarket(token: token)
            guard case .array(let items)? = fields.values["points"], items.count <= 1_000 else {
                throw HTTPError.badRequest("field 'points' must be an array of at most 1000 points", code: "invalid_field")
            }
            let now = state.elapsedSeconds
            var points: [PricePath.Point] = []
            for (index, item) in items.enumerated() {
                guard case .object(let object) = item else {
                    throw HTTPError.badRequest("'points[\(index)]' must be an object", code: "invalid_field")
                }
                let point = try JSONFields(object: object, allowed: ["after_seconds", "price"], path: "points[\(index)]")
                let after = try point.requiredInt64("after_seconds")
                guard let price = try point.decimal("price"), price > 0, price < 1 else {
                    throw HTTPError.badRequest("'points[\(index)].price' must be a price between 0 and 1", code: "invalid_field")
                }
                guard after >= 0, after <= 31_536_000, after > (points.last.map { $0.second - now } ?? -1) else {
                    throw HTTPError.badRequest(
                        "'points[\(index)].after_seconds' must be 0 to 31536000 and after the previous point's", code: "invalid_field")
                }
                let thousandths = BookMaker.thousandths(price)
                let isYes = market.tokenIDs.first == token
                points.append(.init(second: now + after, yesThousandths: isYes ? thousandths : 1_000 - thousandths))
            }
            state.setPricePath(points.isEmpty ? nil : PricePath(points: points), yesToken: market.tokenIDs.first ?? token)
            return .json(["token_id": token, "points": "\(points.count)", "from_clock_seconds": "\(now)"])
        }
        router.post("/sim/trades") { [self] request in
            let fields = try JSONFields(request, allowed: ["wallet", "token_id", "side", "size", "price"])
            let wallet = try PolymarketIdentifier.address(try fields.requiredString("wallet"), field: "wallet")
            let token = try fields.requiredString("token_id")
            let market = try openMarket(token: token)
            let side = try fields.requiredString("side").uppercased()
            guard side == "BUY" || side == "SELL" else {
                throw HTTPError.badRequest("field 'side' must be BUY or SELL", code: "invalid_field")
            }
            guard let size = try fields.decimal("size"), size > 0, size <= 10_000_000 else {
                throw HTTPError.badRequest("field 'size' must be a number of shares above 0", code: "invalid_field")
            }
            let book = try currentBook(token: token)
            let touch = side == "BUY" ? book.bestAsk?.price : book.bestBid?.price
            guard let price = try fields.decimal("price") ?? touch, price > 0, price < 1 else {
                throw HTTPError.badRequest(
                    "field 'price' must be between 0 and 1 (the book has no touch to default to)", code: "invalid_field")
            }
            let second = state.elapsedSeconds
            let index = market.tokenIDs.firstIndex(of: token) ?? 0
            let sequence = state.plantedTrades().count
            let trade = PlantedTrade(
                wallet: wallet, token: token, conditionID: market.conditionID, outcomeIndex: index, side: side, size: size,
                price: price, timestamp: epoch + second,
                transactionHash: "0x" + String(format: "%016llx", PriceWalk.mix(PriceWalk.hash(wallet) ^ UInt64(sequence)))
                    + String(repeating: "0", count: 48))
            _ = state.plant(trade)
            return .json(plantedRow(trade))
        }
    }

    /// The newest fill time the Data API shows: the clock less `SIM_DATA_LAG_S`.
    var dataVisibleThrough: Int64 { epoch + state.elapsedSeconds - configuration.dataLagSeconds }

    /// The planted trades of a wallet or market as Data API `/trades` rows, newest first, once
    /// they are older than the Data API's lag.
    func plantedRows(wallet: String?, conditionID: String?) -> [DataAPIRows.Trade] {
        let visible = dataVisibleThrough
        return state.plantedTrades().filter { trade in
            trade.timestamp <= visible && (wallet == nil || trade.wallet == wallet)
                && (conditionID == nil || trade.conditionID == conditionID)
        }.reversed().map(plantedRow)
    }

    func plantedRow(_ trade: PlantedTrade) -> DataAPIRows.Trade {
        let market = universe.marketIndexByToken[trade.token].flatMap { index in
            try? JSONDecoder().decode(GammaMarket.self, from: Data(universe.markets[index].fullPayload))
        }
        let outcomes = market?.outcomes ?? ["Yes", "No"]
        return DataAPIRows.Trade(
            proxyWallet: trade.wallet, side: trade.side, asset: trade.token, conditionId: trade.conditionID, size: trade.size,
            price: trade.price, timestamp: trade.timestamp, title: market?.question ?? "", slug: market?.slug ?? "", icon: "",
            eventSlug: market?.events?.first?.slug ?? "",
            outcome: outcomes.indices.contains(trade.outcomeIndex) ? outcomes[trade.outcomeIndex] : "",
            outcomeIndex: trade.outcomeIndex, name: "", pseudonym: "", bio: "", profileImage: "", profileImageOptimized: "",
            transactionHash: trade.transactionHash)
    }

    /// The open, listed market of a token, or a 404.
    func openMarket(token: String) throws -> SimulatedMarket {
        guard let index = universe.marketIndexByToken[token] else {
            throw HTTPError(.notFound, code: "not_found", message: "no market has token \(token)")
        }
        let market = universe.markets[index]
        guard !isClosed(market), isListed(market) else {
            throw HTTPError(.conflict, code: "market_closed", message: "the market of token \(token) is closed or delisted")
        }
        return market
    }
}
