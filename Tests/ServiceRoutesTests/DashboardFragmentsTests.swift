import DashboardService
import Foundation
import HTTPServer
import Postgres
import PrescientCore
import ServiceKit
import TestSupport
import Testing
import Verdicts

/// The dashboard's sections through its routes on a real database: the trade log's filters
/// (portfolio, strategy, market words, dates, P&L) select exactly the rows they name, nonsense
/// in a filter is ignored rather than failing, an unknown section is a 404, and the scorecards
/// come from the live-signals service (here a stand-in serving its JSON) or say it is away.
@Suite("Dashboard sections", .serialized, .tags(.database))
struct DashboardFragmentsTests {
    static func count(_ html: String) -> Int? {
        guard let range = html.range(of: "data-count=\"") else { return nil }
        return Int(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test func thePage_allowsNoInlineScriptOrStyle_andServesItsOwnFiles() throws {
        let away = try ServiceProcess.freePort()
        let service = try InProcessService.make(name: "dashboard", environment: ["LIVE_SIGNALS_URL": "http://127.0.0.1:\(away)"]) {
            try DashboardService.routes(context: $0)
        }
        defer { service.shutdown() }
        let page = service.request("GET", "/")
        #expect(page.status == .ok)
        let policy = try #require(page.headers["Content-Security-Policy"])
        #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline") && policy.contains("frame-ancestors 'none'"))
        #expect(page.headers["X-Content-Type-Options"] == "nosniff" && page.headers["Referrer-Policy"] == "no-referrer")
        // Every script and style the page has comes from a file of this service.
        #expect(!page.text.contains("<style") && page.text.contains("<link rel=\"stylesheet\" href=\"/dashboard.css\">"))
        #expect(page.text.components(separatedBy: "<script").count == 2 && page.text.contains("<script src=\"/dashboard.js\"></script>"))
        let script = service.request("GET", "/dashboard.js")
        #expect(script.status == .ok && script.headers["Content-Type"]?.hasPrefix("text/javascript") == true)
        #expect(script.text.contains("fetch('/fragments/'") && script.headers["Content-Security-Policy"] != nil)
        #expect(service.request("GET", "/dashboard.css").headers["Content-Type"]?.hasPrefix("text/css") == true)
    }

    /// The Evidence section draws each strategy with registered signals (its verdict, gates and
    /// charts); the leaderboard puts each portfolio's verdict, with the events it still needs, beside its figures.
    @Test func evidenceAndLeaderboard_showTheVerdicts() throws {
        let away = try ServiceProcess.freePort()
        let service = try InProcessService.make(name: "dashboard", environment: ["LIVE_SIGNALS_URL": "http://127.0.0.1:\(away)"]) {
            try DashboardService.routes(context: $0)
        }
        defer { service.shutdown() }
        #expect(service.request("GET", "/fragments/evidence").text.contains("no signals registered yet"))
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        try pool.execute(
            """
            INSERT INTO portfolios (id, name, strategy_type, initial_balance, current_balance, strategy_config)
            VALUES (1, 'Alpha', 'weather', 1000, 1000, '{}')
            """)
        let signal = RegisteredSignal(
            source: "live", portfolioID: 1, strategy: "weather", configHash: "0123456789abcdef", marketID: "m1", tokenID: "t1",
            side: "buy_yes", probability: Decimal(string: "0.4"), score: Decimal(string: "0.4")!, price: Decimal(string: "0.3")!,
            amount: 10,
            signalID: nil, decidedAt: Date())
        try pool.withTransaction { try SignalLedger.append([signal], on: $0) }
        let evidence = service.request("GET", "/fragments/evidence")
        #expect(evidence.status == .ok)
        for part in ["weather", "INSUFFICIENT", "0 events", "deflated_sharpe", "no resolved probabilities yet", "bootstrap quantiles"] {
            #expect(evidence.text.contains(part), "\(part)")
        }
        let board = service.request("GET", "/fragments/leaderboard").text
        #expect(board.contains("INSUFFICIENT") && board.contains("(+30)"), "\(board)")
    }

    @Test func theTradeFilters_selectWhatTheyName() throws {
        let away = try ServiceProcess.freePort()
        let service = try InProcessService.make(name: "dashboard", environment: ["LIVE_SIGNALS_URL": "http://127.0.0.1:\(away)"]) {
            try DashboardService.routes(context: $0)
        }
        defer { service.shutdown() }
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        try pool.execute(
            """
            INSERT INTO portfolios (id, name, strategy_type, initial_balance, current_balance, strategy_config)
            VALUES (1, 'Alpha', 'momentum', 1000, 1000, '{}'), (2, 'Beta', 'hybrid', 1000, 1000, '{}')
            """)
        try pool.execute(
            """
            INSERT INTO markets (id, condition_id, question, raw) VALUES ('m1', '0x1', 'Will Arsenal win the league?', '{}'),
                                                                      ('m2', '0x2', 'Will it rain in London?', '{}')
            """)
        // (portfolio, market, side, realised P&L, day): six trades.
        for (portfolio, market, side, pnl, day) in [
            (1, "m1", "buy", "0", "2026-03-01"), (1, "m1", "sell", "12.5", "2026-03-02"), (1, "m2", "buy", "0", "2026-03-02"),
            (2, "m2", "buy", "0", "2026-03-01"), (2, "m2", "sell", "-4", "2026-03-03"), (2, "m1", "buy", "0", "2026-03-03"),
        ] {
            try pool.execute(
                PostgresQuery(
                    unsafeSQL: """
                        INSERT INTO trades (portfolio_id, market_id, token_id, outcome, side, shares, price, amount, realized_pnl, executed_at)
                        VALUES (\(portfolio), '\(market)', 't', 'YES', '\(side)', 10, 0.5, 5, \(pnl), '\(day) 12:00:00+00')
                        """))
        }
        let cases: [(String, Int)] = [
            ("", 6), ("portfolio=1", 3), ("strategy=hybrid", 3), ("market=Arsenal", 3), ("market=m2", 3), ("from=2026-03-02", 4),
            ("to=2026-03-01", 2), ("from=2026-03-02&to=2026-03-02", 2), ("min_pnl=10", 1), ("max_pnl=-1", 1), ("min_pnl=-5&max_pnl=20", 6),
            ("portfolio=2&market=rain", 2), ("portfolio=seven", 6), ("from=yesterday", 6), ("min_pnl=lots", 6),
            ("portfolio=99999999999999999999", 6), ("min_pnl=1e40", 0), ("market=\(String(repeating: "x", count: 5_000))", 0),
            ("strategy=%00", 6), ("market=%00", 6),
        ]
        for (query, expected) in cases {
            let response = service.request("GET", "/fragments/trades?\(query)")
            #expect(response.status == .ok && Self.count(response.text) == expected, "\(query): \(Self.count(response.text) ?? -1)")
        }
        #expect(service.request("GET", "/fragments/nothing").status == .notFound)
        #expect(service.request("GET", "/fragments/%00").status.code == 400 || service.request("GET", "/fragments/%00").status == .notFound)
        #expect(service.request("GET", "/fragments/prices?market=%00").status == .ok)
        let page = service.request("GET", "/?portfolio=2")
        #expect(page.status == .ok && Self.count(page.text) == 3 && page.text.contains("Beta"))
        #expect(service.request("GET", "/fragments/signals").text.contains("scorecards-unavailable"))
    }

    @Test func scorecards_showEachStrategysFigures() throws {
        let stand = try ServiceHost.startedInProcess(name: "live-signals") { _ in
            var router = Router()
            router.get("/scorecards") { _ in
                .json(
                    bytes: Array(
                        #"""
                        {"by_strategy":[{"key":"live_momentum","scorecard":{"signals":40,"scored_15m":32,"hits_15m":20,"hit_rate_15m":0.625,
                        "hit_rate_ci_low":0.47,"hit_rate_ci_high":0.76,"mean_net_markout_15m":0.0042,"resolved":12,"brier":0.2012,
                        "brier_market":0.2304,"brier_skill":0.1267,"traded":5,"realized_pnl":18.5}}],"by_portfolio":[],"by_detector":[],"mutes":[]}
                        """#.utf8))
            }
            return ServiceRoutes(router: router)
        }
        defer { stand.stop() }
        let service = try InProcessService.make(name: "dashboard", environment: ["LIVE_SIGNALS_URL": stand.baseURL()]) {
            try DashboardService.routes(context: $0)
        }
        defer { service.shutdown() }
        let shown = service.request("GET", "/fragments/signals").text
        for text in ["live_momentum", "62.5%", "47.0–76.0", "0.0042", "0.201", "0.230", "0.127", "+18.50", ">40<"] {
            #expect(shown.contains(text), "\(text) missing from \(shown)")
        }
    }
}
