import Foundation
import HTTPServer
import LiveSignalsService
import MarketsService
import Postgres
import PrescientCore
import ServiceKit
import SimulatorService
import TestSupport
import Testing
import WalletsService

/// The live tier end to end in one process: the simulator's market channel (a real socket, our
/// WebSocket client) drives a known price path; the live-signals service folds it into
/// snapshots, fires the momentum detector and attributes the move to the elite wallet that
/// traded with it (profiled by the wallets service from the simulator's Data API).
@Suite("Live signals service", .serialized, .tags(.database))
struct LiveSignalsTests {
    final class Stack: Sendable {
        let simulator: ServiceHost
        let database: TestDatabase
        let markets: InProcessService
        let wallets: InProcessService
        let live: InProcessService
        let pool: PostgresPool

        init(wallets count: Int = 400, extra: [String: String] = [:]) throws {
            simulator = try ServiceHost.simulator(environment: ["SIM_WALLETS": "\(count)", "SIM_WORLD": "easy"])
            struct Channel: Decodable { let port: Int }
            let port = try JSONDecoder().decode(Channel.self, from: Data(simulator.application.request("GET", "/sim/ws").body)).port
            database = try TestDatabase()
            var environment = [
                "POLYMARKET_GAMMA_URL": simulator.baseURL(), "POLYMARKET_CLOB_URL": simulator.baseURL("clob"),
                "POLYMARKET_DATA_URL": simulator.baseURL("data"), "POLYMARKET_RATE_LIMIT_SCALE": "100", "PRESCIENT_CLOCK": "simulator",
                "SIMULATOR_URL": simulator.baseURL(), "WALLETS_REFRESH_INTERVAL_S": "0", "SEER_SCAN_INTERVAL_S": "0",
                "POLYMARKET_WS_URL": "ws://127.0.0.1:\(port)/ws/market", "LIVE_WATCHLIST_REFRESH_S": "0", "LIVE_TRADES_POLL_S": "0",
                "SCORECARD_INTERVAL_S": "0",
            ]
            environment.merge(extra) { _, new in new }
            markets = try InProcessService.make(name: "markets", environment: environment, database: database) {
                try MarketsService.routes(context: $0)
            }
            wallets = try InProcessService.make(name: "wallets", environment: environment, database: database) {
                try WalletsService.routes(context: $0)
            }
            live = try InProcessService.make(name: "live-signals", environment: environment, database: database) {
                try LiveSignalsService.routes(context: $0)
            }
            pool = database.makePool(size: 2)
            let exported = markets.request("GET", "/markets/export-all-markets-db")
            guard exported.status == .ok else { throw TestSetupError("markets export failed: \(exported.text)") }
        }

        deinit {
            _ = try? control("/sim/ws", ["interval_ms": 1_000, "advance_seconds": 0])
            for service in [live, wallets, markets] { service.shutdown() }
            simulator.stop()
            pool.close()
        }

        @discardableResult
        func control(_ path: String, _ body: [String: Any]) throws -> HTTPResponse {
            let text = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
            let response = simulator.application.request("POST", path, body: text)
            guard response.status == .ok else { throw TestSetupError("\(path) failed: \(response.text)") }
            return response
        }

        var clockSeconds: Int64 {
            get throws {
                struct State: Decodable { let clock_seconds: Int64 }
                return try JSONDecoder().decode(State.self, from: Data(simulator.application.request("GET", "/sim/state").body))
                    .clock_seconds
            }
        }

        /// A market whose touch follows a price path exactly (`SteadyMarkets`).
        func steadyMarket(skipping: Int = 0) throws -> (condition: String, yes: String, no: String) {
            let steady = try SteadyMarkets.candidates(pool).filter { market in
                SteadyMarkets.isSynthetic(simulator.application.request("GET", "/book?token_id=\(market.yes)", listener: "clob").body)
            }
            guard steady.count > skipping else { throw TestSetupError("no steady market in the dataset") }
            return steady[skipping]
        }

        func signals(asset: String) throws -> [[String: Any]] {
            let response = live.request("GET", "/live/signals?asset=\(asset)")
            guard response.status == .ok else { throw TestSetupError("signals failed: \(response.text)") }
            return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["signals"] as? [[String: Any]] ?? []
        }
    }

