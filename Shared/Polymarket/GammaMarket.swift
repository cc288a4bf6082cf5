import Foundation
import PrescientCore

/// A Gamma market as the real API sends it, with every field optional but the identifiers.
public struct GammaMarket: Decodable, Sendable {
    public var id: String
    public var conditionID: String
    public var question: String?
    public var slug: String?
    public var category: String?
    public var startDate: Date?
    public var endDate: Date?
    public var liquidity: Decimal?
    public var volume: Decimal?
    public var volume24hr: Decimal?
    public var outcomes: [String]
    public var outcomePrices: [Decimal]
    public var clobTokenIDs: [String]
    public var active: Bool?
    public var closed: Bool?
    public var archived: Bool?
    public var acceptingOrders: Bool?
    public var enableOrderBook: Bool?
    public var negRisk: Bool?
    public var negRiskMarketID: String?
    public var bestBid: Decimal?
    public var bestAsk: Decimal?
    public var lastTradePrice: Decimal?
    public var spread: Decimal?
    public var oneDayPriceChange: Decimal?
    public var oneWeekPriceChange: Decimal?
    public var tickSize: Decimal?
    public var orderMinSize: Decimal?
    public var feesEnabled: Bool?
    /// The market's own fee schedule, when Gamma sends one.
    public var feeSchedule: FeeSchedule?
    public var umaResolutionStatus: String?
    public var umaResolutionStatuses: [String]
    /// Parent events (the `/markets` endpoint embeds them; `/events` does not).
    public var events: [GammaEvent]?

    enum CodingKeys: String, CodingKey {
        case id, conditionId, question, slug, category, startDate, endDate, endDateIso, liquidity, liquidityNum, volume,
            volumeNum, volume24hr, outcomes, outcomePrices, clobTokenIds, active, closed, archived, acceptingOrders,
            enableOrderBook, negRisk, negRiskMarketID, bestBid, bestAsk, lastTradePrice, spread, oneDayPriceChange,
            oneWeekPriceChange, orderPriceMinTickSize, orderMinSize, feesEnabled, feeSchedule, umaResolutionStatus,
            umaResolutionStatuses, events
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id), !id.isEmpty else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "market without id"))
        }
        self.id = id
        conditionID = c.lenientString(.conditionId) ?? ""
        question = c.lenientString(.question)
        slug = c.lenientString(.slug)
        category = c.lenientString(.category)
        startDate = c.lenientString(.startDate).flatMap(ISO8601Lenient.parse)
        endDate = (c.lenientString(.endDate) ?? c.lenientString(.endDateIso)).flatMap(ISO8601Lenient.parse)
        liquidity = c.lenientDecimal(.liquidity) ?? c.lenientDecimal(.liquidityNum, usuallyNumber: true)
        volume = c.lenientDecimal(.volume) ?? c.lenientDecimal(.volumeNum, usuallyNumber: true)
        volume24hr = c.lenientDecimal(.volume24hr, usuallyNumber: true)
        outcomes = c.stringList(.outcomes) ?? []
        outcomePrices = (c.stringList(.outcomePrices) ?? []).compactMap(PolymarketDecimal.parse)
        clobTokenIDs = c.stringList(.clobTokenIds) ?? []
        active = c.lenientBool(.active)
        closed = c.lenientBool(.closed)
        archived = c.lenientBool(.archived)
        acceptingOrders = c.lenientBool(.acceptingOrders)
        enableOrderBook = c.lenientBool(.enableOrderBook)
        negRisk = c.lenientBool(.negRisk)
        negRiskMarketID = c.lenientString(.negRiskMarketID)
        bestBid = c.lenientDecimal(.bestBid, usuallyNumber: true)
        bestAsk = c.lenientDecimal(.bestAsk, usuallyNumber: true)
        lastTradePrice = c.lenientDecimal(.lastTradePrice, usuallyNumber: true)
        spread = c.lenientDecimal(.spread, usuallyNumber: true)
        oneDayPriceChange = c.lenientDecimal(.oneDayPriceChange, usuallyNumber: true)
        oneWeekPriceChange = c.lenientDecimal(.oneWeekPriceChange, usuallyNumber: true)
        tickSize = c.lenientDecimal(.orderPriceMinTickSize, usuallyNumber: true)
        orderMinSize = c.lenientDecimal(.orderMinSize, usuallyNumber: true)
        feesEnabled = c.lenientBool(.feesEnabled)
        feeSchedule = c.contains(.feeSchedule) ? try? c.decodeIfPresent(FeeSchedule.self, forKey: .feeSchedule) : nil
        umaResolutionStatus = c.lenientString(.umaResolutionStatus)
        umaResolutionStatuses = c.stringList(.umaResolutionStatuses) ?? []
        events = try? c.decodeIfPresent([GammaEvent].self, forKey: .events)
    }

    /// The YES (first outcome) token id, if the market lists its tokens.
    public var yesTokenID: String? { clobTokenIDs.first }
    /// The NO (second outcome) token id.
    public var noTokenID: String? { clobTokenIDs.count > 1 ? clobTokenIDs[1] : nil }
    /// The first parent event's id.
    public var eventID: String? { events?.first?.id }
}
