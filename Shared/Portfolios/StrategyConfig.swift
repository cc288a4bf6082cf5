import Foundation
import PrescientCore

/// A portfolio's filters and its strategy's parameters, with documented defaults.
///
/// Filters (every strategy): `min_liquidity` (1000), `min_volume` (0), `categories` ([] = all),
/// `max_days_to_end` (none), `min_days_to_end` (0), `max_positions` (20), `per_trade_amount`
/// (100 dollars), `max_signals_per_cycle` (10), `max_slippage` (0.03 above the reference price),
/// `partial_fills` (true: a book too thin within the limit fills what it has; false: rejected),
/// `max_exposure_pct` (0.80), `max_single_position_pct` (0.25), `min_balance_reserve` (0),
/// `max_drawdown_pct` (0.30: the breaker halts the portfolio until an explicit resume),
/// `max_category_exposure_pct` (0.40 of equity in one category, or in one negRisk event),
/// `max_daily_loss` (dollars of equity lost since the start of the UTC day; none by default).
/// Sizing: `sizing` (`fixed`: `per_trade_amount`; `percent_of_equity`: `sizing_pct` (0.02) of
/// equity; `kelly`: `kelly_fraction` (0.25) of the Kelly fraction from the portfolio's resolved
/// trades, 1% of equity until `kelly_min_trades` (20) exist).
/// Exits (all off by default): `take_profit_pct` / `stop_loss_pct` (return on the position's cost),
/// `scaling_bands` with `band_half_drop` (0.25), `band_quarter_drop` (0.40) and `band_exit_drop`
/// (0.50: relative drops of the strategy's score since entry), `time_exit` below
/// `time_exit_fraction` (0.10) of the market's lifetime.
/// momentum: `min_conviction` (0.05, absolute YES price change), `lookback_hours` (24).
/// mean_reversion: `extreme_price_threshold` (0.85), `spike_threshold` (0.05), `min_days_to_end` (2).
/// arbitrage: `max_spread` (0.05), `fee_buffer` (0.01), `max_markets_scanned` (200).
/// hybrid: `momentum_weight` (0.5), `reversion_weight` (0.5), `min_score` (0.5) plus the momentum
/// and mean-reversion parameters.
/// smart_money: `min_clarity` (0.30) and `min_n_eff` (1.5) of a Top 12 market; its defaults differ:
/// `max_positions` 6, `scaling_bands` and `time_exit` on (lotus-seer's trader).
/// live_momentum: `min_signal_weight` (0.75: MEDIUM and HIGH live signals; LOW weighs 0.5),
/// `max_signal_age_s` (300 seconds since the live tier stored it), `min_elite_notional` (0 dollars
/// of elite wallets' trades with the signal); its defaults differ: `max_positions` 6, `time_exit` on.
/// weather: `min_edge` (0.05: forecast probability − ask), `max_stake` (250 dollars a buy); a buy's stake
/// is `kelly_fraction` (0.25) of the Kelly fraction (p − ask) ÷ (1 − ask) of equity, at most `max_stake`.
/// Every strategy: `max_region_exposure_pct` (0.50 of equity in the weather markets of one region on one
/// target date, weather-trader-v2's correlation limit).
public struct StrategyConfig: Sendable, Equatable {
    public var minLiquidity: Decimal = 1_000
    public var minVolume: Decimal = 0
    public var categories: [String] = []
    public var maxDaysToEnd: Decimal?
    public var minDaysToEnd: Decimal = 0
    public var maxPositions: Int = 20
    public var perTradeAmount: Decimal = 100
    public var maxSignalsPerCycle: Int = 10
    /// How far above the reference price a buy's limit may go.
    public var maxSlippage: Decimal = Decimal(string: "0.03")!
    /// When the book is too thin within the limit: fill what is there (true) or reject (false).
    public var partialFills = true
    /// Risk limits (see `RiskLimits`).
    public var maxExposurePct: Decimal = Decimal(string: "0.80")!
    public var maxSinglePositionPct: Decimal = Decimal(string: "0.25")!
    public var minBalanceReserve: Decimal = 0
    /// Peak-to-now equity loss that halts the portfolio until an operator resumes it.
    public var maxDrawdownPct: Decimal = Decimal(string: "0.30")!
    public var maxCategoryExposurePct: Decimal = Decimal(string: "0.40")!
    /// Dollars of equity the portfolio may lose in one UTC day before buys stop (nil: no limit).
    public var maxDailyLoss: Decimal?
    /// How buy amounts are sized.
    public var sizing: Sizing = .fixed
    public var sizingPct: Decimal = Decimal(string: "0.02")!
    public var kellyFraction: Decimal = Decimal(string: "0.25")!
    public var kellyMinTrades: Int = 20
    /// Exit policies (see `ExitPolicy` in StrategyKit).
    public var takeProfitPct: Decimal?
    public var stopLossPct: Decimal?
    public var scalingBands = false
    public var bandHalfDrop: Decimal = Decimal(string: "0.25")!
    public var bandQuarterDrop: Decimal = Decimal(string: "0.40")!
    public var bandExitDrop: Decimal = Decimal(string: "0.50")!
    public var timeExit = false
    public var timeExitFraction: Decimal = Decimal(string: "0.10")!
    public var minConviction: Decimal = Decimal(string: "0.05")!
    public var lookbackHours: Int = 24
    public var extremePriceThreshold: Decimal = Decimal(string: "0.85")!
    public var spikeThreshold: Decimal = Decimal(string: "0.05")!
    public var maxSpread: Decimal = Decimal(string: "0.05")!
    public var feeBuffer: Decimal = Decimal(string: "0.01")!
    public var maxMarketsScanned: Int = 200
    public var momentumWeight: Decimal = Decimal(string: "0.5")!
    public var reversionWeight: Decimal = Decimal(string: "0.5")!
    public var minScore: Decimal = Decimal(string: "0.5")!
    public var minClarity: Decimal = Decimal(string: "0.30")!
    public var minNEff: Decimal = Decimal(string: "1.5")!
    public var minSignalWeight: Decimal = Decimal(string: "0.75")!
    public var maxSignalAgeSeconds: Int = 300
    public var minEliteNotional: Decimal = 0
    public var minEdge: Decimal = Decimal(string: "0.05")!
    public var maxStake: Decimal = 250
    /// Weather markets of one region on one target date, at most this share of equity.
    public var maxRegionExposurePct: Decimal = Decimal(string: "0.50")!

