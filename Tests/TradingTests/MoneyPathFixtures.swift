import Contracts
import Foundation
import Polymarket
import Portfolios
import PrescientCore
import TestSupport
import Trading

/// Values the in-memory money-path tests build their decisions from: a book, a signal, a
/// market's terms and a portfolio's exposure, each with explicit figures.
enum MoneyPath {
    static func decimal(_ text: String) -> Decimal { Decimal(string: text)! }

    /// A book for `token` with the given asks and bids (price, shares), tick 0.01, minimum 5 shares.
    static func book(token: TokenID = "yes-1", asks: [(String, String)] = [], bids: [(String, String)] = [], minimum: Decimal = 5)
        -> OrderBook
    {
        OrderBook.make(
            token: token.rawValue, asks: asks.map { (decimal($0.0), decimal($0.1)) }, bids: bids.map { (decimal($0.0), decimal($0.1)) },
            minimum: minimum)
    }

    static func buy(_ amount: String, limit: String = "0.60", token: TokenID = "yes-1", market: MarketID = "m-1") -> TradingSignal {
        TradingSignal.make(.buyYes, amount: decimal(amount), limit: decimal(limit), market: market, token: token)
    }

    static func sell(_ shares: String, limit: String = "0.30", token: TokenID = "yes-1") -> TradingSignal {
        TradingSignal.make(.sellYes, amount: decimal(shares), limit: decimal(limit), token: token)
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
        config(generousJSON(json))
    }

    /// The configuration keys of `generous`.
    static func generousJSON(_ json: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var all: [String: JSONValue] = [
            "max_exposure_pct": .number(1), "max_single_position_pct": .number(1), "max_category_exposure_pct": .number(1),
            "max_region_exposure_pct": .number(1),
        ]
        for (key, value) in json { all[key] = value }
        return all
    }
}

/// Books that tests set and change between executions: the quote source of an in-memory cycle.
final class FixedQuotes: QuoteSource, Sendable {
    private let stored = Locked<[String: OrderBook]>([:])

    init(_ books: [OrderBook] = []) { set(books) }

    /// Replaces the books of the tokens given.
    func set(_ books: [OrderBook]) {
        stored.mutate { for book in books { $0[book.assetID] = book } }
    }

    func books(tokenIDs: [String]) throws -> [OrderBook] {
        let all = stored.value
        return tokenIDs.compactMap { all[$0] }
    }

    func midpoints(tokenIDs: [String]) throws -> [String: Decimal] { [:] }
}

extension MoneyPath {
    /// An in-memory store with one market (`m-1`, politics, `fee`) and one portfolio of
    /// `balance`, and that portfolio as the executor sees it.
    static func world(balance: Decimal = 1_000, fee: MarketFee = .none, config: [String: JSONValue] = [:]) -> (
        store: InMemoryTradingStore, portfolio: Portfolio
    ) {
        let store = InMemoryTradingStore()
        store.addMarket("m-1", terms: terms(fee: fee))
        let id = store.openAccount(initialBalance: balance)
        return (store, portfolio(id, balance: balance, config: config))
    }

    /// A momentum portfolio `id` with every limit wide open but for the keys given.
    static func portfolio(_ id: PortfolioID, balance: Decimal, config: [String: JSONValue] = [:]) -> Portfolio {
        Portfolio.make(id: id, balance: balance, config: generousJSON(config))
    }

    /// A signal of `portfolioID`'s cycle (`c-1` unless given).
    static func signal(
        _ action: TradingSignal.Action, _ amount: String, limit: String, token: TokenID = "yes-1", market: MarketID = "m-1",
        portfolioID: PortfolioID, group: String? = nil, cycle: CycleID = "c-1"
    ) -> TradingSignal {
        TradingSignal.make(
            action, amount: decimal(amount), limit: decimal(limit), portfolio: portfolioID, cycle: cycle, market: market, token: token,
            group: group)
    }
}
