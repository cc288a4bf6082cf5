import Foundation
import Postgres

/// A market as the markets service returns it.
public struct MarketRecord: Codable, Sendable {
    public var id: String
    public var conditionID: String
    public var eventID: String?
    public var question: String
    public var slug: String?
    public var category: String?
    public var yesTokenID: String?
    public var noTokenID: String?
    public var yesPrice: Decimal?
    public var noPrice: Decimal?
    public var bestBid: Decimal?
    public var bestAsk: Decimal?
    public var lastTradePrice: Decimal?
    public var liquidity: Decimal?
    public var volume: Decimal?
    public var volume24hr: Decimal?
    public var oneDayPriceChange: Decimal?
    public var oneWeekPriceChange: Decimal?
    public var endDate: Date?
    public var active: Bool
    public var closed: Bool
    public var acceptingOrders: Bool
    public var negRisk: Bool
    public var negRiskMarketID: String?
    public var tickSize: Decimal?
    public var orderMinSize: Decimal?
    public var passesQualityFilter: Bool
    public var inOpenUniverse: Bool
    public var umaResolutionStatus: String?
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, conditionID = "condition_id", eventID = "event_id", question, slug, category, yesTokenID = "yes_token_id",
            noTokenID = "no_token_id", yesPrice = "yes_price", noPrice = "no_price", bestBid = "best_bid",
            bestAsk = "best_ask", lastTradePrice = "last_trade_price", liquidity, volume, volume24hr = "volume_24hr",
            oneDayPriceChange = "one_day_price_change", oneWeekPriceChange = "one_week_price_change",
            endDate = "end_date", active, closed, acceptingOrders = "accepting_orders", negRisk = "neg_risk",
            negRiskMarketID = "neg_risk_market_id", tickSize = "tick_size", orderMinSize = "order_min_size",
            passesQualityFilter = "passes_quality_filter", inOpenUniverse = "in_open_universe",
            umaResolutionStatus = "uma_resolution_status", updatedAt = "updated_at"
    }

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        conditionID = try row.decode("condition_id")
        eventID = try row.decodeIfPresent("event_id")
        question = try row.decode("question")
        slug = try row.decodeIfPresent("slug")
        category = try row.decodeIfPresent("category")
        yesTokenID = try row.decodeIfPresent("yes_token_id")
        noTokenID = try row.decodeIfPresent("no_token_id")
        yesPrice = try row.decodeIfPresent("yes_price")
        noPrice = try row.decodeIfPresent("no_price")
        bestBid = try row.decodeIfPresent("best_bid")
        bestAsk = try row.decodeIfPresent("best_ask")
        lastTradePrice = try row.decodeIfPresent("last_trade_price")
        liquidity = try row.decodeIfPresent("liquidity")
        volume = try row.decodeIfPresent("volume")
        volume24hr = try row.decodeIfPresent("volume_24hr")
        oneDayPriceChange = try row.decodeIfPresent("one_day_price_change")
        oneWeekPriceChange = try row.decodeIfPresent("one_week_price_change")
        endDate = try row.decodeIfPresent("end_date")
        active = try row.decode("active")
        closed = try row.decode("closed")
        acceptingOrders = try row.decode("accepting_orders")
        negRisk = try row.decode("neg_risk")
        negRiskMarketID = try row.decodeIfPresent("neg_risk_market_id")
        tickSize = try row.decodeIfPresent("tick_size")
        orderMinSize = try row.decodeIfPresent("order_min_size")
        passesQualityFilter = try row.decode("passes_quality_filter")
        inOpenUniverse = try row.decode("in_open_universe")
        umaResolutionStatus = try row.decodeIfPresent("uma_resolution_status")
        updatedAt = try row.decode("updated_at")
    }
}