    public init() {}

    /// A field that failed validation.
    /// A configuration value out of range or of the wrong type (400 `invalid_strategy_config`).
    public struct Invalid: DomainError, Sendable {
        public let field: String
        public let problem: String
        public var kind: DomainErrorKind { .invalid }
        public var code: String { "invalid_strategy_config" }
        public var description: String { "strategy_config.\(field) \(problem)" }
    }

    /// How a buy's dollar amount is chosen.
    public enum Sizing: String, Sendable, CaseIterable {
        case fixed, percentOfEquity = "percent_of_equity", kelly
    }

    enum Kind { case number(ClosedRange<Decimal>), integer(ClosedRange<Int>), strings, boolean, choice([String]) }

    static let common: [String: Kind] = [
        "min_liquidity": .number(0...1_000_000_000), "min_volume": .number(0...1_000_000_000_000),
        "categories": .strings, "max_days_to_end": .number(0...3_650), "min_days_to_end": .number(0...3_650),
        "max_positions": .integer(1...10_000), "per_trade_amount": .number(Decimal(string: "0.01")!...10_000_000),
        "max_signals_per_cycle": .integer(1...10_000), "max_slippage": .number(0...Decimal(string: "0.5")!),
        "partial_fills": .boolean, "max_exposure_pct": .number(0...1), "max_single_position_pct": .number(0...1),
        "min_balance_reserve": .number(0...1_000_000_000), "max_drawdown_pct": .number(Decimal(string: "0.01")!...1),
        "max_category_exposure_pct": .number(0...1), "max_daily_loss": .number(0...1_000_000_000),
        "sizing": .choice(Sizing.allCases.map(\.rawValue)), "sizing_pct": .number(Decimal(string: "0.0001")!...1),
        "kelly_fraction": .number(Decimal(string: "0.01")!...1), "kelly_min_trades": .integer(1...100_000),
        "take_profit_pct": .number(Decimal(string: "0.01")!...100), "stop_loss_pct": .number(Decimal(string: "0.01")!...1),
        "scaling_bands": .boolean, "band_half_drop": .number(Decimal(string: "0.01")!...1),
        "band_quarter_drop": .number(Decimal(string: "0.01")!...1), "band_exit_drop": .number(Decimal(string: "0.01")!...1),
        "time_exit": .boolean, "time_exit_fraction": .number(Decimal(string: "0.001")!...Decimal(string: "0.9")!),
        "max_region_exposure_pct": .number(0...1),
    ]
    static let momentum: [String: Kind] = ["min_conviction": .number(0...1), "lookback_hours": .integer(1...8_760)]
    static let meanReversion: [String: Kind] = [
        "extreme_price_threshold": .number(Decimal(string: "0.5")!...1), "spike_threshold": .number(0...1),
    ]
    static let arbitrage: [String: Kind] = [
        "max_spread": .number(0...1), "fee_buffer": .number(0...Decimal(string: "0.5")!),
        "max_markets_scanned": .integer(1...100_000),
    ]
    static let hybrid: [String: Kind] = [
        "momentum_weight": .number(0...100), "reversion_weight": .number(0...100), "min_score": .number(0...1),
    ]

