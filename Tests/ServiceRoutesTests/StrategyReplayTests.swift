import BacktestsService
import Contracts
import Foundation
import Logging
import Portfolios
import Postgres
import PrescientCore
import Replay
import TestSupport
import Testing
import Weather

/// Cycle strategies replayed over the recorded weather markets through the live signal
/// generator and executor (`StrategyReplay` + `ReplayCycle`), on a real database: every fill
/// matches a book walk and fee recomputed here from the recorded price and the documented book
/// model, every settlement the recorded winner, and the portfolio's books reconcile; the same
/// inputs give the same bytes; a price planted in the future changes nothing before it; the
/// weather strategy's buys respect the region limit, with the refusals recorded.
@Suite("Strategy replay", .tags(.database))
struct StrategyReplayTests {
    static let history = Locked<WeatherHistory?>(nil)

    static func recorded() throws -> WeatherHistory {
        try history.mutate { stored in
            if let stored { return stored }
            let loaded = try WeatherHistory.load(directory: TestEnvironment.fixturesDirectory)
            stored = loaded
            return loaded
        }
    }

    func replay(
        _ type: StrategyType, config: [String: JSONValue] = [:], from: String = "2026-03-01", to: String = "2026-03-04",
        stepSeconds: Int64 = 1_800, history: WeatherHistory? = nil, database: TestDatabase, run: String
    ) throws -> (BacktestResult, BacktestSchema) {
        let history = try history ?? Self.recorded()
        var settings = WeatherBacktest.Settings(from: from, to: to)
        settings.seed = 7
        settings.stepSeconds = stepSeconds
        var json = config
        if json["min_liquidity"] == nil { json["min_liquidity"] = .number(0) }
        let replay = StrategyReplay(settings: settings, strategy: type, config: try StrategyConfig(json: json, for: type))
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let schema = try BacktestSchema.create(run: run, databaseURL: database.url, admin: admin)
        let quotes = replay.quotes(for: history)
        let strategy = try #require(ReplayCycle.strategy(type, history: history, seed: settings.seed))
        let result = try replay.run(
            history, quotes: quotes, pool: schema.pool,
            cycle: ReplayCycle.make(strategy: strategy, pool: schema.pool, quotes: quotes, logger: Logger(label: "test")))
        return (result, schema)
    }

    /// The recorded YES price of `token` at `time`: its last point at or before it.
    static func recordedPrice(_ yes: String, at time: Int64, in history: WeatherHistory) -> Decimal? {
        for event in history.events {
            for bucket in event.buckets where bucket.token == yes {
                return bucket.points.last(where: { $0.time <= time })?.price
            }
        }
        return nil
    }

    /// The documented book model, recomputed: touch 1¢ wide around the price on the 0.001 grid,
    /// five levels of 200 shares a tick apart; a NO book is the YES book's complement.
    static func asks(token: String, yesPrice p: Decimal) -> [Decimal] {
        let tick = Decimal(string: "0.001")!
        func floor(_ x: Decimal) -> Decimal { NSDecimalNumber(decimal: x / tick).rounding(accordingToBehavior: nil).decimalValue }
        var bid = ((p - Decimal(string: "0.005")!) / tick).rounded(scale: 0, .down) * tick
        bid = max(tick, bid)
        var ask = ((p + Decimal(string: "0.005")!) / tick).rounded(scale: 0, .up) * tick
        ask = min(1 - tick, max(bid + tick, ask))
        if token.hasPrefix("NO-") { return (0..<5).map { 1 - (bid - Decimal($0) * tick) }.filter { $0 < 1 } }
        return (0..<5).map { ask + Decimal($0) * tick }.filter { $0 < 1 }
    }

