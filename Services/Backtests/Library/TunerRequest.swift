import Foundation
import HTTPServer
import PrescientCore
import Replay

/// `POST /tuner-runs`: `{"strategy":"weather","from","to","train_days","test_days","seed"?,"step_seconds"?,
/// "grid":{"min_edge":[…],"kelly_fraction":[…],"max_stake":[…]}}`, each problem a 400 naming it;
/// a grid over `WalkForwardTuner.maximumConfigurations` is refused with the limit named.
enum TunerRequest {
    static func tuner(_ request: HTTPRequest) throws -> WalkForwardTuner {
        let fields = try JSONFields(
            request,
            allowed: [
                "strategy", "from", "to", "train_days", "test_days", "seed", "step_seconds", "grid", "config", "forecasts", "prices",
                "error_model",
            ])
        let base = try BacktestRequest.settings(fields: fields)
        guard base.forecasts != "oracle" else {
            throw HTTPError(
                .conflict, code: "oracle_forecasts",
                message:
                    "the tuner refuses oracle forecasts: they are made from the recorded outcomes, so whatever it chose would be tuned on the answer; use forecasts 'recorded'"
            )
        }
        func days(_ key: String) throws -> Int {
            let value = try fields.requiredInt64(key)
            guard (1...120).contains(value) else {
                throw HTTPError.badRequest("field '\(key)' must be 1 to 120 days", code: "invalid_field")
            }
            return Int(value)
        }
        let train = try days("train_days"), test = try days("test_days")
        var grid: [String: [Decimal]] = [:]
        if let object = try fields.object("grid") {
            let values = try JSONFields(object: object, allowed: ["min_edge", "kelly_fraction", "max_stake"], path: "grid")
            for (key, range) in [("min_edge", Decimal(0)...1), ("kelly_fraction", 0...1), ("max_stake", 1...1_000_000_000)] {
                guard let value = values.values[key] else { continue }
                guard case .array(let items) = value, (1...1_000_000).contains(items.count) else {
                    throw HTTPError.badRequest("field 'grid.\(key)' must be an array of numbers", code: "invalid_field")
                }
                grid[key] = try items.enumerated().map { index, item in
                    guard case .number(let number) = item, range.contains(number) else {
                        throw HTTPError.badRequest(
                            "'grid.\(key)[\(index)]' must be a number between \(range.lowerBound) and \(range.upperBound)",
                            code: "invalid_field")
                    }
                    return number
                }
            }
        }
        let tuner: WalkForwardTuner
        do {
            tuner = try WalkForwardTuner(
                base: base, trainDays: train, testDays: test, minEdge: grid["min_edge"] ?? [], kellyFraction: grid["kelly_fraction"] ?? [],
                maxStake: grid["max_stake"] ?? [])
        } catch let large as WalkForwardTuner.GridTooLarge {
            throw HTTPError.badRequest(large.description, code: "grid_too_large")
        }
        guard !tuner.windows.isEmpty else {
            throw HTTPError.badRequest(
                "\(base.from) to \(base.to) holds no window of \(train) training and \(test) test days", code: "empty_range")
        }
        return tuner
    }

    /// The settings as stored with the run.
    struct Echo: Encodable {
        let base: WeatherBacktest.Settings
        let trainDays: Int
        let testDays: Int
        let configurations: [WalkForwardTuner.Configuration]

        init(_ tuner: WalkForwardTuner) {
            base = tuner.base
            trainDays = tuner.trainDays
            testDays = tuner.testDays
            configurations = tuner.configurations
        }

        enum CodingKeys: String, CodingKey {
            case base, configurations
            case trainDays = "train_days", testDays = "test_days"
        }
    }

    /// A finished run's summary: the best configuration out of sample and the procedure's own result.
    struct Summary: Encodable {
        let configurationsTried: Int
        let windows: Int
        let best: WalkForwardTuner.Configuration?
        let bestDeflatedSharpe: Double?
        let procedureReturnPct: Decimal
        let modelled: Bool

        enum CodingKeys: String, CodingKey {
            case windows, best, modelled
            case configurationsTried = "configurations_tried", bestDeflatedSharpe = "best_deflated_sharpe"
            case procedureReturnPct = "procedure_return_pct"
        }
    }
}
