import BacktestsService
import Foundation
import HTTPServer
import Postgres
import PrescientCore
import Replay
import Schema
import TestSupport
import Testing
import Weather

/// A replay over what the suite archived itself: the recorded weather snapshots of 2026-06-16 …
/// 07-03 are stored as the live services store them (each event and market row holding its last
/// Gamma payload, the temperature markets parsed into `weather_markets`, every recorded quote a
/// `market_snapshots` row at its fetch time), then read back by `ArchivedHistory`. The recorded
/// loader (`WeatherHistory.loadSnapshots`, a second reading of the same data) is the oracle: the
/// same events, buckets, prices, touches and winners, and a backtest over either gives the same
/// bytes.
@Suite("Replay over the archive", .serialized, .tags(.database))
struct ArchivedHistoryTests {
    @Test func theArchivedSnapshots_replayAsTheRecordingsDo() throws {
        let database = try TestDatabase()
        let pool = try database.makeMigratedPool(size: 2)
        defer { pool.close() }
        try archiveTheRecordedSnapshots(into: pool)
        #expect(try WeatherMarketRepository(pool: pool).parseStoredMarkets() > 500)

        let recorded = try WeatherHistory.loadSnapshots(directory: TestEnvironment.fixturesDirectory).between("2026-06-16", "2026-07-03")
        let archived = try ArchivedHistory(pool: pool).load(from: "2026-06-16", to: "2026-07-03")
        #expect(archived.events.count == recorded.events.count && archived.events.count > 50)
        #expect(archived.events.filter(\.resolved).count == recorded.events.filter(\.resolved).count)
        let bySlug = Dictionary(uniqueKeysWithValues: archived.events.map { ($0.slug, $0) })
        for event in recorded.events {
            let found = try #require(bySlug[event.slug], "\(event.slug) not archived")
            #expect(
                (found.city, found.targetDate, found.endTime, found.unit, found.resolved, found.winner?.token)
                    == (event.city, event.targetDate, event.endTime, event.unit, event.resolved, event.winner?.token), "\(event.slug)")
            #expect(found.buckets.map(\.token) == event.buckets.map(\.token), "\(event.slug)")
            for (a, r) in zip(found.buckets, event.buckets) {
                #expect(a.label == r.label && a.bucket == r.bucket && a.points == r.points, "\(event.slug) \(r.label)")
            }
        }

        // The same backtest over either history: the same bytes.
        var settings = WeatherBacktest.Settings(from: "2026-06-20", to: "2026-07-03")
        settings.forecasts = "recorded"
        let forecasts = try RecordedForecastFile.allRecords(weatherDirectory: TestEnvironment.fixturesDirectory + "/../weather")
        let admin = database.makePool(size: 1)
        defer { admin.close() }
        let first = try BacktestSchema.create(run: "from_recordings", databaseURL: database.url, admin: admin)
        let second = try BacktestSchema.create(run: "from_archive", databaseURL: database.url, admin: admin)
        defer {
            try? first.drop(admin: admin)
            try? second.drop(admin: admin)
        }
        let fromRecordings = try WeatherBacktest(settings: settings, recordedForecasts: forecasts).run(recorded, pool: first.pool)
        let fromArchive = try WeatherBacktest(settings: settings, recordedForecasts: forecasts).run(archived, pool: second.pool)
        #expect(fromRecordings.trades.count > 5)
        #expect(try fromRecordings.encoded() == fromArchive.encoded())

        // The service reads the archive when asked (`"prices":"archive"`): the same result again.
        let service = try InProcessService.make(
            name: "backtests", environment: ["BACKTEST_DATA_DIR": TestEnvironment.fixturesDirectory], database: database
        ) { try BacktestsService.routes(context: $0) }
        defer { service.shutdown() }
        let started = service.request(
            "POST", "/backtests",
            body: #"{"strategy":"weather","from":"2026-06-20","to":"2026-07-03","forecasts":"recorded","prices":"archive"}"#)
        #expect(started.status == .accepted, "\(started.text)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(started.body)) as? [String: Any])?["id"] as? String)
        var status = "running"
        for _ in 0..<600 where status == "running" {
            Thread.sleep(forTimeInterval: 0.1)
            status = try admin.execute("SELECT status FROM backtest_runs WHERE id = \(id)")[0].decode("status")
        }
        #expect(status == "succeeded")
        let stored: String = try admin.execute("SELECT result::text AS r FROM backtest_runs WHERE id = \(id)")[0].decode("r")
        let viaService = try JSONDecoder().decode(BacktestResult.self, from: Data(stored.utf8))
        #expect(viaService.settings.prices == "archive")
        #expect(viaService.trades == fromRecordings.trades && viaService.curve == fromRecordings.curve)
    }