    @Test func cycleStrategies_fillSettleAndReconcile_asRecomputedFromTheRecordedPrices() throws {
        let database = try TestDatabase()
        let history = try Self.recorded()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        var checkedBuys = 0, checkedSettlements = 0
        for type in [StrategyType.momentum, .arbitrage, .hybrid] {
            let (result, schema) = try replay(type, database: database, run: "fills_\(type.rawValue)")
            defer { try? schema.drop(admin: admin) }
            #expect(result.trades.count > 0, "\(type.rawValue) traded nothing")
            for trade in result.trades {
                let yes = trade.token.hasPrefix("NO-") ? String(trade.token.dropFirst(3)) : trade.token
                let p = try #require(Self.recordedPrice(yes, at: trade.time, in: history))
                // Walk the recomputed asks for the trade's shares: the notional and fee follow.
                var remaining = trade.shares, notional: Decimal = 0, fee: Decimal = 0
                for ask in Self.asks(token: trade.token, yesPrice: p) where remaining > 0 {
                    let take = min(remaining, 200)
                    notional += take * ask
                    fee += (take * Decimal(string: "0.05")! * ask * (1 - ask)).rounded(scale: 5, .down)
                    remaining -= take
                }
                #expect(remaining == 0 && notional.rounded(scale: 6) == trade.notional.rounded(scale: 6), "\(trade)")
                #expect(fee == trade.fee, "\(trade.token) fee \(trade.fee), recomputed \(fee)")
                checkedBuys += 1
                // Settled from the recorded winner: $1 a winning share, nothing for a losing one.
                guard let outcome = trade.outcome, outcome != "sold" else { continue }
                let event = try #require(history.events.first { $0.buckets.contains { $0.token == yes } })
                let yesWon = event.buckets.first { $0.token == yes }!.resolvedYes
                let won = trade.token.hasPrefix("NO-") ? !yesWon : yesWon
                #expect(outcome == (won ? "won" : "lost"))
                #expect(trade.payout == (won ? trade.shares : 0))
                checkedSettlements += 1
            }
            // The books: cash = deposit − costs − fees + payouts, and the ledger agrees.
            let portfolio = try PortfolioRepository(pool: schema.pool).list()[0]
            let reconciliation = try Reconciliation.run(portfolio, pool: schema.pool)
            #expect(reconciliation.status == "ok", "\(reconciliation)")
            let open = result.trades.filter { $0.outcome == nil }
            let cash = 10_000 - result.trades.map { $0.notional + $0.fee }.reduce(0, +) + result.trades.compactMap(\.payout).reduce(0, +)
            #expect(portfolio.currentBalance == cash, "\(type.rawValue): \(portfolio.currentBalance) vs \(cash) (\(open.count) open)")
        }
        #expect(checkedBuys > 20 && checkedSettlements > 10, "\(checkedBuys) buys, \(checkedSettlements) settlements")
    }

    @Test func theWeatherStrategy_buysOnTheForecast_withinTheRegionLimit() throws {
        let database = try TestDatabase()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        // London and Munich share the Europe region: 3% of equity a region and day.
        let (result, schema) = try replay(
            .weather, config: ["max_region_exposure_pct": .number(Decimal(string: "0.03")!), "max_stake": .number(250)],
            from: "2026-04-01", to: "2026-04-10", database: database, run: "weather_regions")
        defer { try? schema.drop(admin: admin) }
        #expect(result.trades.count > 5)
        let refused: [String] = try schema.pool.execute(
            "SELECT status_reason FROM trading_signals WHERE status = 'rejected' AND status_reason LIKE 'max_region_exposure_pct:%'"
        ).rows.map { try $0.decode("status_reason") }
        #expect(!refused.isEmpty, "the region limit never bound: \(result.trades.map { "\($0.city) \($0.targetDate) \($0.notional)" })")
        #expect(
            refused.allSatisfy { $0.contains("region:Europe|") || $0.contains("region:US Northeast|") || $0.contains("region:East Asia|") })
        // Per region and target day, what was bought stays within 3% of the equity of the time (≤ 3% of the peak).
        let peak = result.curve.map(\.equity).max() ?? 10_000
        var byRegionDay: [String: Decimal] = [:]
        for trade in result.trades {
            let region = WeatherCity.named(trade.city)!.region
            byRegionDay["\(region)|\(trade.targetDate)", default: 0] += trade.notional
        }
        #expect(byRegionDay.values.allSatisfy { $0 <= peak * Decimal(string: "0.03")! + 1 }, "\(byRegionDay)")
        // Each buy's probability is the forecast's for its bucket, recomputed from the error model.
        for trade in result.trades.prefix(5) {
            let event = try #require(try Self.recorded().events.first { $0.city == trade.city && $0.targetDate == trade.targetDate })
            #expect(trade.probability - trade.ask >= Decimal(string: "0.05")!, "bought without the minimum edge: \(trade)")
            #expect(event.buckets.contains { trade.bucket == "YES " + $0.label })
        }
    }
}