    static let epoch: Int64 = 1_773_261_000

    static func decimal(_ value: Any?) -> Decimal? {
        if let text = value as? String { return Decimal(string: text) }
        if let number = value as? NSNumber { return Decimal(string: number.stringValue) }
        return nil
    }

    @Test func aKnownPath_firesTheDetectorAtTheRightTick_andAttributesTheEliteWalletThatTradedWithIt() throws {
        let stack = try Stack()
        let (condition, yes, no) = try stack.steadyMarket()
        // The population profiled; an informed wallet the wallets service counts as smart money,
        // and a noise trader it does not.
        let truth = try SimulatorWalletTests.truth(stack.simulator)
        let refreshed = try stack.wallets.request("POST", "/wallets/refresh", json: ["addresses": truth.map(\.address)])
        #expect(refreshed.status == .ok, "\(refreshed.text)")
        struct Listed: Decodable {
            struct Wallet: Decodable {
                let address: String
                let smart_money: Bool
            }
            let wallets: [Wallet]
        }
        let skilled = try stack.wallets.request("GET", "/wallets?sort=edge&min_resolved=20&limit=100").decode(Listed.self).wallets
        let archetype = Dictionary(uniqueKeysWithValues: truth.map { ($0.address, $0.archetype) })
        let informed = try #require(skilled.first { $0.smart_money && archetype[$0.address] == "informed" }?.address)
        let noise = try #require(
            truth.first { wallet in
                guard wallet.archetype == "noise" else { return false }
                let profile = try? JSONSerialization.jsonObject(with: Data(stack.wallets.request("GET", "/wallets/\(wallet.address)").body))
                return (profile as? [String: Any])?["smart_money"] as? Bool == false
            }
        ).address
        // The clock stands still while the market is watched (its books arrive at C).
        try stack.control("/sim/ws", ["interval_ms": 20, "advance_seconds": 0])
        let added = try stack.live.request("POST", "/watchlist", json: ["condition_id": condition, "note": "test path"])
        #expect(added.status == .created, "\(added.text)")
        let start = try stack.clockSeconds
        // The YES price now (the walk's), then flat for 60 s and +0.01 every 10 s for 120 s.
        struct History: Decodable {
            struct Point: Decodable { let p: Decimal }
            let history: [Point]
        }
        let now = try JSONDecoder().decode(
            History.self,
            from: Data(
                stack.simulator.application.request("GET", "/prices-history?market=\(yes)&interval=1h&fidelity=1", listener: "clob").body))
        let base = try #require(now.history.last?.p)
        try stack.control(
            "/sim/price-path",
            [
                "token_id": yes,
                "points": [
                    ["after_seconds": 0, "price": "\(base)"], ["after_seconds": 60, "price": "\(base)"],
                    ["after_seconds": 180, "price": "\(base + Decimal(string: "0.12")!)"],
                ],
            ])
        // Four trades at C: the informed wallet buys YES (with the move) and sells NO (with it too);
        // it also sells some YES (against the move), and the noise trader buys YES (not elite).
        struct Planted: Decodable {
            let size: Decimal
            let price: Decimal
        }
        let withMove = try JSONDecoder().decode(
            Planted.self,
            from: Data(try stack.control("/sim/trades", ["wallet": informed, "token_id": yes, "side": "BUY", "size": "2000"]).body))
        let sellNo = try JSONDecoder().decode(
            Planted.self,
            from: Data(try stack.control("/sim/trades", ["wallet": informed, "token_id": no, "side": "SELL", "size": "500"]).body))
        try stack.control("/sim/trades", ["wallet": noise, "token_id": yes, "side": "BUY", "size": "3000"])
        try stack.control("/sim/trades", ["wallet": informed, "token_id": yes, "side": "SELL", "size": "700"])

