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
    /// When the market closed (`2026-01-23 20:56:36+00`): for a resolved market, when its outcome
    /// became known.
    public var closedTime: Date?
    /// When UMA settled the market (`umaEndDate`): the moment its outcome became known.
    public var umaEndDate: Date?
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
    /// Polymarket's fee type (`crypto_fees`, `sports_fees`, …), sent with or without a schedule.
    public var feeType: String?
    public var umaResolutionStatus: String?
    public var umaResolutionStatuses: [String]
    /// Parent events (the `/markets` endpoint embeds them; `/events` does not).
    public var events: [GammaEvent]?

    /// Decodes through any `Decoder` (the `/markets` endpoints embed parent events, read here too).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try self.init(fields: DecoderFields(container: container))
        events = try? container.decodeIfPresent([GammaEvent].self, forKey: AnyCodingKey("events"))
    }

    /// Reads a market object straight from its bytes (no parent events: `/events` pages nest
    /// markets without them). Nil when the bytes are not an object with an id.
    public static func read(_ slicer: JSONSlicer, object range: Range<Int>) -> GammaMarket? {
        guard let fields = SlicedFields(slicer, object: range) else { return nil }
        return try? GammaMarket(fields: fields)
    }

    /// The one mapping from Gamma's fields, whichever way they are read.
    init(fields c: some LenientFields) throws {
        guard let id = c.string("id"), !id.isEmpty else {
            throw DecodingError.keyNotFound(AnyCodingKey("id"), .init(codingPath: [], debugDescription: "market without id"))
        }
        self.id = id
        conditionID = c.string("conditionId") ?? ""
        question = c.string("question")
        slug = c.string("slug")
        category = c.string("category")
        startDate = c.string("startDate").flatMap(ISO8601Lenient.parse)
        endDate = (c.string("endDate") ?? c.string("endDateIso")).flatMap(ISO8601Lenient.parse)
        closedTime = c.string("closedTime").flatMap(ISO8601Lenient.parse)
        umaEndDate = c.string("umaEndDate").flatMap(ISO8601Lenient.parse)
        liquidity = c.decimal("liquidity", usuallyNumber: false) ?? c.decimal("liquidityNum", usuallyNumber: true)
        volume = c.decimal("volume", usuallyNumber: false) ?? c.decimal("volumeNum", usuallyNumber: true)
        volume24hr = c.decimal("volume24hr", usuallyNumber: true)
        outcomes = c.stringList("outcomes") ?? []
        outcomePrices = (c.stringList("outcomePrices") ?? []).compactMap(PolymarketDecimal.parse)
        clobTokenIDs = c.stringList("clobTokenIds") ?? []
        active = c.bool("active")
        closed = c.bool("closed")
        archived = c.bool("archived")
        acceptingOrders = c.bool("acceptingOrders")
        enableOrderBook = c.bool("enableOrderBook")
        negRisk = c.bool("negRisk")
        negRiskMarketID = c.string("negRiskMarketID")
        bestBid = c.decimal("bestBid", usuallyNumber: true)
        bestAsk = c.decimal("bestAsk", usuallyNumber: true)
        lastTradePrice = c.decimal("lastTradePrice", usuallyNumber: true)
        spread = c.decimal("spread", usuallyNumber: true)
        oneDayPriceChange = c.decimal("oneDayPriceChange", usuallyNumber: true)
        oneWeekPriceChange = c.decimal("oneWeekPriceChange", usuallyNumber: true)
        tickSize = c.decimal("orderPriceMinTickSize", usuallyNumber: true)
        orderMinSize = c.decimal("orderMinSize", usuallyNumber: true)
        feesEnabled = c.bool("feesEnabled")
        feeSchedule = c.object("feeSchedule").flatMap { FeeSchedule(fields: $0) }
        feeType = c.string("feeType")
        umaResolutionStatus = c.string("umaResolutionStatus")
        umaResolutionStatuses = c.stringList("umaResolutionStatuses") ?? []
        events = nil
    }

    /// The YES (first outcome) token id, if the market lists its tokens.
    public var yesTokenID: String? { clobTokenIDs.first }
    /// The NO (second outcome) token id.
    public var noTokenID: String? { clobTokenIDs.count > 1 ? clobTokenIDs[1] : nil }
    /// The first parent event's id.
    public var eventID: String? { events?.first?.id }
}

extension GammaMarket {
    /// The taker fee the market itself declares, and where it came from: its `feeSchedule`,
    /// else its `feeType`'s published rate. Nil when fees are off or the market names neither
    /// (the caller then guesses from the category, and says so).
    public var declaredFee: (schedule: FeeSchedule, source: String)? {
        guard feesEnabled == true else { return nil }
        if let feeSchedule { return (feeSchedule, "fee_schedule") }
        if let feeType, let schedule = FeeSchedule.byFeeType[feeType] { return (schedule, "fee_type:\(feeType)") }
        return nil
    }
}
