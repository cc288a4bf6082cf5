import Foundation

/// The return per dollar under harsher costs: every trade pays `extraFeeRate` (50 bps) more of its
/// stake in fees and fills at the ask once `latency` (500 ms) has passed (never better than the
/// decision's own fill: a stress only hurts), so the same dollars buy stake / later ask shares and
/// its payout scales by price / later ask. It must stay above zero.
public enum CostStress {
    public static let extraFeeRate = 0.005
    public static let latencyMilliseconds: Int64 = 500

    /// The stressed return per dollar over the closed trades; nil with nothing staked.
    public static func returnPerDollar(_ trades: [EvidenceTrade], extraFeeRate: Double = extraFeeRate) -> Double? {
        ReturnPerDollar.ratio(
            trades.compactMap { trade in
                guard let payout = trade.payout, trade.priceAfterLatency > 0 else { return nil }
                let scaled = payout * trade.price / max(trade.price, trade.priceAfterLatency)
                return (scaled - trade.stake - trade.fee - extraFeeRate * trade.stake, trade.stake)
            })
    }

    public static func gate(_ trades: [EvidenceTrade]) -> Gate {
        let slower = trades.filter { $0.payout != nil && $0.priceAfterLatency > $0.price }.count
        return Gate(
            .costStress, value: returnPerDollar(trades), .above, 0,
            detail: "fees +50 bps of the stake; fills \(latencyMilliseconds) ms later at the worse ask where a quote that recent "
                + "is known (\(slower) trades filled worse; none is known for the others, so their stress is the fee alone)")
    }
}
