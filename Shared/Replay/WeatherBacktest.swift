import Foundation
import Polymarket
import Portfolios
import Postgres
import PrescientCore
import Trading
import Weather

/// A backtest of the weather strategy over recorded markets, stepping a clock through history:
/// at each step the strategy sees only prices recorded within one step before it (`KnownPrices`;
/// an older price is no price: no trade and no score) and the newest recorded forecast issued by
/// then, read through an error model fitted only from the days resolved by then
/// (`ForecastErrorFit`); or, labelled as a ceiling, the oracle forecast made from the outcome
/// (`ModelledForecast`, `forecasts: "oracle"`, which the tuner refuses). Its buys walk a book
/// rebuilt around the recorded price (`BookModel`) with the same `BookWalk`, `TakerFee` and
/// `Bookkeeping` code that trades live, into a portfolio of its own in the run's own schema
/// (`BacktestSchema`), and each market settles from its recorded resolution `settleAfter` seconds
/// after trading ends, through `Bookkeeping.recordSettlement`.
///
/// The strategy (weather-trader-v2): each bucket's probability from the forecast distribution;
/// edge = probability − ask; the best expected value per market (edge ÷ ask) when its edge is at
/// least `minEdge`; one position per market; stake = `kellyFraction` of the Kelly fraction
/// (p − ask) ÷ (1 − ask) of equity, at most `maxStake`.
public struct WeatherBacktest: Sendable {
    public struct Settings: Sendable, Codable, Equatable {
        public var from: String
        public var to: String
        public var stepSeconds: Int64 = 1_800
        public var seed: UInt64 = 42
        public var initialBalance: Decimal = 10_000
        public var kellyFraction: Decimal = Decimal(string: "0.25")!
        public var maxStake: Decimal = 250
        public var minEdge: Decimal = Decimal(string: "0.05")!
        public var feeRate: Decimal = Decimal(string: "0.05")!
        public var slippage: Decimal = Decimal(string: "0.01")!
        public var settleAfter: Int64 = 86_400
        /// Points of the equity curve: one every this many seconds.
        public var curveEvery: Int64 = 21_600
        /// `recorded` (the newest recorded forecast issued by each step, the default) or `oracle`
        /// (the observed high plus seeded error: a ceiling made from the outcome, never evidence).
        public var forecasts = "recorded"
        /// `rolling` (bias and σ per city and lead fitted from the days resolved before each step,
        /// the default) or `published` (the published error model, unfitted).
        public var errorModel = "rolling"
        /// `recorded` (the recorded price histories or snapshots) or `archive` (the weather
        /// markets and prices this suite stored itself: `ArchivedHistory`).
        public var prices = "recorded"

        enum CodingKeys: String, CodingKey {
            case from, to, seed, slippage, prices
            case stepSeconds = "step_seconds", initialBalance = "initial_balance", kellyFraction = "kelly_fraction", maxStake = "max_stake"
            case minEdge = "min_edge", feeRate = "fee_rate", settleAfter = "settle_after_s", curveEvery = "curve_every_s", forecasts
            case errorModel = "error_model"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(from: try c.decode(String.self, forKey: .from), to: try c.decode(String.self, forKey: .to))
            stepSeconds = try c.decode(Int64.self, forKey: .stepSeconds)
            seed = try c.decode(UInt64.self, forKey: .seed)
            initialBalance = try c.decode(Decimal.self, forKey: .initialBalance)
            kellyFraction = try c.decode(Decimal.self, forKey: .kellyFraction)
            maxStake = try c.decode(Decimal.self, forKey: .maxStake)
            minEdge = try c.decode(Decimal.self, forKey: .minEdge)
            feeRate = try c.decode(Decimal.self, forKey: .feeRate)
            slippage = try c.decode(Decimal.self, forKey: .slippage)
            settleAfter = try c.decode(Int64.self, forKey: .settleAfter)
            curveEvery = try c.decode(Int64.self, forKey: .curveEvery)
            // Runs stored before the oracle had its name called it `modelled`.
            let named = try c.decodeIfPresent(String.self, forKey: .forecasts) ?? "oracle"
            forecasts = named == "modelled" ? "oracle" : named
            errorModel = try c.decodeIfPresent(String.self, forKey: .errorModel) ?? "published"
            prices = try c.decodeIfPresent(String.self, forKey: .prices) ?? "recorded"
        }

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    public let settings: Settings
    public let book: BookModel
    public let forecasts: ModelledForecast
    /// Recorded forecasts by city and target day, oldest issue first (used when `settings.forecasts` is `recorded`).
    let recorded: [String: [ForecastRecord]]

