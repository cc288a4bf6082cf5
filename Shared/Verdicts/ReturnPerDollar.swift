import Foundation

/// Return per dollar staked: Σ (payout − stake − fee) / Σ stake over the closed trades, with a
/// 95% bootstrap interval that resamples events (the trades of one event together: they are not
/// independent), and the same figure without the single event that won the most.
public enum ReturnPerDollar {
    /// The figure over closed trades; nil with nothing staked.
    public static func of(_ trades: [EvidenceTrade]) -> Double? {
        ratio(trades.compactMap { trade in trade.pnl.map { ($0, trade.stake) } })
    }

    /// Σ P&L / Σ stake of (P&L, stake) pairs; nil with nothing staked. Every gate's return per dollar.
    static func ratio(_ pairs: [(pnl: Double, stake: Double)]) -> Double? {
        let staked = pairs.reduce(0) { $0 + $1.stake }
        return staked > 0 ? pairs.reduce(0) { $0 + $1.pnl } / staked : nil
    }

    /// The closed trades grouped by event, in event order (the blocks the bootstrap resamples).
    public static func byEvent(_ trades: [EvidenceTrade]) -> [[EvidenceTrade]] {
        let grouped = Dictionary(grouping: trades.filter { $0.payout != nil }, by: \.event)
        return grouped.keys.sorted().map { grouped[$0]! }
    }

    /// The bootstrap draws of the figure (sorted), resampling events.
    public static func draws(_ trades: [EvidenceTrade], resamples: Int = 1_000, seed: UInt64) -> [Double] {
        BlockBootstrap.draws(byEvent(trades), resamples: resamples, seed: seed, statistic: of)
    }

    /// The gate: the interval's lower bound must be above zero.
    public static func gate(_ trades: [EvidenceTrade], resamples: Int = 1_000, seed: UInt64) -> Gate {
        gate(trades, draws: draws(trades, resamples: resamples, seed: seed))
    }

    /// The gate from bootstrap draws already made (`draws(_:resamples:seed:)`).
    static func gate(_ trades: [EvidenceTrade], draws sorted: [Double]) -> Gate {
        let events = byEvent(trades)
        guard let point = of(trades), !sorted.isEmpty else {
            return Gate(.returnPerDollar, value: nil, .above, 0, detail: "no interval: fewer than two events closed")
        }
        let low = BlockBootstrap.percentile(sorted, 0.025), high = BlockBootstrap.percentile(sorted, 0.975)
        return Gate(
            .returnPerDollar, value: low, .above, 0,
            detail: "return per dollar \(format(point)), 95% interval [\(format(low)), \(format(high))] resampling \(events.count) events; "
                + "the lower bound is judged")
    }

    /// The figure without the event whose trades gained the most (when one gained at all).
    public static func withoutLargestWinner(_ trades: [EvidenceTrade]) -> Gate {
        let events = byEvent(trades)
        let gains = events.map { $0.compactMap(\.pnl).reduce(0, +) }
        guard let best = gains.indices.max(by: { gains[$0] < gains[$1] || (gains[$0] == gains[$1] && $0 > $1) }), gains[best] > 0 else {
            return Gate(.withoutLargestWinner, value: of(trades), .above, 0, detail: "no event gained: the figure is the whole return")
        }
        let rest = events.enumerated().filter { $0.offset != best }.flatMap(\.element)
        return Gate(
            .withoutLargestWinner, value: of(rest), .above, 0,
            detail: "return per dollar without event \(events[best][0].event) (gained \(format(gains[best])) dollars)")
    }

    static func format(_ value: Double) -> String { String(format: "%+.4f", value) }
}
