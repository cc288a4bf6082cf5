import Foundation
import Postgres
import PrescientCore
import Replay
import Verdicts
import Weather

/// The weather strategy's evidence on recorded point-in-time forecasts: the backtest over NYC
/// from March to June (price histories, climate-cache forecasts) and over the four cities from
/// June 20 to July 3 (Gamma snapshots, the live forecasts), each with its events, trades, return
/// and per-event Brier skill against the market's mid with its 95% interval over events.
public enum WeatherEvidence {
    /// One period's figures.
    public struct Period: Sendable {
        public let name: String
        public let result: BacktestResult
        /// Resolved events in the window, and those with a forecast and a fresh price scored.
        public let resolvedEvents: Int
    }

    /// Settled P&L per dollar staked (fees included) over the events traded, with its 95% bootstrap
    /// interval resampling blocks of events (a city's week, as `EventSkill`; 1,000 draws, seeded);
    /// nil without two blocks.
    public static func returnPerDollar(_ result: BacktestResult) -> (value: Double, low: Double, high: Double, events: Int)? {
        var byBlock: [String: (pnl: Double, staked: Double)] = [:]
        var traded = Set<String>()
        for trade in result.trades {
            guard let pnl = trade.pnl, trade.outcome == "won" || trade.outcome == "lost" else { continue }
            traded.insert("\(trade.city)|\(trade.targetDate)")
            let key = EventSkill.block(city: trade.city, day: trade.targetDate)
            byBlock[key, default: (0, 0)].pnl += NSDecimalNumber(decimal: pnl).doubleValue
            byBlock[key, default: (0, 0)].staked += NSDecimalNumber(decimal: trade.notional + trade.fee).doubleValue
        }
        let events = byBlock.keys.sorted().map { byBlock[$0]! }
        guard events.count >= 2 else { return nil }
        func ratio(_ sample: [(pnl: Double, staked: Double)]) -> Double {
            sample.reduce(0) { $0 + $1.pnl } / max(sample.reduce(0) { $0 + $1.staked }, 1e-9)
        }
        guard let interval = BlockBootstrap.interval(events.map { [$0] }, seed: 25, statistic: ratio) else { return nil }
        return (ratio(events), interval.low, interval.high, traded.count)
    }

    /// Runs both periods in schemas of their own behind `admin` (dropped afterwards).
    public static func run(fixtures: String, weather: String, databaseURL: String, admin: PostgresPool) throws -> [Period] {
        let forecasts = try RecordedForecastFile.allRecords(weatherDirectory: weather)
        let histories = try WeatherHistory.load(directory: fixtures, cities: ["nyc"])
        let snapshots = try WeatherHistory.loadSnapshots(directory: fixtures)
        let periods: [(String, WeatherHistory, String, String)] = [
            ("NYC, 2026-03-01 to 06-20 (price histories, climate-cache forecasts)", histories, "2026-03-01", "2026-06-20"),
            ("London, Munich, NYC, Tokyo, 2026-06-20 to 07-03 (Gamma snapshots, live forecasts)", snapshots, "2026-06-20", "2026-07-03"),
        ]
        return try periods.enumerated().map { index, period in
            let settings = WeatherBacktest.Settings(from: period.2, to: period.3)
            let schema = try BacktestSchema.create(run: "evidence_weather_\(index)_\(getpid())", databaseURL: databaseURL, admin: admin)
            defer { try? schema.drop(admin: admin) }
            let result = try WeatherBacktest(settings: settings, recordedForecasts: forecasts).run(period.1, pool: schema.pool)
            let resolved = period.1.between(period.2, period.3).events.filter(\.resolved).count
            return Period(name: period.0, result: result, resolvedEvents: resolved)
        }
    }
}