    static let smartMoney: [String: Kind] = ["min_clarity": .number(0...1), "min_n_eff": .number(0...1_000)]
    static let liveMomentum: [String: Kind] = [
        "min_signal_weight": .number(0...1), "max_signal_age_s": .integer(1...86_400), "min_elite_notional": .number(0...100_000_000),
    ]
    static let weather: [String: Kind] = ["min_edge": .number(0...1), "max_stake": .number(1...1_000_000_000)]

    static func schema(for type: StrategyType) -> [String: Kind] {
        switch type {
        case .momentum: return common.merging(momentum) { $1 }
        case .meanReversion: return common.merging(meanReversion) { $1 }
        case .arbitrage: return common.merging(arbitrage) { $1 }
        case .hybrid: return common.merging(momentum) { $1 }.merging(meanReversion) { $1 }.merging(hybrid) { $1 }
        case .smartMoney: return common.merging(smartMoney) { $1 }
        case .liveMomentum: return common.merging(liveMomentum) { $1 }
        case .weather: return common.merging(weather) { $1 }
        }
    }

    /// Validates `json` against the strategy's schema: unknown keys and wrong types are errors
    /// naming the field. Missing keys take their defaults.
    public init(json: [String: JSONValue], for type: StrategyType) throws {
        self.init()
        if type == .meanReversion { minDaysToEnd = 2 }
        if type == .smartMoney {
            maxPositions = 6
            scalingBands = true
            timeExit = true
        }
        if type == .liveMomentum {
            maxPositions = 6
            timeExit = true
        }
        let schema = Self.schema(for: type)
        for key in json.keys.sorted() {
            guard let kind = schema[key] else {
                throw Invalid(
                    field: key,
                    problem: "is not a setting of the \(type.rawValue) strategy (known: \(schema.keys.sorted().joined(separator: ", ")))")
            }
            let value = json[key]!
            switch (kind, value) {
            case (.number(let range), .number(let number)):
                guard range.contains(number) else {
                    throw Invalid(field: key, problem: "must be between \(range.lowerBound) and \(range.upperBound)")
                }
                try assign(key, number: number)
            case (.integer(let range), .number(let number)):
                guard number == number.rounded(scale: 0), let integer = Int(exactly: NSDecimalNumber(decimal: number).int64Value),
                    Decimal(integer) == number
                else { throw Invalid(field: key, problem: "must be a whole number") }
                guard range.contains(integer) else {
                    throw Invalid(field: key, problem: "must be between \(range.lowerBound) and \(range.upperBound)")
                }
                try assign(key, integer: integer)
            case (.strings, .array(let items)):
                var strings: [String] = []
                for item in items {
                    guard case .string(let text) = item, !text.isEmpty else {
                        throw Invalid(field: key, problem: "must be a list of non-empty strings")
                    }
                    strings.append(text.lowercased())
                }
                categories = strings
            case (.boolean, .bool(let flag)):
                switch key {
                case "scaling_bands": scalingBands = flag
                case "time_exit": timeExit = flag
                case "partial_fills": partialFills = flag
                default: throw Invalid(field: key, problem: "is not a boolean setting")
                }
            case (.choice(let options), .string(let text)):
                guard let choice = Sizing(rawValue: text) else {
                    throw Invalid(field: key, problem: "must be one of \(options.joined(separator: ", "))")
                }
                sizing = choice
            case (.choice(let options), _):
                throw Invalid(field: key, problem: "must be one of \(options.joined(separator: ", ")), not \(value.kindName)")
            case (.boolean, _):
                throw Invalid(field: key, problem: "must be true or false, not \(value.kindName)")
            case (.number, _), (.integer, _):
                throw Invalid(field: key, problem: "must be a number, not \(value.kindName)")
            case (.strings, _):
                throw Invalid(field: key, problem: "must be a list of strings, not \(value.kindName)")
            }
        }
        guard bandHalfDrop < bandQuarterDrop, bandQuarterDrop < bandExitDrop else {
            throw Invalid(field: "band_half_drop", problem: "band_half_drop < band_quarter_drop < band_exit_drop must hold")
        }
    }

