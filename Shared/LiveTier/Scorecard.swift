import Foundation
import PrescientCore

/// The figures of a group of signals (a strategy, a portfolio, a detector):
/// - hit rate after 15 minutes net of the spread, with its 95% Wilson interval;
/// - mean markouts at +5, +15 and +60 minutes (mid to mid, in the signal's favour);
/// - over resolved signals, the Brier score of the implied probabilities, its Murphy
///   decomposition (reliability − resolution + uncertainty, forecasts binned by tenths), the
///   Brier score of the market's mid at the signal on the same events, and the skill against the
///   market, BSS = 1 − BS_signal / BS_market;
/// - realised P&L of the traded signals whose positions closed.
/// Statistics are `Double` (they are not money); P&L stays `Decimal`.
public struct Scorecard: Sendable, Equatable, Codable {
    public var signals = 0
    /// Signals with a +15-minute mid, and those that were profitable.
    public var scored15m = 0
    public var hits15m = 0
    public var hitRate15m: Double?
    public var hitRateLow: Double?
    public var hitRateHigh: Double?
    public var meanMarkout5m: Double?
    public var meanMarkout15m: Double?
    public var meanMarkout60m: Double?
    public var meanNetMarkout15m: Double?
    public var resolved = 0
    public var brier: Double?
    public var reliability: Double?
    public var resolution: Double?
    public var uncertainty: Double?
    public var brierMarket: Double?
    public var brierSkill: Double?
    public var traded = 0
    public var realizedPnl: Decimal = 0

    enum CodingKeys: String, CodingKey {
        case signals, resolved, brier, reliability, resolution, uncertainty, traded
        case scored15m = "scored_15m", hits15m = "hits_15m", hitRate15m = "hit_rate_15m", hitRateLow = "hit_rate_ci_low"
        case hitRateHigh = "hit_rate_ci_high", meanMarkout5m = "mean_markout_5m", meanMarkout15m = "mean_markout_15m"
        case meanMarkout60m = "mean_markout_60m", meanNetMarkout15m = "mean_net_markout_15m", brierMarket = "brier_market"
        case brierSkill = "brier_skill", realizedPnl = "realized_pnl"
    }

    public init() {}

    public init(_ scores: [SignalScore]) {
        signals = scores.count
        let net = scores.compactMap(\.netMarkout15m)
        scored15m = net.count
        hits15m = net.filter { $0 > 0 }.count
        if scored15m > 0 {
            let interval = Self.wilson(hits: hits15m, of: scored15m)
            hitRate15m = Double(hits15m) / Double(scored15m)
            hitRateLow = interval.low
            hitRateHigh = interval.high
        }
        meanMarkout5m = Self.mean(scores.compactMap { $0.markout($0.mid5m) })
        meanMarkout15m = Self.mean(scores.compactMap { $0.markout($0.mid15m) })
        meanMarkout60m = Self.mean(scores.compactMap { $0.markout($0.mid60m) })
        meanNetMarkout15m = Self.mean(net)
        let closed = scores.filter { $0.outcome != nil }
        resolved = closed.count
        if !closed.isEmpty {
            let forecasts = closed.map { (p: Self.double($0.impliedProbability), o: Self.double($0.outcome!)) }
            brier = forecasts.map { ($0.p - $0.o) * ($0.p - $0.o) }.reduce(0, +) / Double(forecasts.count)
            let market = closed.map { (Self.double($0.entryMid) - Self.double($0.outcome!)) }
            let marketScore = market.map { $0 * $0 }.reduce(0, +) / Double(market.count)
            brierMarket = marketScore
            if marketScore > 0, let brier { brierSkill = 1 - brier / marketScore }
            (reliability, resolution, uncertainty) = Self.murphy(forecasts)
        }
        let tradedScores = scores.compactMap(\.realizedPnl)
        traded = tradedScores.count
        realizedPnl = tradedScores.reduce(0, +)
    }

    /// The 95% Wilson score interval of a proportion.
    static func wilson(hits: Int, of count: Int) -> (low: Double, high: Double) {
        let z = 1.959963984540054
        let n = Double(count), p = Double(hits) / n
        let centre = p + z * z / (2 * n)
        let margin = z * ((p * (1 - p) + z * z / (4 * n)) / n).squareRoot()
        let denominator = 1 + z * z / n
        return ((centre - margin) / denominator, (centre + margin) / denominator)
    }

    /// Reliability, resolution and uncertainty with forecasts binned by tenths ([0, 0.1), …,
    /// [0.9, 1]); BS = REL − RES + UNC exactly when the forecasts within each bin are equal.
    static func murphy(_ forecasts: [(p: Double, o: Double)]) -> (Double, Double, Double) {
        let n = Double(forecasts.count)
        let base = forecasts.map(\.o).reduce(0, +) / n
        var bins: [Int: [(p: Double, o: Double)]] = [:]
        for forecast in forecasts { bins[min(9, Int(forecast.p * 10)), default: []].append(forecast) }
        var reliability = 0.0, resolution = 0.0
        for members in bins.values {
            let k = Double(members.count)
            let meanP = members.map(\.p).reduce(0, +) / k
            let meanO = members.map(\.o).reduce(0, +) / k
            reliability += k * (meanP - meanO) * (meanP - meanO)
            resolution += k * (meanO - base) * (meanO - base)
        }
        return (reliability / n, resolution / n, base * (1 - base))
    }

    static func mean(_ values: [Decimal]) -> Double? {
        values.isEmpty ? nil : double(values.reduce(0, +)) / Double(values.count)
    }

    static func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
}
