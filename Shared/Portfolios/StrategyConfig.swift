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

    /// One setting: its key, what it takes, where it is kept and which strategies have it (nil: every one).
    struct Setting: Sendable {
        enum Kind: Sendable {
            case number(ClosedRange<Decimal>, any WritableKeyPath<StrategyConfig, Decimal> & Sendable)
            case optionalNumber(ClosedRange<Decimal>, any WritableKeyPath<StrategyConfig, Decimal?> & Sendable)
            case integer(ClosedRange<Int>, any WritableKeyPath<StrategyConfig, Int> & Sendable)
            case boolean(any WritableKeyPath<StrategyConfig, Bool> & Sendable)
            case strings(any WritableKeyPath<StrategyConfig, [String]> & Sendable)
            case sizing
        }

        let key: String
        let kind: Kind
        let strategies: Set<StrategyType>?

        init(_ key: String, _ kind: Kind, only strategies: Set<StrategyType>? = nil) {
            self.key = key
            self.kind = kind
            self.strategies = strategies
        }

        /// The value as stored and shown (nil for an optional setting that is not set).
        func json(of config: StrategyConfig) -> JSONValue? {
            switch kind {
            case .number(_, let path): return .number(config[keyPath: path])
            case .optionalNumber(_, let path): return config[keyPath: path].map { .number($0) }
            case .integer(_, let path): return .number(Decimal(config[keyPath: path]))
            case .boolean(let path): return .bool(config[keyPath: path])
            case .strings(let path): return .array(config[keyPath: path].map { .string($0) })
            case .sizing: return .string(config.sizing.rawValue)
            }
        }
    }

    private static func d(_ text: String) -> Decimal { Decimal(string: text)! }

    /// Every setting, each written once: validation, storage and the effective settings all read this table.
    static let settings: [Setting] = [
        Setting("min_liquidity", .number(0...1_000_000_000, \.minLiquidity)),
        Setting("min_volume", .number(0...1_000_000_000_000, \.minVolume)),
        Setting("categories", .strings(\.categories)),
        Setting("max_days_to_end", .optionalNumber(0...3_650, \.maxDaysToEnd)),
        Setting("min_days_to_end", .number(0...3_650, \.minDaysToEnd)),
        Setting("max_positions", .integer(1...10_000, \.maxPositions)),
        Setting("per_trade_amount", .number(d("0.01")...10_000_000, \.perTradeAmount)),
        Setting("max_signals_per_cycle", .integer(1...10_000, \.maxSignalsPerCycle)),
        Setting("max_slippage", .number(0...d("0.5"), \.maxSlippage)),
        Setting("partial_fills", .boolean(\.partialFills)),
        Setting("max_exposure_pct", .number(0...1, \.maxExposurePct)),
        Setting("max_single_position_pct", .number(0...1, \.maxSinglePositionPct)),
        Setting("min_balance_reserve", .number(0...1_000_000_000, \.minBalanceReserve)),
        Setting("max_drawdown_pct", .number(d("0.01")...1, \.maxDrawdownPct)),
        Setting("max_category_exposure_pct", .number(0...1, \.maxCategoryExposurePct)),
        Setting("max_daily_loss", .optionalNumber(0...1_000_000_000, \.maxDailyLoss)),
        Setting("sizing", .sizing),
        Setting("sizing_pct", .number(d("0.0001")...1, \.sizingPct)),
        Setting("kelly_fraction", .number(d("0.01")...1, \.kellyFraction)),
        Setting("kelly_min_trades", .integer(1...100_000, \.kellyMinTrades)),
        Setting("take_profit_pct", .optionalNumber(d("0.01")...100, \.takeProfitPct)),
        Setting("stop_loss_pct", .optionalNumber(d("0.01")...1, \.stopLossPct)),
        Setting("scaling_bands", .boolean(\.scalingBands)),
        Setting("band_half_drop", .number(d("0.01")...1, \.bandHalfDrop)),
        Setting("band_quarter_drop", .number(d("0.01")...1, \.bandQuarterDrop)),
        Setting("band_exit_drop", .number(d("0.01")...1, \.bandExitDrop)),
        Setting("time_exit", .boolean(\.timeExit)),
        Setting("time_exit_fraction", .number(d("0.001")...d("0.9"), \.timeExitFraction)),
        Setting("max_region_exposure_pct", .number(0...1, \.maxRegionExposurePct)),
        Setting("min_conviction", .number(0...1, \.minConviction), only: [.momentum, .hybrid]),
        Setting("lookback_hours", .integer(1...8_760, \.lookbackHours), only: [.momentum, .hybrid]),
        Setting("extreme_price_threshold", .number(d("0.5")...1, \.extremePriceThreshold), only: [.meanReversion, .hybrid]),
        Setting("spike_threshold", .number(0...1, \.spikeThreshold), only: [.meanReversion, .hybrid]),
        Setting("max_spread", .number(0...1, \.maxSpread), only: [.arbitrage]),
        Setting("fee_buffer", .number(0...d("0.5"), \.feeBuffer), only: [.arbitrage]),
        Setting("max_markets_scanned", .integer(1...100_000, \.maxMarketsScanned), only: [.arbitrage]),
        Setting("momentum_weight", .number(0...100, \.momentumWeight), only: [.hybrid]),
        Setting("reversion_weight", .number(0...100, \.reversionWeight), only: [.hybrid]),
        Setting("min_score", .number(0...1, \.minScore), only: [.hybrid]),
        Setting("min_clarity", .number(0...1, \.minClarity), only: [.smartMoney]),
        Setting("min_n_eff", .number(0...1_000, \.minNEff), only: [.smartMoney]),
        Setting("min_signal_weight", .number(0...1, \.minSignalWeight), only: [.liveMomentum]),
        Setting("max_signal_age_s", .integer(1...86_400, \.maxSignalAgeSeconds), only: [.liveMomentum]),
        Setting("min_elite_notional", .number(0...100_000_000, \.minEliteNotional), only: [.liveMomentum]),
        Setting("min_edge", .number(0...1, \.minEdge), only: [.weather]),
        Setting("max_stake", .number(1...1_000_000_000, \.maxStake), only: [.weather]),
    ]

    /// Every setting's key, in the table's order (for the check that none is written twice).
    public static var settingKeys: [String] { settings.map(\.key) }

    /// The settings `type` has, by key.
    static func schema(for type: StrategyType) -> [String: Setting] {
        Dictionary(uniqueKeysWithValues: settings.filter { $0.strategies?.contains(type) ?? true }.map { ($0.key, $0) })
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
            guard let setting = schema[key] else {
                throw Invalid(
                    field: key,
                    problem: "is not a setting of the \(type.rawValue) strategy (known: \(schema.keys.sorted().joined(separator: ", ")))")
            }
            try assign(json[key]!, to: setting)
        }
        guard bandHalfDrop < bandQuarterDrop, bandQuarterDrop < bandExitDrop else {
            throw Invalid(field: "band_half_drop", problem: "band_half_drop < band_quarter_drop < band_exit_drop must hold")
        }
    }

    /// Checks `value` against `setting` and stores it; the error names the field and what it takes.
    private mutating func assign(_ value: JSONValue, to setting: Setting) throws {
        let key = setting.key
        switch (setting.kind, value) {
        case (.number(let range, let path), .number(let number)):
            self[keyPath: path] = try Self.checked(number, in: range, key)
        case (.optionalNumber(let range, let path), .number(let number)):
            self[keyPath: path] = try Self.checked(number, in: range, key)
        case (.integer(let range, let path), .number(let number)):
            guard number == number.rounded(scale: 0), let integer = Int(exactly: NSDecimalNumber(decimal: number).int64Value),
                Decimal(integer) == number
            else { throw Invalid(field: key, problem: "must be a whole number") }
            guard range.contains(integer) else {
                throw Invalid(field: key, problem: "must be between \(range.lowerBound) and \(range.upperBound)")
            }
            self[keyPath: path] = integer
        case (.strings(let path), .array(let items)):
            var strings: [String] = []
            for item in items {
                guard case .string(let text) = item, !text.isEmpty else {
                    throw Invalid(field: key, problem: "must be a list of non-empty strings")
                }
                strings.append(text.lowercased())
            }
            self[keyPath: path] = strings
        case (.boolean(let path), .bool(let flag)):
            self[keyPath: path] = flag
        case (.sizing, .string(let text)):
            guard let choice = Sizing(rawValue: text) else {
                throw Invalid(field: key, problem: "must be one of \(Sizing.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            sizing = choice
        case (.sizing, _):
            throw Invalid(
                field: key, problem: "must be one of \(Sizing.allCases.map(\.rawValue).joined(separator: ", ")), not \(value.kindName)")
        case (.boolean, _):
            throw Invalid(field: key, problem: "must be true or false, not \(value.kindName)")
        case (.number, _), (.optionalNumber, _), (.integer, _):
            throw Invalid(field: key, problem: "must be a number, not \(value.kindName)")
        case (.strings, _):
            throw Invalid(field: key, problem: "must be a list of strings, not \(value.kindName)")
        }
    }

    private static func checked(_ number: Decimal, in range: ClosedRange<Decimal>, _ key: String) throws -> Decimal {
        guard range.contains(number) else {
            throw Invalid(field: key, problem: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return number
    }

    /// The effective settings of `type`, every default filled in, as stored and shown to users.
    public func json(for type: StrategyType) -> [String: JSONValue] {
        var all: [String: JSONValue] = [:]
        for setting in Self.schema(for: type).values {
            if let value = setting.json(of: self) { all[setting.key] = value }
        }
        return all
    }
}