    /// Stores the recorded snapshots as the exports and the price updater would have left them:
    /// each event and market row holding its last payload, a snapshot row per recorded quote.
    func archiveTheRecordedSnapshots(into pool: PostgresPool) throws {
        let path = TestEnvironment.fixturesDirectory + "/gamma-events/events_weather_snapshots_2026-06-16_to_2026-07-03.json.gz"
        let runs = try JSONSerialization.jsonObject(with: Data(try PrescientCore.Gzip.readFile(path))) as? [[String: Any]] ?? []
        func text(_ object: Any) throws -> String { String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self) }
        var events: [String: [String: Any]] = [:]
        var markets: [String: (event: String, market: [String: Any], tokens: [String], prices: [String])] = [:]
        var snapshots: (market: [String], token: [String], price: [String], bid: [String?], ask: [String?], time: [Int64]) = (
            [], [], [], [], [], []
        )
        for run in runs {
            let fetched = try #require(ISO8601Lenient.parse((run["_meta"] as? [String: Any])?["fetched_at_utc"] as? String ?? ""))
            let quotes = run["clob_quotes"] as? [String: [String: Any]] ?? [:]
            for event in run["gamma_events"] as? [[String: Any]] ?? [] {
                let eventID = event["id"] as? String ?? ""
                events[eventID] = event
                for market in event["markets"] as? [[String: Any]] ?? [] {
                    let tokens =
                        try JSONSerialization.jsonObject(with: Data((market["clobTokenIds"] as? String ?? "[]").utf8)) as? [String] ?? []
                    let prices =
                        try JSONSerialization.jsonObject(with: Data((market["outcomePrices"] as? String ?? "[]").utf8)) as? [String] ?? []
                    guard let yes = tokens.first, let id = market["id"] as? String else { continue }
                    markets[id] = (eventID, market, tokens, prices)
                    let quote = quotes[yes] ?? [:]
                    func number(_ key: String, _ field: String) -> String? { (quote[key] as? [String: Any])?[field] as? String }
                    guard let mid = number("midpoint", "mid") else { continue }
                    snapshots.market.append(id)
                    snapshots.token.append(yes)
                    snapshots.price.append(mid)
                    snapshots.bid.append(number("price_buy", "price"))
                    snapshots.ask.append(number("price_sell", "price"))
                    snapshots.time.append(Int64(fetched.timeIntervalSince1970))
                }
            }
        }
        let eventRows = Array(events.values), marketRows = Array(markets.values)
        try pool.execute(
            """
            INSERT INTO events (id, slug, title, end_date, raw)
            SELECT * FROM unnest(\(eventRows.map { $0["id"] as? String ?? "" })::text[], \(eventRows.map { $0["slug"] as? String })::text[],
                \(eventRows.map { $0["title"] as? String ?? "" })::text[], \(eventRows.map { $0["endDate"] as? String })::timestamptz[],
                \(try eventRows.map(text))::jsonb[])
            """)
        try pool.execute(
            """
            INSERT INTO markets (id, condition_id, event_id, question, yes_token_id, no_token_id, yes_price, end_date, closed,
                                 uma_resolution_status, raw)
            SELECT * FROM unnest(\(marketRows.map { $0.market["id"] as! String })::text[],
                \(marketRows.map { $0.market["conditionId"] as? String ?? "" })::text[], \(marketRows.map(\.event))::text[],
                \(marketRows.map { $0.market["question"] as? String ?? "" })::text[], \(marketRows.map { $0.tokens[0] })::text[],
                \(marketRows.map { $0.tokens.last! })::text[], \(marketRows.map { $0.prices.first })::numeric[],
                \(marketRows.map { $0.market["endDate"] as? String })::timestamptz[],
                \(marketRows.map { $0.market["closed"] as? Bool ?? false })::boolean[],
                \(marketRows.map { $0.market["umaResolutionStatus"] as? String })::text[], \(try marketRows.map { try text($0.market) })::jsonb[])
            """)
        try pool.execute(
            """
            INSERT INTO market_snapshots (market_id, token_id, price, best_bid, best_ask, source, captured_at)
            SELECT m, t, p, b, a, 'midpoint', to_timestamp(s)
            FROM unnest(\(snapshots.market)::text[], \(snapshots.token)::text[], \(snapshots.price)::numeric[], \(snapshots.bid)::numeric[],
                        \(snapshots.ask)::numeric[], \(snapshots.time)::bigint[]) AS x(m, t, p, b, a, s)
            """)
    }
}
