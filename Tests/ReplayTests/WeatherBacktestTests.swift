import Foundation
import Postgres
import PrescientCore
import Replay
import Schema
import TestSupport
import Testing
import Weather

/// The weather backtest over recorded London markets (2026-03-01 … 03-04), in a schema of its
/// own: its fills, fees and settlements replayed by hand from the fixture; the same run twice
/// gives the same bytes; a price planted just after a trade's moment changes nothing at that
/// moment; the live tables are untouched.
@Suite("Weather backtest", .serialized, .tags(.database))
struct WeatherBacktestTests {
    static let history = Result { try WeatherHistory.load(directory: TestEnvironment.fixturesDirectory, cities: ["london"]) }

    var settings: WeatherBacktest.Settings {
        // The oracle forecast (a ceiling made from the outcome): these tests check the accounting,
        // which needs trades in a few London days, not the forecast's honesty.
        var settings = WeatherBacktest.Settings(from: "2026-03-01", to: "2026-03-04")
        settings.forecasts = "oracle"
        settings.maxStake = 50
        return settings
    }

    /// A deep book, so each buy fills on its first level and a hand replay stays one line.
    var deepBook: BookModel {
        var book = BookModel()
        book.depth = 1_000_000
        return book
    }

    func run(_ settings: WeatherBacktest.Settings, history: WeatherHistory? = nil, database: TestDatabase, admin: PostgresPool, run: String)
        throws -> (BacktestResult, BacktestSchema)
    {
        let schema = try BacktestSchema.create(run: run, databaseURL: database.url, admin: admin)
        let result = try WeatherBacktest(settings: settings, book: deepBook).run(try history ?? Self.history.get(), pool: schema.pool)
        return (result, schema)
    }

    /// A token's recorded price points and resolution, read from the fixture file directly.
    static func recorded(_ token: String) throws -> (points: [(Int64, Decimal)], resolvedYes: Bool)? {
        let path = TestEnvironment.fixturesDirectory + "/clob-prices-history/prices_history_weather_london_2026-03-01_to_2026-06-20.json.gz"
        let file = try JSONSerialization.jsonObject(
            with: Data(try Gzip.decompress(Array(try Data(contentsOf: URL(fileURLWithPath: path))))))
        for market in (file as? [String: Any])?["markets"] as? [[String: Any]] ?? [] {
            for bucket in market["buckets"] as? [[String: Any]] ?? [] where bucket["yes_token"] as? String == token {
                let points = (bucket["history"] as? [[String: Any]] ?? []).compactMap { point -> (Int64, Decimal)? in
                    guard let t = (point["t"] as? NSNumber)?.int64Value, let p = (point["p"] as? NSNumber)?.stringValue else { return nil }
                    return (t, Decimal(string: p)!)
                }
                return (points, bucket["resolved_yes"] as? Bool ?? false)
            }
        }
        return nil
    }