        // Let the clock run: 10 simulated seconds a publication.
        try stack.control("/sim/ws", ["interval_ms": 20, "advance_seconds": 10])
        var fired: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            fired = try stack.signals(asset: yes)
            if !fired.isEmpty, try stack.clockSeconds > start + 200 { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        try stack.control("/sim/ws", ["interval_ms": 1_000, "advance_seconds": 0])
        // YES's touch follows the path a cent a tick from C + 70; the first tick whose rise over the
        // last 60 s reaches 0.03 (0.0005 a second) is C + 90.
        try #require(fired.count == 1, "one signal on the YES asset: \(fired)")
        let signal = fired[0]
        let detected = try #require(ISO8601Lenient.parse(signal["detected_at"] as? String ?? ""))
        #expect(Int64(detected.timeIntervalSince1970) == Self.epoch + start + 90)
        #expect(Self.decimal(signal["velocity"]) == Decimal(string: "0.0005"))
        #expect(signal["direction"] as? String == "up")
        // The NO asset falls in step: a down signal at the same tick.
        let down = try stack.signals(asset: no)
        #expect(down.count == 1 && down.first?["direction"] as? String == "down")
        #expect(Self.decimal(down.first?["velocity"]) == Decimal(string: "-0.0005"))

        // Attribution: the informed wallet's two trades with the move; not the noise trader.
        let attributed = stack.live.request("POST", "/live/attribution/run")
        #expect(attributed.status == .ok, "\(attributed.text)")
        let after = try stack.signals(asset: yes)[0]
        let elite = after["elite_wallets"] as? [[String: Any]] ?? []
        #expect(elite.map { $0["wallet"] as? String } == [informed], "\(elite)")
        #expect(Self.decimal(elite.first?["shares"]) == withMove.size + sellNo.size)
        #expect(Self.decimal(after["elite_notional"]) == withMove.size * withMove.price + sellNo.size * sellNo.price)
        #expect((elite.first?["trades"] as? Int) == 2)

        // Snapshots: the YES asset's 10-second rows follow the path (the touch's mid).
        Thread.sleep(forTimeInterval: 1.5)
        let rows = try stack.pool.execute(
            """
            SELECT (extract(epoch FROM bucket_start))::bigint AS at, mid FROM live_snapshots
            WHERE asset_id = \(yes) AND source = 'channel' AND bucket_start >= to_timestamp(\(Self.epoch + start + 60))
              AND bucket_start <= to_timestamp(\(Self.epoch + start + 120)) ORDER BY bucket_start
            """
        ).rows.map { (try $0.decode("at", as: Int64.self), try $0.decode("mid", as: Decimal.self)) }
        #expect(rows.count >= 5, "\(rows)")
        if let first = rows.first {
            for (at, mid) in rows {
                // A cent more every 10 s after C + 60.
                #expect(mid - first.1 == Decimal(at - first.0) / 1_000, "at \(at): \(mid)")
            }
        }

        // Scorecards: an hour and more later the market resolves YES. The mids after 5, 15 and
        // 60 minutes come from /prices-history (no snapshot that late): the path holds base + 0.12
        // for YES and 1 − that for NO.
        try stack.control("/sim/advance", ["seconds": 4_000])
        try stack.control("/sim/resolve", ["condition_id": condition, "outcome": "YES"])
        let scored = stack.live.request("POST", "/scorecards/refresh")
        #expect(scored.status == .ok, "\(scored.text)")
        let top = base + Decimal(string: "0.12")!
        let yesEntry = (bid: Self.decimal(signal["best_bid"])!, ask: Self.decimal(signal["best_ask"])!, mid: Self.decimal(signal["mid"])!)
        let noSignal = down[0]
        let noEntry = (
            bid: Self.decimal(noSignal["best_bid"])!, ask: Self.decimal(noSignal["best_ask"])!, mid: Self.decimal(noSignal["mid"])!
        )
        let scoreRows = try stack.pool.execute(
            "SELECT asset_id, mid_5m, mid_15m, mid_60m, markout_15m, profitable_15m, outcome FROM signal_scores WHERE source = 'live' ORDER BY asset_id"
        ).rows
        var byAsset: [String: PostgresRow] = [:]
        for row in scoreRows { byAsset[try row.decode("asset_id", as: String.self)] = row }
        let yesRow = try #require(byAsset[yes])
        let noRow = try #require(byAsset[no])
        for column in ["mid_5m", "mid_15m", "mid_60m"] {
            #expect(try yesRow.decode(column, as: Decimal.self) == top)
            #expect(try noRow.decode(column, as: Decimal.self) == 1 - top)
        }
        // Bought at the ask, marked at the mid: top − ask for YES; sold at the bid: bid − (1 − top) for NO.
        #expect(try yesRow.decode("markout_15m", as: Decimal.self) == top - yesEntry.ask)
        #expect(try noRow.decode("markout_15m", as: Decimal.self) == noEntry.bid - (1 - top))
        #expect(try yesRow.decode("outcome", as: Decimal.self) == 1)
        #expect(try noRow.decode("outcome", as: Decimal.self) == 0)

        struct Report: Decodable {
            struct Group: Decodable {
                let key: String
                let scorecard: Card
            }
            struct Card: Decodable {
                let signals: Int
                let hits_15m: Int
                let resolved: Int
                let brier: Double?
                let brier_market: Double?
                let brier_skill: Double?
            }
            let by_detector: [Group]
        }
        let report = try stack.live.request("GET", "/scorecards?strategy=live").decode(Report.self)
        let card = try #require(report.by_detector.first { $0.key == "momentum" }?.scorecard)
        #expect(card.signals == 2 && card.resolved == 2 && card.hits_15m == 2)
        // Brier by hand from the stored implied probabilities and the entry mids.
        let pYes = NSDecimalNumber(decimal: Self.decimal(signal["implied_probability"])!).doubleValue
        let pNo = NSDecimalNumber(decimal: Self.decimal(noSignal["implied_probability"])!).doubleValue
        let mYes = NSDecimalNumber(decimal: yesEntry.mid).doubleValue, mNo = NSDecimalNumber(decimal: noEntry.mid).doubleValue
        let brier = ((pYes - 1) * (pYes - 1) + pNo * pNo) / 2
        let market = ((mYes - 1) * (mYes - 1) + mNo * mNo) / 2
        #expect(abs((card.brier ?? -1) - brier) < 1e-9 && abs((card.brier_market ?? -1) - market) < 1e-9)
        #expect(abs((card.brier_skill ?? -1) - (1 - brier / market)) < 1e-9)
    }

