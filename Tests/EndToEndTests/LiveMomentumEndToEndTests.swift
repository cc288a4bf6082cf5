import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// The live tier as processes: the live-signals service follows the simulator's market channel
/// over a socket, two watched markets rise on known paths and fire signals, and a live_momentum
/// portfolio trades them through the orchestrator's normal cycle — not while it is muted, and
/// again once unmuted — with its books reconciling and its signals scored.
@Suite("Live momentum end to end", .serialized, .tags(.stack, .database))
struct LiveMomentumEndToEndTests {
    @Test func aLiveMomentumPortfolio_tradesLiveSignalsThroughTheCycle_unlessMuted() throws {
        let stack = try TradingStack(live: true)
        #expect(try stack.get(stack.url("markets") + "/markets/export-all-markets-db").status == 200)
        let simulator = stack.simulator.baseURL
        let steady = try SteadyMarkets.candidates(stack.pool).filter { market in
            (try? stack.get(stack.simulator.clobURL + "/book?token_id=\(market.yes)")).map { SteadyMarkets.isSynthetic($0.body) } ?? false
        }.prefix(2)
        try #require(steady.count == 2)
        let portfolio = try stack.createPortfolio(
            #"{"name":"Live momentum","strategy_type":"live_momentum","initial_balance":10000,"strategy_config":{"per_trade_amount":100,"min_signal_weight":0.5}}"#
        )

        // Both markets watched with the clock standing, then a cent every 10 s from 60 s to 90 s and
        // flat after (0.03 in the window: 0.0005 a second without trades, a LOW signal, which this
        // portfolio takes; the price stays where the signal saw it, so the buy's limit holds).
        #expect(try stack.post(simulator + "/sim/ws", #"{"interval_ms":20,"advance_seconds":0}"#).status == 200)
        for market in steady {
            let added = try stack.post(stack.url("live-signals") + "/watchlist", #"{"condition_id":"\#(market.condition)"}"#)
            #expect(added.status == 201, "\(added.text)")
            let history = try stack.get(stack.simulator.clobURL + "/prices-history?market=\(market.yes)&interval=1h&fidelity=1")
            let base = try #require(((history.json["history"] as? [[String: Any]])?.last?["p"] as? NSNumber)?.stringValue)
            let top = Decimal(string: base)! + Decimal(string: "0.03")!
            let path =
                #"{"token_id":"\#(market.yes)","points":[{"after_seconds":0,"price":"\#(base)"},"#
                + #"{"after_seconds":60,"price":"\#(base)"},{"after_seconds":90,"price":"\#(top)"}]}"#
            #expect(try stack.post(simulator + "/sim/price-path", path).status == 200)
        }
        #expect(try stack.post(simulator + "/sim/ws", #"{"interval_ms":20,"advance_seconds":10}"#).status == 200)
        var signals: [[String: Any]] = []
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            signals = (try stack.get(stack.url("live-signals") + "/live/signals").json["signals"] as? [[String: Any]]) ?? []
            if signals.filter({ $0["direction"] as? String == "up" }).count >= 2 { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(try stack.post(simulator + "/sim/ws", #"{"interval_ms":1000,"advance_seconds":0}"#).status == 200)
        let rising = Set(signals.filter { $0["direction"] as? String == "up" }.compactMap { $0["asset_id"] as? String })
        #expect(rising == Set(steady.map(\.yes)), "\(signals.map { $0["reason"] ?? "" })")

        // Muted: the cycle runs but opens nothing, and says why.
        let muted = try stack.post(stack.url("live-signals") + "/scorecards/mutes", #"{"portfolio_id":\#(portfolio),"reason":"test mute"}"#)
        #expect(muted.status == 201, "\(muted.text)")
        let quiet = try stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(portfolio)}"#)
        #expect(quiet.status == 200, "\(quiet.text)")
        #expect(try stack.count("SELECT count(*) AS n FROM trades WHERE portfolio_id = \(portfolio)") == 0)
        let step =
            try stack.pool.execute(
                "SELECT detail::text AS d FROM cycle_steps s JOIN trading_cycles c ON c.id = s.cycle_id WHERE c.portfolio_id = \(portfolio) AND s.step = 'generate_signals'"
            ).rows.first.map { try $0.decode("d", as: String.self) } ?? ""
        #expect(step.contains("muted by operator: test mute"), "\(step)")

        // Unmuted: the next cycle buys both rising YES tokens, each buy naming its live signal.
        #expect(
            try stack.http.send(HTTPClientRequest(method: "DELETE", url: stack.url("live-signals") + "/scorecards/mutes/\(portfolio)"))
                .status == 200)
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-portfolio-cycle", #"{"portfolio_id":\#(portfolio)}"#)
        #expect(run.status == 200, "\(run.text)")
        let bought = try stack.pool.execute(
            "SELECT t.token_id, s.reason FROM trades t JOIN trading_signals s ON s.id = t.signal_id WHERE t.portfolio_id = \(portfolio)"
        ).rows.map { (try $0.decode("token_id", as: String.self), try $0.decode("reason", as: String.self)) }
        #expect(Set(bought.map(\.0)) == Set(steady.map(\.yes)), "\(bought) \(run.text)")
        #expect(bought.allSatisfy { $0.1.hasPrefix("live signal #") && $0.1.contains("LOW momentum") }, "\(bought)")
        try expectMoneyReconciles(stack)

        // A scoring pass takes the cycle's signals in with the books of the moment (as the pass every
        // 30 s would). Then the first market resolves YES and settles: its buy's realised P&L is the $1 a share paid
        // less what the buy cost with its fee (from the trade row); the other position is open.
        #expect(try stack.post(stack.url("live-signals") + "/scorecards/refresh", "").status == 200)
        let first = steady[steady.startIndex]
        #expect(try stack.post(simulator + "/sim/resolve", #"{"condition_id":"\#(first.condition)","outcome":"YES"}"#).status == 200)
        #expect(try stack.post(stack.url("paper-trading") + "/paper-trading/settle?portfolio_id=\(portfolio)", "").status == 200)
        let paid = try stack.decimal(
            "SELECT shares - amount - fee AS v FROM trades WHERE portfolio_id = \(portfolio) AND token_id = '\(first.yes)' AND side = 'buy'"
        )

        // Every signal is scored: the live ones and the portfolio's cycle signals.
        let scored = try stack.post(stack.url("live-signals") + "/scorecards/refresh", "")
        #expect(scored.status == 200, "\(scored.text)")
        let report = try stack.get(stack.url("live-signals") + "/scorecards").json
        let mine =
            (report["by_portfolio"] as? [[String: Any]])?.first { $0["key"] as? String == "\(portfolio)" }?["scorecard"] as? [String: Any]
        #expect(mine?["traded"] as? Int == 1, "\(String(describing: mine))")
        #expect(
            (mine?["realized_pnl"] as? NSNumber).flatMap { Decimal(string: $0.stringValue) } == paid,
            "expected \(paid): \(String(describing: mine))")
        let strategies = (report["by_strategy"] as? [[String: Any]] ?? []).reduce(into: [String: Int]()) { counts, group in
            counts[group["key"] as? String ?? ""] = (group["scorecard"] as? [String: Any])?["signals"] as? Int
        }
        #expect(strategies["live_momentum"] == 2 && (strategies["live"] ?? 0) >= 2, "\(strategies)")
    }
}
