import Foundation
import PrescientCore

/// What a backtest produced: every trade (with the probability it was bought on, the recorded
/// price and the ask it crossed, its fill, fee and settlement), the equity curve, and the
/// summary figures computed from them. Encoded with sorted keys and epoch-second times, so the
/// same run gives the same bytes.
public struct BacktestResult: Sendable, Codable, Equatable {
    public struct Trade: Sendable, Codable, Equatable {
        public let time: Int64
        public let city: String
        public let targetDate: String
        public let bucket: String
        public let token: String
        public let probability: Decimal
        public let price: Decimal
        public let ask: Decimal
        public let shares: Decimal
        public let notional: Decimal
        public let fee: Decimal
        /// Made from a modelled forecast (no forecast with a known issue time existed).
        public let modelled: Bool
        public var outcome: String?
        public var payout: Decimal?
        public var settledAt: Int64?

        mutating func settle(won: Bool, payout: Decimal, at time: Int64) {
            outcome = won ? "won" : "lost"
            self.payout = payout
            settledAt = time
        }

        /// Closed by an exit before resolution, for `proceeds` after the sale's fee.
        mutating func sell(proceeds: Decimal, at time: Int64) {
            outcome = "sold"
            payout = proceeds
            settledAt = time
        }

        /// Payout less cost and fee, once settled.
        public var pnl: Decimal? { payout.map { $0 - notional - fee } }

        enum CodingKeys: String, CodingKey {
            case time, city, bucket, token, probability, price, ask, shares, notional, fee, modelled, outcome, payout
            case targetDate = "target_date", settledAt = "settled_at"
        }
    }

    public struct CurvePoint: Sendable, Codable, Equatable {
        public let time: Int64
        public let equity: Decimal
    }

    public struct Summary: Sendable, Codable, Equatable {
        public let finalEquity: Decimal
        public let returnPct: Decimal
        public let maxDrawdownPct: Decimal
        public let sharpeDaily: Double?
        public let sortinoDaily: Double?
        public let fees: Decimal
        public let turnover: Decimal
        public let trades: Int
        public let settled: Int
        public let wins: Int
        public let hitRate: Double?
        public let brier: Double?
        public let brierMarket: Double?
        public let brierSkill: Double?
        public let realizedPnl: Decimal
        /// The forecast's skill against the market per event, with its interval and event count.
        public internal(set) var eventSkill: EventSkill.Summary?

        enum CodingKeys: String, CodingKey {
            case fees, turnover, trades, settled, wins, brier
            case finalEquity = "final_equity", returnPct = "return_pct", maxDrawdownPct = "max_drawdown_pct", sharpeDaily = "sharpe_daily"
            case sortinoDaily = "sortino_daily", hitRate = "hit_rate", brierMarket = "brier_market", brierSkill = "brier_skill"
            case realizedPnl = "realized_pnl", eventSkill = "event_skill"
        }
    }

    /// The forecast's probability and the market's price of every priced bucket of the resolved
    /// open markets, at every step, scored against the outcome: the strategy's skill against the market.
    public struct BucketSkill: Sendable, Codable, Equatable {
        public var pairs = 0
        public var forecastSquares = 0.0
        public var marketSquares = 0.0

        public var brier: Double? { pairs > 0 ? forecastSquares / Double(pairs) : nil }
        public var brierMarket: Double? { pairs > 0 ? marketSquares / Double(pairs) : nil }
        public var skill: Double? { brier.flatMap { b in brierMarket.flatMap { $0 > 0 ? 1 - b / $0 : nil } } }

        mutating func add(forecast: Double, price: Decimal, won: Bool) {
            let outcome = won ? 1.0 : 0.0
            let market = NSDecimalNumber(decimal: price).doubleValue
            pairs += 1
            forecastSquares += (forecast - outcome) * (forecast - outcome)
            marketSquares += (market - outcome) * (market - outcome)
        }