extension StrategyReplayTests {
    @Test func theDrawdownBreaker_haltsAReplayAsItHaltsLive_andBuysStop() throws {
        let database = try TestDatabase()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let (free, a) = try replay(.hybrid, to: "2026-03-10", database: database, run: "breaker_off")
        let (capped, b) = try replay(
            .hybrid, config: ["max_drawdown_pct": .number(Decimal(string: "0.02")!)], to: "2026-03-10", database: database,
            run: "breaker_on")
        defer {
            try? a.drop(admin: admin)
            try? b.drop(admin: admin)
        }
        // Without the cap the run falls more than 2% below its start at some point.
        #expect(free.curve.contains { $0.equity < 9_800 })
        let portfolio = try PortfolioRepository(pool: b.pool).list()[0]
        #expect(portfolio.status == .halted && portfolio.statusReason?.hasPrefix("drawdown breaker") == true, "\(portfolio.status)")
        #expect(capped.trades.count < free.trades.count)
    }
}

extension StrategyReplayTests {
    /// The documented book model's bids, recomputed: a YES book's bid and four ticks below it, 200
    /// shares each; a NO book's bids are one minus the YES asks.
    static func bids(token: String, yesPrice p: Decimal) -> [Decimal] {
        let tick = Decimal(string: "0.001")!
        let bid = max(tick, ((p - Decimal(string: "0.005")!) / tick).rounded(scale: 0, .down) * tick)
        if token.hasPrefix("NO-") { return asks(token: String(token.dropFirst(3)), yesPrice: p).map { 1 - $0 } }
        return (0..<5).map { bid - Decimal($0) * tick }.filter { $0 > 0 }
    }

    @Test func exitPolicies_sellInAReplay_atTheBidsRecomputedFromTheRecordedPrice() throws {
        let database = try TestDatabase()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let history = try Self.recorded()
        let five = JSONValue.number(Decimal(string: "0.05")!)
        let (result, schema) = try replay(
            .hybrid, config: ["take_profit_pct": five, "stop_loss_pct": five], to: "2026-03-10", database: database, run: "exits")
        defer { try? schema.drop(admin: admin) }
        let settings = WeatherBacktest.Settings(from: "2026-03-01", to: "2026-03-10")
        let start = history.between(settings.from, settings.to).clock(stepSeconds: settings.stepSeconds, settleAfter: settings.settleAfter)
            .start
        let sells = try schema.pool.execute(
            """
            SELECT t.id, t.position_id, t.token_id, t.shares, t.amount, t.fee, s.cycle_id, s.reason,
                   (SELECT sum(b.amount) FROM trades b WHERE b.position_id = t.position_id AND b.side = 'buy' AND b.id < t.id) AS cost
            FROM trades t JOIN trading_signals s ON s.id = t.signal_id WHERE t.side = 'sell' ORDER BY t.id
            """
        ).rows
        #expect(sells.count >= 3, "the exits never fired")
        for row in sells {
            let token: String = try row.decode("token_id")
            let step = Int64(try row.decode("cycle_id", as: String.self).dropFirst("replay-".count))!
            let time = start + step * settings.stepSeconds
            let yes = token.hasPrefix("NO-") ? String(token.dropFirst(3)) : token
            let p = try #require(Self.recordedPrice(yes, at: time, in: history))
            // The exit's rule holds at the model's midpoint then.
            let bids = Self.bids(token: token, yesPrice: p), asks = Self.asks(token: token, yesPrice: p)
            let mid = (bids.max()! + asks.min()!) / 2
            let shares: Decimal = try row.decode("shares"), cost: Decimal = try row.decode("cost")
            let change = shares * mid / cost - 1
            let reason: String = try row.decode("reason")
            if reason.hasPrefix("stop-loss") {
                #expect(change <= Decimal(string: "-0.05")!, "\(reason): \(change)")
            } else {
                #expect(reason.hasPrefix("take-profit") && change >= Decimal(string: "0.05")!, "\(reason): \(change)")
            }
            // The sale walks the recomputed bids from the best down, 200 shares a level.
            var remaining = shares, proceeds: Decimal = 0, fee: Decimal = 0
            for bid in bids.sorted(by: >) where remaining > 0 {
                let take = min(remaining, 200)
                proceeds += take * bid
                fee += (take * Decimal(string: "0.05")! * bid * (1 - bid)).rounded(scale: 5, .down)
                remaining -= take
            }
            let amount: Decimal = try row.decode("amount"), paid: Decimal = try row.decode("fee")
            #expect(remaining == 0 && proceeds == amount, "\(token) at step \(step): \(amount) vs \(proceeds)")
            #expect(fee == paid, "\(token) fee \(paid) vs \(fee)")
        }
        // The trade log closes those buys as sold, and the books reconcile.
        #expect(result.trades.filter { $0.outcome == "sold" }.count >= sells.count)
        let portfolio = try PortfolioRepository(pool: schema.pool).list()[0]
        #expect(try Reconciliation.run(portfolio, pool: schema.pool).status == "ok")
    }
}