    private mutating func assign(_ key: String, number: Decimal) throws {
        switch key {
        case "min_liquidity": minLiquidity = number
        case "min_volume": minVolume = number
        case "max_days_to_end": maxDaysToEnd = number
        case "min_days_to_end": minDaysToEnd = number
        case "per_trade_amount": perTradeAmount = number
        case "max_slippage": maxSlippage = number
        case "max_exposure_pct": maxExposurePct = number
        case "max_single_position_pct": maxSinglePositionPct = number
        case "min_balance_reserve": minBalanceReserve = number
        case "max_drawdown_pct": maxDrawdownPct = number
        case "max_category_exposure_pct": maxCategoryExposurePct = number
        case "max_daily_loss": maxDailyLoss = number
        case "sizing_pct": sizingPct = number
        case "kelly_fraction": kellyFraction = number
        case "take_profit_pct": takeProfitPct = number
        case "stop_loss_pct": stopLossPct = number
        case "band_half_drop": bandHalfDrop = number
        case "band_quarter_drop": bandQuarterDrop = number
        case "band_exit_drop": bandExitDrop = number
        case "time_exit_fraction": timeExitFraction = number
        case "min_conviction": minConviction = number
        case "extreme_price_threshold": extremePriceThreshold = number
        case "spike_threshold": spikeThreshold = number
        case "max_spread": maxSpread = number
        case "fee_buffer": feeBuffer = number
        case "momentum_weight": momentumWeight = number
        case "reversion_weight": reversionWeight = number
        case "min_score": minScore = number
        case "min_clarity": minClarity = number
        case "min_n_eff": minNEff = number
        case "min_signal_weight": minSignalWeight = number
        case "min_elite_notional": minEliteNotional = number
        case "min_edge": minEdge = number
        case "max_stake": maxStake = number
        case "max_region_exposure_pct": maxRegionExposurePct = number
        default: throw Invalid(field: key, problem: "is not a number setting")
        }
    }

    private mutating func assign(_ key: String, integer: Int) throws {
        switch key {
        case "max_positions": maxPositions = integer
        case "max_signals_per_cycle": maxSignalsPerCycle = integer
        case "lookback_hours": lookbackHours = integer
        case "max_markets_scanned": maxMarketsScanned = integer
        case "kelly_min_trades": kellyMinTrades = integer
        case "max_signal_age_s": maxSignalAgeSeconds = integer
        default: throw Invalid(field: key, problem: "is not an integer setting")
        }
    }

    /// The effective settings of `type`, every default filled in, as stored and shown to users.
    public func json(for type: StrategyType) -> [String: JSONValue] {
        var all: [String: JSONValue] = [
            "min_liquidity": .number(minLiquidity), "min_volume": .number(minVolume),
            "categories": .array(categories.map { .string($0) }), "min_days_to_end": .number(minDaysToEnd),
            "max_positions": .number(Decimal(maxPositions)), "per_trade_amount": .number(perTradeAmount),
            "max_signals_per_cycle": .number(Decimal(maxSignalsPerCycle)), "max_slippage": .number(maxSlippage),
            "partial_fills": .bool(partialFills),
            "max_exposure_pct": .number(maxExposurePct), "max_single_position_pct": .number(maxSinglePositionPct),
            "min_balance_reserve": .number(minBalanceReserve), "max_drawdown_pct": .number(maxDrawdownPct),
            "max_category_exposure_pct": .number(maxCategoryExposurePct), "sizing": .string(sizing.rawValue),
            "sizing_pct": .number(sizingPct), "kelly_fraction": .number(kellyFraction),
            "kelly_min_trades": .number(Decimal(kellyMinTrades)),
            "scaling_bands": .bool(scalingBands), "band_half_drop": .number(bandHalfDrop), "band_quarter_drop": .number(bandQuarterDrop),
            "band_exit_drop": .number(bandExitDrop), "time_exit": .bool(timeExit), "time_exit_fraction": .number(timeExitFraction),
            "min_conviction": .number(minConviction),
            "lookback_hours": .number(Decimal(lookbackHours)), "extreme_price_threshold": .number(extremePriceThreshold),
            "spike_threshold": .number(spikeThreshold), "max_spread": .number(maxSpread), "fee_buffer": .number(feeBuffer),
            "max_markets_scanned": .number(Decimal(maxMarketsScanned)), "momentum_weight": .number(momentumWeight),
            "reversion_weight": .number(reversionWeight), "min_score": .number(minScore), "min_clarity": .number(minClarity),
            "min_n_eff": .number(minNEff), "min_signal_weight": .number(minSignalWeight),
            "max_signal_age_s": .number(Decimal(maxSignalAgeSeconds)), "min_elite_notional": .number(minEliteNotional),
            "min_edge": .number(minEdge), "max_stake": .number(maxStake), "max_region_exposure_pct": .number(maxRegionExposurePct),
        ]
        if let maxDaysToEnd { all["max_days_to_end"] = .number(maxDaysToEnd) }
        if let maxDailyLoss { all["max_daily_loss"] = .number(maxDailyLoss) }
        if let takeProfitPct { all["take_profit_pct"] = .number(takeProfitPct) }
        if let stopLossPct { all["stop_loss_pct"] = .number(stopLossPct) }
        let schema = Self.schema(for: type)
        return all.filter { schema[$0.key] != nil }
    }
}
