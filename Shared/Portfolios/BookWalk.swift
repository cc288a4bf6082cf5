import Foundation
import Polymarket
import PrescientCore

/// What an order would get from a book: the levels it takes, the size-weighted average price.
public struct Fill: Sendable, Equatable, Encodable {
    public struct Level: Sendable, Equatable, Encodable {
        public let price: Decimal
        public let shares: Decimal
    }

    public let levels: [Level]
    /// Total shares (a multiple of Polymarket's 0.01 lot).
    public let shares: Decimal
    /// Total dollars paid (buys) or received (sells), before fees.
    public let notional: Decimal
    /// True when the whole requested size was available within the limit.
    public let complete: Bool

    /// The size-weighted average price, or nil for an empty fill.
    public var averagePrice: Decimal? { shares > 0 ? notional / shares : nil }
}

/// Walks an order book the way a taker order consumes it: buys take the asks from the lowest
/// price upward, sells take the bids from the highest downward, never past the limit price.
/// The API's ordering (bids ascending, asks descending) is not relied on: levels are sorted here.
public enum BookWalk {
    /// Polymarket's share lot.
    public static let lot = Decimal(string: "0.01")!

    /// A buy spending at most `dollars`, at prices no higher than `limit`.
    public static func buy(_ book: OrderBook, dollars: Decimal, limit: Decimal, consumed: [Decimal: Decimal] = [:]) -> Fill {
        var remaining = dollars
        var levels: [Fill.Level] = []
        var shares: Decimal = 0
        var notional: Decimal = 0
        var exhausted = true
        for level in book.asks.sorted(by: { $0.price < $1.price }) {
            guard level.price <= limit else { break }
            let available = max(0, level.size - (consumed[level.price] ?? 0))
            let affordable = (remaining / level.price).rounded(scale: 2, .down)
            let take = min(available, affordable).rounded(scale: 2, .down)
            if take > 0 {
                levels.append(.init(price: level.price, shares: take))
                shares += take
                notional += take * level.price
                remaining -= take * level.price
            }
            if affordable <= available {
                exhausted = false
                break
            }
        }
        // Complete when money, not depth within the limit, ran out (less than one lot is left).
        let complete = !exhausted || remaining < lot * (book.asks.map(\.price).min() ?? 1)
        return Fill(levels: levels, shares: shares, notional: notional, complete: complete)
    }

    /// A buy of exactly `shares` (whole lots), at prices no higher than `limit`; complete when
    /// that many were there.
    public static func buy(_ book: OrderBook, shares wanted: Decimal, limit: Decimal, consumed: [Decimal: Decimal] = [:]) -> Fill {
        take(wanted, from: book.asks.sorted { $0.price < $1.price }, within: { $0 <= limit }, consumed: consumed)
    }

    /// A sell of `shares`, at prices no lower than `limit`.
    public static func sell(_ book: OrderBook, shares wanted: Decimal, limit: Decimal, consumed: [Decimal: Decimal] = [:]) -> Fill {
        take(wanted, from: book.bids.sorted { $0.price > $1.price }, within: { $0 >= limit }, consumed: consumed)
    }

    /// Takes `wanted` shares (whole lots) from `levels`, best first, while their price is `within` the limit.
    static func take(
        _ wanted: Decimal, from levels: [OrderBook.Level], within: (Decimal) -> Bool, consumed: [Decimal: Decimal]
    ) -> Fill {
        var remaining = wanted.rounded(scale: 2, .down)
        var taken: [Fill.Level] = []
        var shares: Decimal = 0
        var notional: Decimal = 0
        for level in levels where remaining > 0 {
            guard within(level.price) else { break }
            let take = min(max(0, level.size - (consumed[level.price] ?? 0)), remaining).rounded(scale: 2, .down)
            guard take > 0 else { continue }
            taken.append(.init(price: level.price, shares: take))
            shares += take
            notional += take * level.price
            remaining -= take
        }
        return Fill(levels: taken, shares: shares, notional: notional, complete: remaining == 0)
    }
}

/// Polymarket's taker fee: `shares × rate × (p × (1 − p))^exponent` per matched level, floored to
/// 5 decimals; only takers pay and only on markets with fees enabled.
public enum TakerFee {
    /// Rates by category where a market carries no fee schedule (per the fee documentation).
    public static let categoryRates: [String: Decimal] = [
        "crypto": Decimal(string: "0.07")!, "sports": Decimal(string: "0.03")!, "finance": Decimal(string: "0.04")!,
        "politics": Decimal(string: "0.04")!, "tech": Decimal(string: "0.04")!, "economics": Decimal(string: "0.05")!,
        "culture": Decimal(string: "0.05")!, "weather": Decimal(string: "0.05")!, "other": Decimal(string: "0.05")!,
        "geopolitics": 0,
    ]

    public static func rate(category: String?) -> Decimal {
        categoryRates[category ?? "other"] ?? categoryRates["other"]!
    }

    /// The fee of a fill: summed over its levels, each floored to 5 decimals.
    public static func fee(_ fill: Fill, rate: Decimal, exponent: Int = 1) -> Decimal {
        fill.levels.reduce(0) { $0 + fee(shares: $1.shares, price: $1.price, rate: rate, exponent: exponent) }
    }

    /// The fee of `shares` matched at one `price`, floored to 5 decimals.
    public static func fee(shares: Decimal, price: Decimal, rate: Decimal, exponent: Int = 1) -> Decimal {
        var factor: Decimal = 1
        let spread = price * (1 - price)
        for _ in 0..<max(0, exponent) { factor *= spread }
        return (shares * rate * factor).rounded(scale: 5, .down)
    }
}
