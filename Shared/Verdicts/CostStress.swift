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
        var pnl = 0.0, staked = 0.0
        for trade in trades {
            guard let payout = trade.payout, trade.priceAfterLatency > 0 else { continue }
            let scaled = payout * trade.price / max(trade.price, trade.priceAfterLatency)
            pnl += scaled - trade.stake - trade.fee - extraFeeRate * trade.stake
            staked += trade.stake
        }
        return staked > 0 ? pnl / staked : nil
    }

    public static func gate(_ trades: [EvidenceTrade]) -> Gate {
        let slower = trades.filter { $0.payout != nil && $0.priceAfterLatency > $0.price }.count
        return Gate(
            .costStress, value: returnPerDollar(trades), .above, 0,
            detail: "fees +50 bps of the stake and fills \(latencyMilliseconds) ms later (\(slower) trades filled at a worse ask)")
    }
}
