import Contracts
import Foundation
import Polymarket
import Portfolios
import PrescientCore
import Trading

/// Values the in-memory money-path tests build their decisions from: a book, a signal, a
/// market's terms and a portfolio's exposure, each with explicit figures.
enum MoneyPath {
    static func decimal(_ text: String) -> Decimal { Decimal(string: text)! }

    /// A book for `token` with the given asks and bids (price, shares), tick 0.01, minimum 5 shares.
    static func book(token: String = "yes-1", asks: [(String, String)] = [], bids: [(String, String)] = [], minimum: Decimal = 5)
        -> OrderBook
    {
        OrderBook(
            market: "m-1", assetID: token, timestamp: nil, hash: nil,
            bids: bids.map { OrderBook.Level(price: decimal($0.0), size: decimal($0.1)) },
            asks: asks.map { OrderBook.Level(price: decimal($0.0), size: decimal($0.1)) }, minOrderSize: minimum,
            tickSize: decimal("0.01"), negRisk: false, lastTradePrice: nil)
    }

    static func buy(_ amount: String, limit: String = "0.60", token: String = "yes-1", market: String = "m-1") -> TradingSignal {
        TradingSignal(
            portfolioID: 1, cycleID: "c-1", marketID: market, tokenID: token, action: .buyYes, amount: decimal(amount),
            limitPrice: decimal(limit), confidence: decimal("0.7"), reason: "test")
    }

    static func sell(_ shares: String, limit: String = "0.30", token: String = "yes-1") -> TradingSignal {
        TradingSignal(
            portfolioID: 1, cycleID: "c-1", marketID: "m-1", tokenID: token, action: .sellYes, amount: decimal(shares),
            limitPrice: decimal(limit), confidence: decimal("0.7"), reason: "test")
    }

    /// Terms without fees in `group`.
    static func terms(group: String = "category:politics", region: String? = nil, fee: MarketFee = .none) -> MarketTerms {
        MarketTerms(fee: fee, tickSize: decimal("0.01"), group: group, region: region)
    }

    static func exposure(
        position: Decimal = 0, group: Decimal = 0, region: Decimal = 0, others: Int = 0, startOfDay: Decimal = 1_000
    ) -> BuyExposure {
        BuyExposure(positionCost: position, groupCost: group, regionCost: region, otherOpenPositions: others, startOfDayEquity: startOfDay)
    }

    /// A strategy configuration from its JSON keys (the defaults otherwise).
    static func config(_ json: [String: JSONValue] = [:]) -> StrategyConfig {
        try! StrategyConfig(json: json, for: .momentum)
    }

    /// Limits that let every buy through, but for the keys given.
    static func generous(_ json: [String: JSONValue] = [:]) -> StrategyConfig {
        var all: [String: JSONValue] = [
            "max_exposure_pct": .number(1), "max_single_position_pct": .number(1), "max_category_exposure_pct": .number(1),
            "max_region_exposure_pct": .number(1),
        ]
        for (key, value) in json { all[key] = value }
        return config(all)
    }
}
