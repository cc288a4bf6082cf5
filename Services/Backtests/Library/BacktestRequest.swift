import Foundation
import HTTPServer
import PrescientCore
import Replay

/// `POST /backtests`: `{"strategy":"weather","from":"YYYY-MM-DD","to":"YYYY-MM-DD","seed"?,"step_seconds"?,
/// "config"?:{"initial_balance","kelly_fraction","max_stake","min_edge","fee_rate","slippage"}}`, each
/// problem a 400 naming the field.
enum BacktestRequest {
    static let strategies = ["weather"]
    /// The recorded weather periods: with modelled forecasts over the recorded price histories,
    /// with the recorded forecasts over the recorded Gamma snapshots.
    static let periods = ["modelled": ("2026-03-01", "2026-06-20"), "recorded": ("2026-06-16", "2026-07-03")]

    static func settings(_ request: HTTPRequest) throws -> WeatherBacktest.Settings {
        try settings(fields: try JSONFields(request, allowed: ["strategy", "from", "to", "seed", "step_seconds", "config", "forecasts"]))
    }

    /// The settings from fields already read (the tuner's request carries the same ones).
    static func settings(fields: JSONFields) throws -> WeatherBacktest.Settings {
        let strategy = try fields.requiredString("strategy")
        guard strategies.contains(strategy) else {
            throw HTTPError.badRequest(
                "strategy '\(strategy.prefix(40))' cannot be backtested yet (known: \(strategies.joined(separator: ", ")))",
                code: "unknown_strategy")
        }
        let forecasts = try fields.string("forecasts") ?? "modelled"
        guard let recorded = periods[forecasts] else {
            throw HTTPError.badRequest("field 'forecasts' must be modelled or recorded", code: "invalid_field")
        }
        let from = try day(fields, "from"), to = try day(fields, "to")
        guard from <= to else { throw HTTPError.badRequest("'from' (\(from)) is after 'to' (\(to))", code: "invalid_range") }
        guard to >= recorded.0, from <= recorded.1 else {
            throw HTTPError.badRequest(
                "no recorded \(strategy) markets with \(forecasts) forecasts between \(from) and \(to) (recorded: \(recorded.0) to \(recorded.1))",
                code: "empty_range")
        }
        var settings = WeatherBacktest.Settings(from: from, to: to)
        settings.forecasts = forecasts
        if let seed = try fields.int64("seed") {
            guard seed >= 0 else { throw HTTPError.badRequest("field 'seed' must be 0 or more", code: "invalid_field") }
            settings.seed = UInt64(seed)
        }
        if let step = try fields.int64("step_seconds") {
            guard (300...86_400).contains(step) else {
                throw HTTPError.badRequest("field 'step_seconds' must be 300 to 86400", code: "invalid_field")
            }
            settings.stepSeconds = step
        }
        if let config = try fields.object("config") {
            let values = try JSONFields(
                object: config, allowed: ["initial_balance", "kelly_fraction", "max_stake", "min_edge", "fee_rate", "slippage"],
                path: "config")
            func number(_ key: String, _ range: ClosedRange<Decimal>) throws -> Decimal? {
                guard let value = try values.decimal(key) else { return nil }
                guard range.contains(value) else {
                    throw HTTPError.badRequest(
                        "field 'config.\(key)' must be between \(range.lowerBound) and \(range.upperBound)", code: "invalid_field")
                }
                return value
            }
            settings.initialBalance = try number("initial_balance", 1...1_000_000_000) ?? settings.initialBalance
            settings.kellyFraction = try number("kelly_fraction", 0...1) ?? settings.kellyFraction
            settings.maxStake = try number("max_stake", 1...1_000_000_000) ?? settings.maxStake
            settings.minEdge = try number("min_edge", 0...1) ?? settings.minEdge
            settings.feeRate = try number("fee_rate", 0...1) ?? settings.feeRate
            settings.slippage = try number("slippage", 0...1) ?? settings.slippage
        }
        return settings
    }

    static func day(_ fields: JSONFields, _ key: String) throws -> String {
        let text = try fields.requiredString(key)
        guard text.count == 10, ISO8601Lenient.parse(text + "T00:00:00Z") != nil else {
            throw HTTPError.badRequest("field '\(key)' must be a day, YYYY-MM-DD", code: "invalid_field")
        }
        return text
    }
}
