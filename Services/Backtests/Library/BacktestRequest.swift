import Foundation
import HTTPServer
import Portfolios
import PrescientCore
import Replay

/// `POST /backtests`: `{"strategy","from":"YYYY-MM-DD","to":"YYYY-MM-DD","seed"?,"step_seconds"?,"config"?,
/// "forecasts"?,"prices"?}`, each problem a 400 naming the field. `prices` is `recorded` (default:
/// the recordings) or `archive` (the weather markets and prices the suite stored itself). For `weather`, `config` holds `initial_balance`,
/// `kelly_fraction`, `max_stake`, `min_edge`, `fee_rate` and `slippage`; for a cycle strategy
/// (`momentum`, `mean_reversion`, `arbitrage`, `hybrid`) it is the portfolio's `strategy_config`
/// (any setting of that strategy, validated as a portfolio's is) plus `initial_balance` and
/// `fee_rate`, and `min_liquidity` defaults to 0 (the recorded histories carry no liquidity).
enum BacktestRequest {
    static let strategies = ["weather"] + replayable.map(\.rawValue)
    /// The cycle strategies replayed through the live code (`ReplayCycle`).
    static let replayable: [StrategyType] = [.momentum, .meanReversion, .arbitrage, .hybrid]

    /// A backtest to run: the settings, and for a cycle strategy its type and configuration.
    struct Plan: Sendable {
        let settings: WeatherBacktest.Settings
        let strategy: StrategyType?
        let config: StrategyConfig?
        let configJSON: [String: JSONValue]?

        /// The settings as stored with the run.
        struct Echo: Encodable {
            let settings: WeatherBacktest.Settings
            let strategy: String
            let strategyConfig: [String: JSONValue]?

            enum CodingKeys: String, CodingKey {
                case strategy
                case strategyConfig = "strategy_config"
            }

            /// The settings' fields with the strategy and its configuration beside them.
            func encode(to encoder: any Encoder) throws {
                try settings.encode(to: encoder)
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(strategy, forKey: .strategy)
                try container.encodeIfPresent(strategyConfig, forKey: .strategyConfig)
            }
        }

        var echo: Echo { Echo(settings: settings, strategy: strategy?.rawValue ?? "weather", strategyConfig: configJSON) }
    }

    static func plan(_ request: HTTPRequest) throws -> Plan {
        let fields = try JSONFields(
            request, allowed: ["strategy", "from", "to", "seed", "step_seconds", "config", "forecasts", "prices", "error_model"])
        let name = try fields.requiredString("strategy")
        guard name != "weather", let type = StrategyType(rawValue: name) else {
            return Plan(settings: try settings(fields: fields), strategy: nil, config: nil, configJSON: nil)
        }
        guard replayable.contains(type) else {
            throw HTTPError.badRequest(
                "strategy '\(name)' cannot be backtested: it trades on wallet trades or live ticks the recordings do not hold "
                    + "(known: \(strategies.joined(separator: ", ")))", code: "unknown_strategy")
        }
        guard try fields.string("forecasts") == nil else {
            throw HTTPError.badRequest("field 'forecasts' belongs to the weather strategy", code: "invalid_field")
        }
        var config = try fields.object("config") ?? [:]
        let runSettings = try JSONFields(
            object: config.filter { ["initial_balance", "fee_rate"].contains($0.key) }, allowed: ["initial_balance", "fee_rate"],
            path: "config")
        config["initial_balance"] = nil
        config["fee_rate"] = nil
        if config["min_liquidity"] == nil { config["min_liquidity"] = .number(0) }
        let strategyConfig: StrategyConfig
        do {
            strategyConfig = try StrategyConfig(json: config, for: type)
        } catch let invalid as StrategyConfig.Invalid {
            throw HTTPError.badRequest("config.\(invalid.field) \(invalid.problem)", code: "invalid_field")
        }
        // A cycle strategy replays the price histories alone (their period is the oracle's); the
        // weather strategy among them would read the oracle forecast, labelled as such.
        let run = try Self.settings(fields: fields, strategy: "weather", runConfig: runSettings, forecasts: "oracle")
        return Plan(settings: run, strategy: type, config: strategyConfig, configJSON: strategyConfig.json(for: type))
    }

    /// The recorded weather periods: with the recorded forecasts (NYC from March, the four cities
    /// from June 20) over the recorded price histories and then the Gamma snapshots; with the
    /// oracle forecasts over the recorded price histories.
    static let periods = ["recorded": ("2026-03-01", "2026-07-03"), "oracle": ("2026-03-01", "2026-06-20")]

    /// The settings from fields already read (the tuner's request carries the same ones); a cycle
    /// strategy's run settings come from `runConfig` instead of `config`.
    static func settings(
        fields: JSONFields, strategy named: String? = nil, runConfig: JSONFields? = nil, forecasts defaultForecasts: String = "recorded"
    ) throws -> WeatherBacktest.Settings {
        let strategy = try named ?? fields.requiredString("strategy")
        guard strategy == "weather" else {
            throw HTTPError.badRequest(
                "strategy '\(strategy.prefix(40))' cannot be backtested yet (known: \(strategies.joined(separator: ", ")))",
                code: "unknown_strategy")
        }
        let forecasts = try fields.string("forecasts") ?? defaultForecasts
        guard forecasts != "modelled" else {
            throw HTTPError.badRequest(
                "field 'forecasts': 'modelled' is now called 'oracle' (made from the outcome: a ceiling, not evidence)",
                code: "invalid_field")
        }
        guard let recorded = periods[forecasts] else {
            throw HTTPError.badRequest("field 'forecasts' must be recorded or oracle", code: "invalid_field")
        }
        let prices = try fields.string("prices") ?? "recorded"
        guard ["recorded", "archive"].contains(prices) else {
            throw HTTPError.badRequest("field 'prices' must be recorded or archive", code: "invalid_field")
        }
        let from = try day(fields, "from"), to = try day(fields, "to")
        guard from <= to else { throw HTTPError.badRequest("'from' (\(from)) is after 'to' (\(to))", code: "invalid_range") }
        // The archive's period is whatever the suite stored: the service checks it holds markets.
        guard prices == "archive" || (to >= recorded.0 && from <= recorded.1) else {
            throw HTTPError.badRequest(
                "no recorded \(strategy) markets with \(forecasts) forecasts between \(from) and \(to) (recorded: \(recorded.0) to \(recorded.1))",
                code: "empty_range")
        }
        var settings = WeatherBacktest.Settings(from: from, to: to)
        settings.forecasts = forecasts
        if let model = try fields.string("error_model") {
            guard ["rolling", "published"].contains(model) else {
                throw HTTPError.badRequest("field 'error_model' must be rolling or published", code: "invalid_field")
            }
            settings.errorModel = model
        }
        settings.prices = prices
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
        if let values = try runConfig
            ?? fields.object("config").map({
                try JSONFields(
                    object: $0, allowed: ["initial_balance", "kelly_fraction", "max_stake", "min_edge", "fee_rate", "slippage"],
                    path: "config")
            })
        {
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
