import Foundation

/// One trade as the evidence gates read it: what was staked on which side of which market, at
/// what prices, what the strategy claimed, and what became of it. Figures are statistics of the
/// trades (doubles), never balances: the money itself stays in the ledger's decimals.
public struct EvidenceTrade: Sendable, Codable, Equatable {
    /// The independent event it belongs to: the markets of one negRisk event share it, so they count once.
    public let event: String
    /// When it was decided (epoch seconds).
    public let time: Int64
    /// Dollars paid for the shares, before the fee.
    public let stake: Double
    public let fee: Double
    /// Dollars it brought back (its settlement or its sale); nil while it is open.
    public let payout: Double?
    /// Whether the side bought won at resolution; nil before resolution (or when sold and never resolved).
    public let won: Bool?
    /// The average price paid per share.
    public let price: Double
    /// The bought side's mid at the decision: the market's forecast then.
    public let mid: Double
    /// The other side's ask at the decision (for the random-side baseline); nil when unknown.
    public let otherAsk: Double?
    /// The probability the strategy's signal implied for its side; nil for strategies that imply none.
    public let probability: Double?
    /// The bought side's mid one hour and one day after the decision (known only afterwards; nil when not recorded).
    public let midAfterHour: Double?
    public let midAfterDay: Double?
    /// The ask of the bought side once the stress latency had passed (the fill a slower decision would get).
    public let priceAfterLatency: Double

    public init(
        event: String, time: Int64, stake: Double, fee: Double, payout: Double?, won: Bool?, price: Double, mid: Double,
        otherAsk: Double?, probability: Double?, midAfterHour: Double? = nil, midAfterDay: Double? = nil, priceAfterLatency: Double? = nil
    ) {
        self.event = event
        self.time = time
        self.stake = stake
        self.fee = fee
        self.payout = payout
        self.won = won
        self.price = price
        self.mid = mid
        self.otherAsk = otherAsk
        self.probability = probability
        self.midAfterHour = midAfterHour
        self.midAfterDay = midAfterDay
        self.priceAfterLatency = priceAfterLatency ?? price
    }

    /// The other side's ask of a binary market: one less the bought side's bid (or, without a
    /// captured bid, the bid as far below the mid as the price paid was above it), kept in (0, 1).
    public static func otherAsk(mid: Double, price: Double, bid: Double?) -> Double {
        min(0.999, max(0.001, 1 - (bid ?? (2 * mid - price))))
    }

    /// Payout less stake and fee, once closed.
    public var pnl: Double? { payout.map { $0 - stake - fee } }

    /// The P&L had it been held to resolution at `price` for `stake`, with `fee`; nil unresolved.
    func heldPnl(price: Double, wins: Bool?, fee: Double) -> Double? {
        guard let wins, price > 0 else { return nil }
        return (wins ? stake / price : 0) - stake - fee
    }

    enum CodingKeys: String, CodingKey {
        case event, time, stake, fee, payout, won, price, mid, probability
        case otherAsk = "other_ask", midAfterHour = "mid_after_1h", midAfterDay = "mid_after_1d", priceAfterLatency = "price_after_latency"
    }
}