    public init(settings: Settings, book: BookModel = BookModel(), recordedForecasts: [ForecastRecord] = []) {
        self.settings = settings
        self.book = book
        forecasts = ModelledForecast(seed: settings.seed)
        recorded = Dictionary(grouping: recordedForecasts) { "\($0.city)|\($0.targetDate)" }.mapValues {
            $0.sorted { $0.issuedAt < $1.issuedAt }
        }
    }

    var usesRecordedForecasts: Bool { settings.forecasts == "recorded" }

    /// The newest recorded forecast of the event issued by `now` (epoch seconds).
    func newestRecord(_ event: WeatherHistory.Event, at now: Int64) -> ForecastRecord? {
        let moment = Date(timeIntervalSince1970: TimeInterval(now))
        return recorded["\(event.city)|\(event.targetDate)"]?.last(where: { $0.issuedAt <= moment })
    }

    /// Every forecast–outcome pair of the history's resolved events (all of them, so a window's
    /// fit starts from every day resolved before it): per source and lead, the newest forecast
    /// issued before trading ended against the observed high the resolution implies, known when
    /// the backtest settles the event (`settleAfter` after its end). An open-ended winning bucket
    /// ("or above", "or below") says only a bound of the high: no pair.
    func errorPairs(_ history: WeatherHistory) -> [ForecastErrorFit.Pair] {
        history.events.flatMap { event -> [ForecastErrorFit.Pair] in
            guard event.resolved, let winner = event.winner, winner.bucket.kind == .exact || winner.bucket.kind == .range,
                let observed = ModelledForecast.observedHigh(winner.bucket)
            else { return [] }
            let end = Date(timeIntervalSince1970: TimeInterval(event.endTime))
            let issued = (recorded["\(event.city)|\(event.targetDate)"] ?? []).filter { $0.issuedAt < end }
            return Dictionary(grouping: issued, by: { "\($0.source)|\($0.leadDays)" }).compactMap { _, records in
                records.last.map {
                    ForecastErrorFit.Pair(
                        city: event.city, source: $0.source, leadDays: $0.leadDays, error: $0.high - observed,
                        knownAt: event.endTime + settings.settleAfter)
                }
            }.sorted { ($0.source, $0.leadDays) < ($1.source, $1.leadDays) }
        }
    }

    /// The forecast the strategy has for the event at `now`: the newest recorded one issued by
    /// then through the error model fitted by then, or the oracle one at the lead from `now`'s UTC day.
    func distribution(_ event: WeatherHistory.Event, at now: Int64, fit: ForecastErrorFit? = nil) -> ForecastDistribution? {
        if usesRecordedForecasts {
            guard let record = newestRecord(event, at: now) else { return nil }
            guard settings.errorModel == "rolling", let fit else {
                return ForecastDistribution(forecastHigh: record.high, leadDays: record.leadDays, unit: record.unit)
            }
            let model = fit.model(city: event.city, source: record.source, leadDays: record.leadDays, unit: record.unit, at: now)
            return ForecastDistribution(mean: record.high - model.bias, sigma: model.sigma)
        }
        let today = OpenMeteoDaily.localDay(Date(timeIntervalSince1970: TimeInterval(now)), offsetSeconds: 0)
        guard let lead = OpenMeteoDaily.days(from: today, to: event.targetDate), lead >= 0 else { return nil }
        return forecasts.distribution(event, leadDays: lead)
    }

