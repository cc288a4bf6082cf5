import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// A smart_money portfolio beside the other strategies through the orchestrator's run-all: it
/// buys only the Top 12's recommended sides, at most six positions, names the wallets behind each
/// buy, scales out when skilled money's clarity falls, and every portfolio's books reconcile.
@Suite("Smart money end to end", .serialized, .tags(.stack, .database))
struct SmartMoneyEndToEndTests {
    @Test func aSmartMoneyPortfolio_tradesTheTop12BesideTheOthers_andScalesOutWhenClarityFalls() throws {
        let stack = try TradingStack(extraEnvironment: ["SIM_WORLD": "easy"], wallets: true)
        #expect(try stack.get(stack.url("markets") + "/markets/export-all-markets-db").status == 200)
        let scan = try stack.post(stack.url("wallets") + "/smart-money/scan", "")
        #expect(scan.status == 200, "\(scan.text)")
        let top12 = try stack.pool.execute("SELECT condition_id, token_id, clarity FROM seer_trade_candidates WHERE top12").rows.map {
            (condition: try $0.decode("condition_id", as: String.self), token: try $0.decode("token_id", as: String.self))
        }
        #expect((1...12).contains(top12.count), "\(top12.count) listed")

        let smart = try stack.createPortfolio(
            #"{"name":"Smart money","strategy_type":"smart_money","initial_balance":10000,"strategy_config":{"per_trade_amount":200}}"#)
        _ = try stack.createPortfolio(#"{"name":"Momentum","strategy_type":"momentum","initial_balance":10000}"#)
        _ = try stack.createPortfolio(
            #"{"name":"Hybrid","strategy_type":"hybrid","initial_balance":10000,"strategy_config":{"min_score":0.1}}"#)
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(run.status == 200, "\(run.text)")
        let results = run.json["results"] as? [[String: Any]] ?? []
        #expect(results.count == 3 && results.allSatisfy { $0["status"] as? String == "succeeded" }, "\(run.text)")

        // Only the Top 12's recommended tokens, at most six positions, each buy naming its wallets.
        let bought = try stack.pool.execute(
            """
            SELECT p.token_id, m.condition_id FROM portfolio_positions p JOIN markets m ON m.id = p.market_id
            WHERE p.portfolio_id = \(smart) AND p.status = 'open'
            """
        ).rows.map { (token: try $0.decode("token_id", as: String.self), condition: try $0.decode("condition_id", as: String.self)) }
        #expect(!bought.isEmpty && bought.count <= 6, "\(bought.count) positions")
        let recommended = Dictionary(uniqueKeysWithValues: top12.map { ($0.condition, $0.token) })
        #expect(bought.allSatisfy { recommended[$0.condition] == $0.token })
        let reasons = try stack.pool.execute(
            "SELECT reason FROM trading_signals WHERE portfolio_id = \(smart) AND action LIKE 'buy%'"
        ).rows.map { try $0.decode("reason", as: String.self) }
        #expect(
            reasons.allSatisfy { $0.hasPrefix("smart money, Top 12 (rank #") && $0.contains("clarity") && $0.contains("led by 0x") },
            "\(reasons.first ?? "")")
        try expectMoneyReconciles(stack)

        // A later scan sees skilled money leave one held market: clarity falls 60% below entry.
        let held = try #require(bought.first)
        let entry = try stack.decimal(
            "SELECT entry_score AS v FROM portfolio_positions WHERE portfolio_id = \(smart) AND token_id = '\(held.token)' AND status = 'open'"
        )
        try stack.pool.execute(
            "UPDATE seer_trade_candidates SET clarity = round(\(entry)::numeric * 0.4, 6) WHERE condition_id = \(held.condition)")
        sleep(3)  // the strategy keeps the board for two seconds
        let again = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(again.status == 200, "\(again.text)")
        let exit = try stack.pool.execute(
            "SELECT reason, status FROM trading_signals WHERE portfolio_id = \(smart) AND action LIKE 'sell%' AND token_id = \(held.token)"
        ).rows.map { (try $0.decode("reason", as: String.self), try $0.decode("status", as: String.self)) }
        #expect(exit.count == 1 && exit[0].0.hasPrefix("scaling band exit") && exit[0].1 == "executed", "\(exit)")
        #expect(
            try stack.count(
                "SELECT count(*) AS n FROM portfolio_positions WHERE portfolio_id = \(smart) AND token_id = '\(held.token)' AND status = 'open'"
            ) == 0)
        try expectMoneyReconciles(stack)
    }
}
