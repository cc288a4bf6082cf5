import Foundation
import Portfolios
import Postgres

/// A market from the shared pool, with what strategies need to judge it. A class: strategies pass
/// thousands of them around per call, and a reference copies for one retain.
public final class CandidateMarket: Sendable {
    public let id: String
    public let conditionID: String
    public let eventID: String?
    public let question: String
    public let category: String?
    public let yesTokenID: String
    public let noTokenID: String
    public let yesPrice: Decimal?
    public let bestBid: Decimal?
    public let bestAsk: Decimal?
    public let liquidity: Decimal
    public let volume: Decimal
    public let oneDayPriceChange: Decimal?
    public let oneWeekPriceChange: Decimal?
    public let endDate: Date?
    public let negRisk: Bool
    public let negRiskMarketID: String?
    public let startDate: Date?
    /// The price grid orders must sit on (0.01 when the market does not say).
    public let tickSize: Decimal
    /// The taker fee a fill here pays.
    public let fee: MarketFee

    /// A market built in code (tests, tools); everything not given is unknown.
    public init(
        id: String, question: String = "", category: String? = nil, yesTokenID: String, noTokenID: String, yesPrice: Decimal? = nil,
        startDate: Date? = nil, endDate: Date? = nil, tickSize: Decimal = TickSize.standard, negRiskMarketID: String? = nil,
        fee: MarketFee = .none
    ) {
        self.fee = fee
        self.id = id
        conditionID = "0x" + id
        eventID = nil
        self.question = question
        self.category = category
        self.yesTokenID = yesTokenID
        self.noTokenID = noTokenID
        self.yesPrice = yesPrice
        bestBid = nil
        bestAsk = nil
        liquidity = 0
        volume = 0
        oneDayPriceChange = nil
        oneWeekPriceChange = nil
        self.startDate = startDate
        self.endDate = endDate
        negRisk = negRiskMarketID != nil
        self.negRiskMarketID = negRiskMarketID
        self.tickSize = tickSize
    }

    public init(row: PostgresRow) throws {
        id = try row.decode("id")
        conditionID = try row.decode("condition_id")
        eventID = try row.decodeIfPresent("event_id")
        question = try row.decode("question")
        category = try row.decodeIfPresent("category")
        yesTokenID = try row.decode("yes_token_id")
        noTokenID = try row.decode("no_token_id")
        yesPrice = try row.decodeIfPresent("yes_price")
        bestBid = try row.decodeIfPresent("best_bid")
        bestAsk = try row.decodeIfPresent("best_ask")
        liquidity = try row.decodeIfPresent("liquidity") ?? 0
        volume = try row.decodeIfPresent("volume") ?? 0
        oneDayPriceChange = try row.decodeIfPresent("one_day_price_change")
        oneWeekPriceChange = try row.decodeIfPresent("one_week_price_change")
        endDate = try row.decodeIfPresent("end_date")
        negRisk = try row.decode("neg_risk")
        negRiskMarketID = try row.decodeIfPresent("neg_risk_market_id")
        startDate = try row.decodeIfPresent("start_date")
        tickSize = try row.decodeIfPresent("tick_size").flatMap { $0 > 0 ? $0 : nil } ?? Decimal(string: "0.01")!
        fee = try MarketFee(row: row)
    }

    static let half = Decimal(string: "0.5")!

    /// The YES price to reason with: the mid of the recorded best bid/ask, else the outcome price.
    public var referenceYesPrice: Decimal? {
        if let bid = bestBid, let ask = bestAsk, ask >= bid { return (bid + ask) * Self.half }
        return yesPrice
    }
}
