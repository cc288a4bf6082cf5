import Foundation
import PrescientCore

/// Two baselines on the same markets, times and stakes, every trade held to resolution at the
/// decision's ask: a random side (each trade's side a fair coin, 1,000 resamples; the strategy's
/// return per dollar must be above their 95th percentile), and the market's favourite (the side
/// whose mid was at least one half; the strategy must do better). Trades without a resolution
/// or without the other side's ask are left out of both comparisons.
public enum Baselines {
    /// The trades a baseline can be built on.
    static func comparable(_ trades: [EvidenceTrade]) -> [EvidenceTrade] {
        trades.filter { $0.won != nil && ($0.otherAsk ?? 0) > 0 && $0.price > 0 && $0.stake > 0 }
    }

    /// Return per dollar when each trade takes its own side (`true`) or the other one.
    static func returnPerDollar(_ trades: [EvidenceTrade], ownSide: (Int, EvidenceTrade) -> Bool) -> Double? {
        ReturnPerDollar.ratio(
            trades.enumerated().compactMap { index, trade in
                let gain =
                    ownSide(index, trade)
                    ? trade.heldPnl(price: trade.price, wins: trade.won, fee: trade.fee)
                    : trade.heldPnl(price: trade.otherAsk ?? 0, wins: trade.won.map { !$0 }, fee: trade.fee)
                return gain.map { ($0, trade.stake) }
            })
    }

    /// The strategy's own return per dollar on the comparable trades, held to resolution.
    public static func strategy(_ trades: [EvidenceTrade]) -> Double? {
        returnPerDollar(comparable(trades)) { _, _ in true }
    }

    /// The random-side returns, sorted: resample r's trade i takes its own side when bit 0 of
    /// `SplitMix.mix(seed + k)` is 1, k counting trades across resamples from 1.
    public static func randomSide(_ trades: [EvidenceTrade], resamples: Int = 1_000, seed: UInt64) -> [Double] {
        let comparable = comparable(trades)
        guard !comparable.isEmpty else { return [] }
        var counter: UInt64 = 0
        var draws: [Double] = []
        for _ in 0..<resamples {
            let value = returnPerDollar(comparable) { _, _ in
                counter += 1
                return SplitMix.mix(seed &+ counter) & 1 == 1
            }
            if let value { draws.append(value) }
        }
        return draws.sorted()
    }

    /// The market-favourite baseline's return per dollar.
    public static func favourite(_ trades: [EvidenceTrade]) -> Double? {
        returnPerDollar(comparable(trades)) { _, trade in trade.mid >= 0.5 }
    }

    /// The gate: the strategy's return per dollar less the random sides' 95th percentile, above zero.
    public static func randomSideGate(_ trades: [EvidenceTrade], resamples: Int = 1_000, seed: UInt64) -> Gate {
        let draws = randomSide(trades, resamples: resamples, seed: seed)
        guard let own = strategy(trades), !draws.isEmpty else {
            return Gate(.beatsRandomSide, value: nil, .above, 0, detail: "no resolved trade with both sides priced")
        }
        let p95 = BlockBootstrap.percentile(draws, 0.95)
        return Gate(
            .beatsRandomSide, value: own - p95, .above, 0,
            detail: String(
                format: "return per dollar %+.4f held to resolution vs the random side's 95th percentile %+.4f (%d resamples, %d trades)",
                own, p95, draws.count, comparable(trades).count))
    }

    /// The gate: the strategy's return per dollar less the market favourite's, above zero.
    public static func favouriteGate(_ trades: [EvidenceTrade]) -> Gate {
        guard let own = strategy(trades), let market = favourite(trades) else {
            return Gate(.beatsMarketBaseline, value: nil, .above, 0, detail: "no resolved trade with both sides priced")
        }
        return Gate(
            .beatsMarketBaseline, value: own - market, .above, 0,
            detail: String(
                format: "return per dollar %+.4f vs %+.4f buying the market's favourite with the same stakes (%d trades)", own, market,
                comparable(trades).count))
    }
}