        enum CodingKeys: String, CodingKey {
            case pairs, brier, skill
            case brierMarket = "brier_market", forecastSquares = "forecast_squares", marketSquares = "market_squares"
        }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            pairs = try c.decode(Int.self, forKey: .pairs)
            forecastSquares = try c.decode(Double.self, forKey: .forecastSquares)
            marketSquares = try c.decode(Double.self, forKey: .marketSquares)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(pairs, forKey: .pairs)
            try c.encode(forecastSquares, forKey: .forecastSquares)
            try c.encode(marketSquares, forKey: .marketSquares)
            try c.encodeIfPresent(brier, forKey: .brier)
            try c.encodeIfPresent(brierMarket, forKey: .brierMarket)
            try c.encodeIfPresent(skill, forKey: .skill)
        }
    }

    public let settings: WeatherBacktest.Settings
    public let trades: [Trade]
    public let buckets: BucketSkill
    /// The skill against the market per event, with its 95% bootstrap interval over events (absent
    /// for replays that score no forecast).
    public let eventSkill: EventSkill.Summary?
    public let curve: [CurvePoint]
    public let summary: Summary
    public let cancelled: Bool
    /// True when any trade was made on a modelled forecast.
    public let modelled: Bool
    /// The strategy a `StrategyReplay` ran (absent for the weather backtest).
    public let strategy: String?

    enum CodingKeys: String, CodingKey {
        case settings, trades, buckets, curve, summary, cancelled, modelled, strategy, eventSkill = "event_skill"
    }

    init(
        settings: WeatherBacktest.Settings, trades: [Trade], curve: [CurvePoint], initialBalance: Decimal, cancelled: Bool,
        buckets: BucketSkill = BucketSkill(), eventSkill: EventSkill.Summary? = nil, strategy: String? = nil
    ) {
        self.eventSkill = eventSkill
        self.settings = settings
        self.strategy = strategy
        self.buckets = buckets
        self.trades = trades
        self.curve = curve
        self.cancelled = cancelled
        modelled = trades.contains(where: \.modelled)
        var summary = Self.summarize(trades: trades, curve: curve, initialBalance: initialBalance)
        summary.eventSkill = eventSkill
        self.summary = summary
    }

    /// The figures: return and maximum drawdown from the curve; Sharpe and Sortino of its daily
    /// returns (the last point of each UTC day); fees and turnover; hit rate, Brier score of the
    /// probabilities bought on and of the market's mid at each decision over settled trades.
    static func summarize(trades: [Trade], curve: [CurvePoint], initialBalance: Decimal) -> Summary {
        let final = curve.last?.equity ?? initialBalance
        let drawdown = MoneyFigures.maxDrawdown([initialBalance] + curve.map(\.equity)).fraction
        let returns = dailyReturns(curve: curve, initialBalance: initialBalance)
        // Trades an exit sold before resolution count in the P&L, not in the hit rate or the Brier score.
        let settled = trades.filter { $0.outcome == "won" || $0.outcome == "lost" }
        let wins = settled.filter { $0.outcome == "won" }.count
        func brier(_ forecast: (Trade) -> Decimal) -> Double? {
            guard !settled.isEmpty else { return nil }
            return settled.map { trade -> Double in
                let f = NSDecimalNumber(decimal: forecast(trade)).doubleValue, o = trade.outcome == "won" ? 1.0 : 0.0
                return (f - o) * (f - o)
            }.reduce(0, +) / Double(settled.count)
        }
        // The market's forecast is the mid at the decision (the recorded price), not the ask paid.
        let signal = brier(\.probability), market = brier(\.price)
        return Summary(
            finalEquity: final, returnPct: initialBalance > 0 ? ((final - initialBalance) / initialBalance * 100).rounded(scale: 4) : 0,
            maxDrawdownPct: (drawdown * 100).rounded(scale: 4), sharpeDaily: ratio(returns, downsideOnly: false),
            sortinoDaily: ratio(returns, downsideOnly: true), fees: trades.map(\.fee).reduce(0, +),
            turnover: trades.map(\.notional).reduce(0, +), trades: trades.count, settled: settled.count, wins: wins,
            hitRate: settled.isEmpty ? nil : Double(wins) / Double(settled.count), brier: signal, brierMarket: market,
            brierSkill: signal.flatMap { s in market.flatMap { $0 > 0 ? 1 - s / $0 : nil } },
            realizedPnl: trades.compactMap(\.pnl).reduce(0, +))
    }

    /// The returns from one UTC day's last equity to the next (the first from the initial balance).
    public var dailyReturns: [Double] { Self.dailyReturns(curve: curve, initialBalance: settings.initialBalance) }

    static func dailyReturns(curve: [CurvePoint], initialBalance: Decimal) -> [Double] {
        var daily: [Int64: Decimal] = [:]
        for point in curve { daily[point.time / 86_400] = point.equity }
        let closes = [initialBalance] + daily.keys.sorted().map { daily[$0]! }
        return zip(closes, closes.dropFirst()).compactMap { previous, next -> Double? in
            previous > 0 ? NSDecimalNumber(decimal: (next - previous) / previous).doubleValue : nil
        }
    }

    /// Mean over standard deviation (of all returns, or of the negative ones for Sortino); nil
    /// without two returns or any spread.
    static func ratio(_ returns: [Double], downsideOnly: Bool) -> Double? {
        guard returns.count >= 2 else { return nil }
        let mean = returns.reduce(0, +) / Double(returns.count)
        let deviations = downsideOnly ? returns.map { min(0, $0) } : returns.map { $0 - mean }
        let variance = deviations.map { $0 * $0 }.reduce(0, +) / Double(returns.count - 1)
        guard variance > 0 else { return nil }
        return mean / variance.squareRoot()
    }

    /// The result as bytes: sorted keys, so a repeated run compares byte for byte.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self))
    }
}