    /// Runs over `history` into the run schema behind `pool` (migrated, empty); `progress` is
    /// told (steps done, steps in all) as it goes and may stop the run by returning false.
    public func run(_ history: WeatherHistory, pool: PostgresPool, progress: (Int, Int) -> Bool = { _, _ in true }) throws
        -> BacktestResult
    {
        let window = history.between(settings.from, settings.to)
        let known = KnownPrices(window)
        let fit = ForecastErrorFit(pairs: usesRecordedForecasts ? errorPairs(history) : [])
        let (start, steps) = window.clock(stepSeconds: settings.stepSeconds, settleAfter: settings.settleAfter)
        let portfolioID = try createPortfolio(pool)

        var trades: [BacktestResult.Trade] = []
        var held: [String: (trade: Int, shares: Decimal)] = [:]
        var tradedEvents = Set<Int>()
        var settledEvents = Set<Int>()
        var curve: [BacktestResult.CurvePoint] = []
        var buckets = BacktestResult.BucketSkill()
        var eventSkill = EventSkill()
        var cancelled = false
        for step in 0..<steps {
            let now = start + Int64(step) * settings.stepSeconds
            // Settle the markets whose resolution is known by now.
            for (index, event) in window.events.enumerated()
            where event.resolved && !settledEvents.contains(index) && event.endTime + settings.settleAfter <= now {
                settledEvents.insert(index)
                for bucket in event.buckets {
                    guard let position = held.removeValue(forKey: bucket.token) else { continue }
                    let payout = try settle(bucket, portfolioID: portfolioID, pool: pool)
                    trades[position.trade].settle(won: bucket.resolvedYes, payout: payout, at: now)
                }
            }
            // Every bucket of a resolved open market priced within the last step: the forecast's
            // probability and the market's mid against the outcome (the skill figures).
            for event in window.events where event.resolved && now < event.endTime {
                guard let forecast = distribution(event, at: now, fit: fit) else { continue }
                for bucket in event.buckets {
                    guard let point = known.point(bucket.token, at: now, maxAge: settings.stepSeconds) else { continue }
                    let probability = forecast.probability(of: bucket.bucket)
                    buckets.add(forecast: probability, price: point.price, won: bucket.resolvedYes)
                    eventSkill.add(
                        event: "\(event.city)|\(event.targetDate)", block: EventSkill.block(city: event.city, day: event.targetDate),
                        forecast: probability,
                        mid: NSDecimalNumber(decimal: point.price).doubleValue, won: bucket.resolvedYes)
                }
            }
            // Trade the open markets.
            for (index, event) in window.events.enumerated() where !tradedEvents.contains(index) && now < event.endTime {
                guard let candidate = try bestBuy(event, at: now, known: known, fit: fit, pool: pool, portfolioID: portfolioID) else {
                    continue
                }
                tradedEvents.insert(index)
                held[candidate.bucket.token] = (trades.count, candidate.fill.shares)
                trades.append(
                    BacktestResult.Trade(
                        time: now, city: event.city, targetDate: event.targetDate, bucket: candidate.bucket.label,
                        token: candidate.bucket.token, probability: candidate.probability, price: candidate.price, ask: candidate.ask,
                        shares: candidate.fill.shares, notional: candidate.fill.notional, fee: candidate.fee,
                        modelled: !usesRecordedForecasts))
            }
            if (now - start) % settings.curveEvery == 0 || step == steps - 1 {
                curve.append(.init(time: now, equity: try equity(portfolioID, held: held, known: known, at: now, pool: pool)))
            }
            if !progress(step + 1, steps) {
                cancelled = true
                break
            }
        }
        return BacktestResult(
            settings: settings, trades: trades, curve: curve, initialBalance: settings.initialBalance, cancelled: cancelled,
            buckets: buckets, eventSkill: eventSkill.summary())
    }

    struct Candidate {
        let bucket: WeatherHistory.Bucket
        let probability: Decimal
        let price: Decimal
        let ask: Decimal
        let fill: Fill
        let fee: Decimal
    }