    @Test func droppedConnections_reconnect_andTheSnapshotSeriesHasNoGapBeyondTheOutages() throws {
        let stack = try Stack(wallets: 20, extra: ["LIVE_BACKFILL_S": "0"])
        let (condition, yes, _) = try stack.steadyMarket(skipping: 1)
        try stack.control("/sim/ws", ["interval_ms": 20, "advance_seconds": 0, "drop_after_messages": 25])
        #expect(try stack.live.request("POST", "/watchlist", json: ["condition_id": condition]).status == .created)
        let start = try stack.clockSeconds
        // A zigzag: 0.05 up over 50 s, 0.05 down over 50 s, six times, so every tick moves the touch.
        let base = Decimal(string: "0.45")!
        var points: [[String: Any]] = []
        for leg in 0...12 {
            points.append(["after_seconds": leg * 50, "price": "\(leg % 2 == 0 ? base : base + Decimal(string: "0.05")!)"])
        }
        try stack.control("/sim/price-path", ["token_id": yes, "points": points])
        try stack.control("/sim/ws", ["interval_ms": 20, "advance_seconds": 10, "drop_after_messages": 25])
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, try stack.clockSeconds < start + 600 { Thread.sleep(forTimeInterval: 0.05) }
        try stack.control("/sim/ws", ["interval_ms": 1_000, "advance_seconds": 0, "drop_after_messages": 0])
        Thread.sleep(forTimeInterval: 1.5)

        // Connections were dropped (every 25 messages) and replaced; each outage is recorded with its end.
        struct Status: Decodable {
            struct Outage: Decodable {
                let reason: String
                let to: String?
            }
            let connects: Int
            let outages: [Outage]
        }
        let status = try stack.live.request("GET", "/live/status").decode(Status.self)
        #expect(status.connects >= 3 && status.outages.count >= 2, "\(status.connects) connects, \(status.outages.count) outages")
        #expect(status.outages.dropLast().allSatisfy { $0.to != nil })
        // The simulator's clock moves only while a connection is served, so an outage loses no
        // market time: after each resync the series goes on, one row every 10 s, no gap.
        let buckets = try stack.pool.execute(
            """
            SELECT (extract(epoch FROM bucket_start))::bigint AS at FROM live_snapshots
            WHERE asset_id = \(yes) AND source = 'channel' AND bucket_start >= to_timestamp(\(Self.epoch + start + 10))
              AND bucket_start < to_timestamp(\(Self.epoch + start + 590)) ORDER BY bucket_start
            """
        ).rows.map { try $0.decode("at", as: Int64.self) }
        let gaps = zip(buckets, buckets.dropFirst()).filter { $1 - $0 != 10 }
        #expect(buckets.count >= 55 && gaps.isEmpty, "\(buckets.count) rows, gaps \(gaps)")
    }