    @Test func aRecordedPeriod_matchesAHandReplayOfItsFillsFeesAndSettlements() throws {
        let database = try TestDatabase()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let (result, schema) = try run(settings, database: database, admin: admin, run: "hand")
        defer { try? schema.drop(admin: admin) }
        #expect(result.trades.count >= 3, "\(result.trades.count) trades")
        #expect(result.modelled && result.trades.allSatisfy(\.modelled))

        // By hand, trade after trade in time order, with settlements landing as they come.
        var cash: Decimal = 10_000
        var openCost: Decimal = 0
        var pending: [(time: Int64, payout: Decimal, cost: Decimal)] = []
        for trade in result.trades.sorted(by: { $0.time < $1.time }) {
            for settled in pending.filter({ $0.time <= trade.time }) {
                cash += settled.payout
                openCost -= settled.cost
            }
            pending.removeAll { $0.time <= trade.time }
            // The price is the fixture's last point at or before the moment; the ask rounds
            // price + half a cent up to the 0.001 grid.
            let recorded = try #require(try Self.recorded(trade.token))
            let price = try #require(recorded.points.filter { $0.0 <= trade.time }.max { $0.0 < $1.0 }?.1)
            #expect(trade.price == price, "\(trade.bucket) at \(trade.time)")
            let ask = ((price + Decimal(string: "0.005")!) / Decimal(string: "0.001")!).rounded(scale: 0, .up) * Decimal(string: "0.001")!
            #expect(trade.ask == ask)
            // Stake: a quarter of the Kelly fraction of equity (cash + cost of open positions), at most $50.
            let kelly = (trade.probability - ask) / (1 - ask)
            let stake = min(50, ((cash + openCost) * Decimal(string: "0.25")! * kelly).rounded(scale: 2, .down), cash)
            let shares = (stake / ask).rounded(scale: 2, .down)
            #expect(trade.shares == shares && trade.notional == shares * ask, "\(trade.bucket): \(trade.shares) vs \(shares)")
            // Polymarket's taker fee: shares × 0.05 × p(1 − p), floored to 5 decimals.
            let fee = (shares * Decimal(string: "0.05")! * ask * (1 - ask)).rounded(scale: 5, .down)
            #expect(trade.fee == fee)
            cash -= shares * ask + fee
            openCost += shares * ask
            // Settled a day after trading ends: $1 a share for the bucket that resolved YES.
            let won = recorded.resolvedYes
            #expect(trade.outcome == (won ? "won" : "lost"))
            #expect(trade.payout == (won ? shares : 0))
            pending.append((trade.settledAt ?? .max, won ? shares : 0, shares * ask))
        }
        for settled in pending where settled.time != .max { cash += settled.payout }
        // The run's own books say the same, and reconcile with their ledger.
        let books = try schema.pool.execute("SELECT current_balance, (SELECT sum(amount) FROM ledger) AS ledger FROM portfolios").rows[0]
        #expect(try books.decode("current_balance", as: Decimal.self) == cash)
        #expect(try books.decode("ledger", as: Decimal.self) == cash)
        #expect(result.summary.fees == result.trades.map(\.fee).reduce(0, +))
    }

    @Test func theSameRunTwice_givesTheSameBytes_andAnotherSeedDoesNot() throws {
        let database = try TestDatabase()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let (first, one) = try run(settings, database: database, admin: admin, run: "a")
        let (second, two) = try run(settings, database: database, admin: admin, run: "b")
        var reseeded = settings
        reseeded.seed = 7
        let (third, three) = try run(reseeded, database: database, admin: admin, run: "c")
        for schema in [one, two, three] { try schema.drop(admin: admin) }
        #expect(try first.encoded() == second.encoded())
        #expect(try first.encoded() != third.encoded())
    }

    @Test func aPricePlantedJustAfterATradesMoment_isNeverSeenAtThatMoment_andTheLiveTablesAreUntouched() throws {
        let database = try TestDatabase()
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        _ = try Migrator(pool: admin).migrate()
        try admin.execute(
            "INSERT INTO portfolios (name, strategy_type, initial_balance, current_balance) VALUES ('live', 'momentum', 500, 500)")
        func liveCounts() throws -> [Int] {
            try ["portfolios", "trades", "ledger", "portfolio_positions", "settlements"].map { table in
                try admin.execute(PostgresQuery(unsafeSQL: "SELECT count(*)::int AS n FROM public.\(table)")).rows[0].decode("n")
            }
        }
        let before = try liveCounts()
        let (plain, schema) = try run(settings, database: database, admin: admin, run: "plain")
        try schema.drop(admin: admin)
        let first = try #require(plain.trades.first)

        // A price of 0.999 ten minutes after the first trade's moment: seen then, it would kill
        // that buy's edge. The trade at that moment stays exactly as it was.
        var planted = try Self.history.get()
        for event in planted.events.indices {
            for bucket in planted.events[event].buckets.indices where planted.events[event].buckets[bucket].token == first.token {
                planted.events[event].buckets[bucket].points.append(.init(time: first.time + 600, price: Decimal(string: "0.999")!))
                planted.events[event].buckets[bucket].points.sort { $0.time < $1.time }
            }
        }
        let (withPlant, plantedSchema) = try run(settings, history: planted, database: database, admin: admin, run: "planted")
        defer { try? plantedSchema.drop(admin: admin) }
        #expect(withPlant.trades.first == first)
        #expect(try liveCounts() == before, "the live tables keep their rows")
    }
}