    /// The market's best buy now, executed; nil when nothing has the edge or money runs short.
    func bestBuy(
        _ event: WeatherHistory.Event, at now: Int64, known: KnownPrices, fit: ForecastErrorFit, pool: PostgresPool,
        portfolioID: PortfolioID
    ) throws -> Candidate? {
        guard let forecast = distribution(event, at: now, fit: fit) else { return nil }
        var best: (value: Decimal, bucket: WeatherHistory.Bucket, point: WeatherHistory.Point, p: Decimal, ask: Decimal)?
        for bucket in event.buckets {
            // A price older than one step is not a price: that bucket is not traded now.
            guard let point = known.point(bucket.token, at: now, maxAge: settings.stepSeconds) else { continue }
            let ask = book.book(token: bucket.token, point: point).asks.first?.price ?? 1
            let p = Decimal(string: String(format: "%.6f", forecast.probability(of: bucket.bucket))) ?? 0
            let edge = p - ask
            guard edge >= settings.minEdge, ask > 0, ask < 1 else { continue }
            let value = edge / ask
            if value > best?.value ?? -1 { best = (value, bucket, point, p, ask) }
        }
        guard let best else { return nil }
        return try pool.withTransaction { db -> Candidate? in
            guard let money = try Bookkeeping.lockPortfolio(portfolioID, on: db) else { return nil }
            let equity = MoneyFigures.equity(cash: money.cash, invested: money.invested, unrealized: money.unrealized)
            let kelly = (best.p - best.ask) / (1 - best.ask)
            let stake = min(settings.maxStake, (equity * settings.kellyFraction * kelly).rounded(scale: 2, .down), money.cash)
            guard stake >= 1 else { return nil }
            let walked = BookWalk.buy(
                book.book(token: best.bucket.token, point: best.point), dollars: stake, limit: best.ask + settings.slippage)
            let fee = TakerFee.fee(walked, rate: settings.feeRate)
            guard walked.shares >= 5, walked.notional + fee <= money.cash else { return nil }
            try Bookkeeping.recordBuy(
                walked, fee: fee,
                target: .init(
                    portfolioID: portfolioID, marketID: MarketID(event.slug), tokenID: TokenID(best.bucket.token), outcome: "YES",
                    signalID: nil),
                entryScore: best.p, on: db)
            return Candidate(bucket: best.bucket, probability: best.p, price: best.point.price, ask: best.ask, fill: walked, fee: fee)
        }
    }

    func settle(_ bucket: WeatherHistory.Bucket, portfolioID: PortfolioID, pool: PostgresPool) throws -> Decimal {
        try pool.withTransaction { db in
            try Bookkeeping.lockPortfolio(portfolioID, on: db)
            guard let position = try Bookkeeping.openPosition(portfolioID: portfolioID, tokenID: TokenID(bucket.token), on: db) else {
                return 0
            }
            return try Bookkeeping.recordSettlement(
                positionID: position.id, portfolioID: portfolioID, outcome: { _ in bucket.resolvedYes ? .won : .lost }, on: db) ?? 0
        }
    }

    /// Cash + open shares at their known prices.
    func equity(
        _ portfolioID: PortfolioID, held: [String: (trade: Int, shares: Decimal)], known: KnownPrices, at now: Int64,
        pool: PostgresPool
    )
        throws -> Decimal
    {
        let cash: Decimal = try pool.execute("SELECT current_balance FROM portfolios WHERE id = \(portfolioID)").rows[0].decode(
            "current_balance")
        return held.sorted { $0.key < $1.key }.reduce(cash) { total, entry in
            total + entry.value.shares * (known.point(entry.key, at: now)?.price ?? 0)
        }
    }

    func createPortfolio(_ pool: PostgresPool) throws -> PortfolioID {
        try pool.withTransaction { db in
            try Bookkeeping.openAccount(
                name: "backtest", type: "weather", configJSON: nil, initialBalance: settings.initialBalance, note: "backtest deposit",
                on: db
            ).decode("id")
        }
    }
}
