import Foundation

/// What became of one signal: the mids after it, whether following it paid after 15 minutes,
/// and its asset's outcome. Prices are the asset's (a `sell` signal bets on its asset falling).
public struct SignalScore: Sendable, Equatable {
    public enum Side: String, Sendable, Codable {
        case buy, sell
    }

    public let side: Side
    public let entryBid: Decimal?
    public let entryAsk: Decimal?
    public let entryMid: Decimal
    /// The probability the signal implies that its asset wins.
    public let impliedProbability: Decimal
    public let mid5m: Decimal?
    public let mid15m: Decimal?
    public let mid60m: Decimal?
    /// 1 when the asset won, 0 when it lost; nil while open (and for a void market).
    public let outcome: Decimal?
    /// Where the signal was traded and its position has closed.
    public let realizedPnl: Decimal?

    public init(
        side: Side, entryBid: Decimal?, entryAsk: Decimal?, entryMid: Decimal, impliedProbability: Decimal, mid5m: Decimal? = nil,
        mid15m: Decimal? = nil, mid60m: Decimal? = nil, outcome: Decimal? = nil, realizedPnl: Decimal? = nil
    ) {
        self.side = side
        self.entryBid = entryBid
        self.entryAsk = entryAsk
        self.entryMid = entryMid
        self.impliedProbability = impliedProbability
        self.mid5m = mid5m
        self.mid15m = mid15m
        self.mid60m = mid60m
        self.outcome = outcome
        self.realizedPnl = realizedPnl
    }

    /// The move in the signal's favour from the entry mid to `mid` (mid to mid).
    public func markout(_ mid: Decimal?) -> Decimal? {
        mid.map { side == .buy ? $0 - entryMid : entryMid - $0 }
    }

    /// The move in its favour after 15 minutes net of the half-spread a follower would have
    /// crossed: bought at the ask (sold at the bid) and marked at the mid. The mid stands in for
    /// a side the entry book did not show.
    public var netMarkout15m: Decimal? {
        guard let mid15m else { return nil }
        return side == .buy ? mid15m - (entryAsk ?? entryMid) : (entryBid ?? entryMid) - mid15m
    }

    /// Whether following it was profitable after 15 minutes, net of the spread.
    public var profitable15m: Bool? { netMarkout15m.map { $0 > 0 } }
}