    @Test func theOperatorRoutes_answerBadInputClearly_keepTheWatchlist_mutesAndRetention() throws {
        let stack = try Stack(wallets: 20)
        let (condition, yes, no) = try stack.steadyMarket()
        let unknown = "0x" + String(repeating: "ab", count: 32)
        func code(_ method: String, _ path: String, _ body: String? = nil) -> (Int, String) {
            let response = stack.live.request(method, path, body: body)
            let error = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])?["error"] as? [String: Any]
            return (response.status.code, error?["code"] as? String ?? "")
        }
        let cases: [(String, String, String?, Int, String)] = [
            ("POST", "/watchlist", "{not json", 400, "invalid_json"),
            ("POST", "/watchlist", "{}", 400, "missing_field"),
            ("POST", "/watchlist", #"{"condition_id":"0x12"}"#, 400, "invalid_condition_id"),
            ("POST", "/watchlist", #"{"condition_id":7}"#, 400, "invalid_field"),
            ("POST", "/watchlist", #"{"condition_id":"\#(condition)","note":5}"#, 400, "invalid_field"),
            ("POST", "/watchlist", #"{"condition_id":"\#(condition)","extra":1}"#, 400, "unknown_field"),
            ("POST", "/watchlist", #"{"condition_id":"\#(unknown)"}"#, 404, "unknown_market"),
            ("DELETE", "/watchlist/0xzz", nil, 400, "invalid_condition_id"),
            ("DELETE", "/watchlist/%00", nil, 400, "invalid_condition_id"),
            ("POST", "/watchlist", #"{"condition_id":"0x\u0000"}"#, 400, "invalid_json"),
            ("GET", "/live/signals?asset=%00", nil, 400, "invalid_parameter"),
            ("POST", "/scorecards/mutes", #"{"portfolio_id":1e30,"reason":"x"}"#, 400, "invalid_field"),
            ("POST", "/scorecards/mutes", #"{"portfolio_id":1,"reason":"\#(String(repeating: "x", count: 501))"}"#, 400, "invalid_field"),
            ("DELETE", "/watchlist/\(unknown)", nil, 404, "not_found"),
            ("GET", "/live/signals?market=0x1", nil, 400, "invalid_condition_id"),
            ("GET", "/live/signals?asset=abc", nil, 400, "invalid_parameter"),
            ("GET", "/live/signals?limit=0", nil, 400, "invalid_parameter"),
            ("GET", "/live/signals?since=yesterday", nil, 400, "invalid_parameter"),
            ("GET", "/snapshots", nil, 400, "invalid_parameter"),
            ("GET", "/snapshots?asset=\(yes)&limit=99999999999999999999", nil, 400, "invalid_parameter"),
            ("GET", "/scorecards?strategy=drop%20table", nil, 400, "invalid_parameter"),
            ("GET", "/scorecards?portfolio_id=0", nil, 400, "invalid_parameter"),
            ("POST", "/scorecards/mutes", #"{"portfolio_id":999,"reason":"x"}"#, 404, "portfolio_not_found"),
            ("POST", "/scorecards/mutes", #"{"portfolio_id":"1","reason":"x"}"#, 400, "invalid_field"),
            ("POST", "/scorecards/mutes", #"{"portfolio_id":1}"#, 400, "missing_field"),
            ("DELETE", "/scorecards/mutes/abc", nil, 400, "invalid_parameter"),
            ("DELETE", "/scorecards/mutes/999", nil, 404, "not_muted"),
        ]
        for (method, path, body, status, errorCode) in cases {
            let (got, gotCode) = code(method, path, body)
            #expect(got == status && gotCode == errorCode, "\(method) \(path) \(body ?? ""): \(got) \(gotCode)")
        }

        // The watchlist: added once (201, then 200), shown with its note, its assets backfilled
        // from /prices-history into the day's partition; removed, nothing keeps it.
        #expect(code("POST", "/watchlist", #"{"condition_id":"\#(condition)","note":"mine"}"#).0 == 201)
        #expect(code("POST", "/watchlist", #"{"condition_id":"\#(condition)","note":"mine"}"#).0 == 200)
        let listed = try JSONSerialization.jsonObject(with: Data(stack.live.request("GET", "/watchlist").body)) as? [String: Any]
        let entry = (listed?["markets"] as? [[String: Any]])?.first
        #expect(
            entry?["condition_id"] as? String == condition && entry?["operator_added"] as? Bool == true
                && entry?["note"] as? String == "mine")
        #expect(listed?["assets"] as? Int == 2)
        let backfilled = try stack.pool.execute(
            "SELECT asset_id, count(*)::int AS n FROM live_snapshots WHERE source = 'backfill' GROUP BY asset_id ORDER BY asset_id"
        ).rows.map { (try $0.decode("asset_id", as: String.self), try $0.decode("n", as: Int.self)) }
        #expect(Set(backfilled.map(\.0)) == [yes, no] && backfilled.allSatisfy { $0.1 >= 50 }, "\(backfilled)")
        let partitions = try stack.pool.execute(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = 'live_snapshots' ORDER BY 1
            """
        ).rows.map { try $0.decode("relname", as: String.self) }
        // The simulated clock starts 2026-03-11T20:30Z; an hour of backfill stays on that day.
        #expect(partitions == ["live_snapshots_20260311", "live_snapshots_default"], "\(partitions)")
        let removed = stack.live.request("DELETE", "/watchlist/\(condition)")
        #expect(removed.status == .ok && removed.text.contains(#""still_watched_because":[]"#), "\(removed.text)")

        // Mutes: recorded with the reason, refused twice, ended with the unmute's reason.
        try stack.pool.execute(
            "INSERT INTO portfolios (name, strategy_type, initial_balance, current_balance) VALUES ('P', 'momentum', 100, 100)")
        #expect(code("POST", "/scorecards/mutes", #"{"portfolio_id":1,"reason":"poor hit rate"}"#).0 == 201)
        #expect(code("POST", "/scorecards/mutes", #"{"portfolio_id":1,"reason":"again"}"#) == (409, "already_muted"))
        let unmuted = stack.live.request("DELETE", "/scorecards/mutes/1", body: #"{"reason":"back on"}"#)
        #expect(unmuted.status == .ok && unmuted.text.contains("back on"))
        let mutes = stack.live.request("GET", "/scorecards/mutes?portfolio_id=1").text
        #expect(mutes.contains("poor hit rate") && mutes.contains(#""muted_by":"operator""#))

        // Retention (7 days): a partition of 2026-03-01 and a stray row of that day in the default
        // partition go; the current day's stays.
        try stack.pool.execute(
            "CREATE TABLE live_snapshots_20260301 PARTITION OF live_snapshots FOR VALUES FROM ('2026-03-01') TO ('2026-03-02')")
        try stack.pool.execute(
            """
            INSERT INTO live_snapshots (asset_id, condition_id, bucket_start, bid_depth, ask_depth, trades, volume, events, source)
            VALUES ('1', 'c', '2026-03-01T12:00:00Z', 0, 0, 0, 0, 0, 'channel'), ('1', 'c', '2026-02-20T12:00:00Z', 0, 0, 0, 0, 0, 'channel')
            """)
        let retention = stack.live.request("POST", "/live/retention/run")
        #expect(retention.status == .ok && retention.text.contains("live_snapshots_20260301"), "\(retention.text)")
        #expect(
            try stack.pool.execute("SELECT count(*)::int AS n FROM live_snapshots WHERE asset_id = '1'").rows[0].decode("n", as: Int.self)
                == 0)
        #expect(try stack.pool.execute("SELECT count(*)::int AS n FROM live_snapshots").rows[0].decode("n", as: Int.self) > 0)
    }
}
