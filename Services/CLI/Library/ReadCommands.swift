import ArgumentParser
import Foundation
import PrescientCore

/// `prescient cycles show ID`.
struct CyclesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cycles", abstract: "Inspect a portfolio's cycle.", subcommands: [Show.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A cycle with its steps, timings and failures.", discussion: "Example: prescient cycles show c-1234…")
        @Argument(help: "The cycle's id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let api = API()
            guard let cycle = try api.read(api.endpoints.orchestrator + "/trading/cycles/\(API.query(id))", output) else { return }
            print(
                "cycle \(id): portfolio \(Output.text(cycle["portfolio_id"])), \(Output.text(cycle["status"])), run \(Output.text(cycle["run_id"]))"
            )
            if let error = cycle["error"] as? String { print("error: \(Output.printable(error))") }
            Output.table(
                ["step", "status", "started", "finished", "error"],
                (cycle["steps"] as? [[String: Any]] ?? []).map { s in
                    [
                        Output.text(s["step"]), Output.text(s["status"]), Output.text(s["started_at"]), Output.text(s["finished_at"]),
                        String(Output.text(s["error"]).prefix(60)),
                    ]
                })
        }
    }
}

/// `prescient leaderboard [--sort]`.
struct LeaderboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leaderboard", abstract: "Portfolios ranked by verdict (GO first), then by performance.",
        discussion: "Example: prescient leaderboard --sort return_pct")
    @Option(help: "total_pnl (default), return_pct, realized_pnl, sharpe_daily, win_rate or max_drawdown_pct.") var sort: String?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let api = API()
        guard
            let board = try api.read(
                api.endpoints.orchestrator + "/trading/leaderboard" + (sort.map { "?sort=\(API.query($0))" } ?? ""), output)
        else { return }
        Output.table(
            ["rank", "id", "name", "verdict", "events", "equity", "return %", "total P&L", "trades", "win rate", "max DD %", "Sharpe"],
            (board["portfolios"] as? [[String: Any]] ?? []).map { p in
                [
                    Output.text(p["rank"]), Output.text(p["portfolio_id"]), String(Output.text(p["name"]).prefix(28)),
                    Output.text(p["verdict"]) + ((p["events_needed"] as? Int ?? 0) > 0 ? " (+\(Output.text(p["events_needed"])))" : ""),
                    Output.text(p["events"]),
                    Output.text(p["equity"], decimals: 2), Self.percent(p["return_pct"]), Output.text(p["total_pnl"], decimals: 2),
                    Output.text(p["trades"]), Self.percent(p["win_rate"]), Self.percent(p["max_drawdown_pct"]),
                    Output.text(p["sharpe_daily"], decimals: 2),
                ]
            })
    }

    static func percent(_ value: Any?) -> String {
        guard let number = (value as? NSNumber)?.doubleValue else { return "-" }
        return String(format: "%.2f", number * 100)
    }
}

/// `prescient quote --portfolio N --token T --side buy|sell --amount X`.
struct QuoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quote", abstract: "The fill a portfolio would get now, without trading.",
        discussion: "Example: prescient quote --portfolio 3 --token 71321… --side buy --amount 250")
    @Option(help: "The portfolio's id.") var portfolio: Int64
    @Option(help: "The token id.") var token: String
    @Option(help: "buy or sell.") var side: String = "buy"
    @Option(help: "Dollars to spend (buy) or shares to sell.") var amount: Double
    @Option(help: "The worst price to accept.") var limit: Double?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard ["buy", "sell"].contains(side) else { throw ValidationError("--side must be buy or sell") }
        guard amount > 0 else { throw ValidationError("--amount must be positive") }
    }

    func run() throws {
        let api = API()
        var url =
            api.endpoints.paperTrading
            + "/paper-trading/quote?portfolio_id=\(portfolio)&token_id=\(API.query(token))&side=\(side)&amount=\(amount)"
        if let limit { url += "&limit_price=\(limit)" }
        guard let q = try api.read(url, output) else { return }
        print(
            "\(side) \(Output.text(q["requested"])): \(Output.text(q["shares"])) shares at avg \(Output.text(q["average_price"])) "
                + "(best \(Output.text(q["best_price"])), slippage \(Output.text(q["slippage"]))), notional \(Output.text(q["notional"])), "
                + "fee \(Output.text(q["fee"])), complete \(Output.text(q["complete"]))")
    }
}

/// `prescient ledger --portfolio N`.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "A portfolio's ledger, oldest first.", discussion: "Example: prescient ledger --portfolio 3")
    @Option(help: "The portfolio's id.") var portfolio: Int64
    @Option(help: "Entries to show (1 to 1000).") var limit = 100
    @OptionGroup var output: OutputOptions

    func run() throws {
        let api = API()
        guard let page = try api.read(api.endpoints.paperTrading + "/paper-trading/ledger?portfolio_id=\(portfolio)&limit=\(limit)", output)
        else { return }
        Output.table(
            ["id", "time", "kind", "amount", "balance after", "note"],
            (page["entries"] as? [[String: Any]] ?? []).map { e in
                [
                    Output.text(e["id"]), Output.text(e["created_at"]), Output.text(e["kind"]), Output.text(e["amount"], decimals: 4),
                    Output.text(e["balance_after"], decimals: 4), String(Output.text(e["note"]).prefix(60)),
                ]
            })
    }
}

/// `prescient reconcile [--portfolio N]`: exits 2 when any portfolio's books do not reconcile.
struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Check that cash, ledger and positions agree (exit 2 when they do not).",
        discussion: "Examples: prescient reconcile --portfolio 3 && echo ok; prescient reconcile   # every portfolio")
    @Option(help: "Only this portfolio (default: every one not archived).") var portfolio: Int64?
    @OptionGroup var output: OutputOptions

    func run() throws {
        let api = API()
        var ids: [Int64] = []
        if let portfolio {
            ids = [portfolio]
        } else {
            let list = try api.json("GET", api.endpoints.paperTrading + "/portfolios")["portfolios"] as? [[String: Any]] ?? []
            ids = list.filter { $0["status"] as? String != "archived" }.compactMap { ($0["id"] as? NSNumber)?.int64Value }
        }
        var reports: [[String: Any]] = []
        for id in ids { reports.append(try api.json("GET", api.endpoints.paperTrading + "/paper-trading/reconcile?portfolio_id=\(id)")) }
        if output.json {
            Output.json(Array(try JSONSerialization.data(withJSONObject: ["reports": reports], options: [.sortedKeys])))
        } else {
            Output.table(
                ["portfolio", "status", "cash", "ledger", "entries", "positions", "differences"],
                reports.map { r in
                    [
                        Output.text(r["portfolio_id"]), Output.text(r["status"]), Output.text(r["cash"], decimals: 4),
                        Output.text(r["ledger_sum"], decimals: 4), Output.text(r["ledger_entries"]), Output.text(r["open_positions"]),
                        (r["differences"] as? [[String: Any]] ?? []).map { Output.text($0["check"]) }.joined(separator: ", "),
                    ]
                })
        }
        let bad = reports.filter { $0["status"] as? String != "ok" }.compactMap { Output.text($0["portfolio_id"]) }
        if !bad.isEmpty { throw CLIError.notOK("the books of portfolio(s) \(bad.joined(separator: ", ")) do not reconcile") }
    }
}

/// `prescient signals`: the live tier's momentum signals.
struct SignalsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signals", abstract: "The live tier's recent momentum signals.", discussion: "Example: prescient signals --limit 20")
    @Option(help: "Signals to show (1 to 1000).") var limit = 50
    @OptionGroup var output: OutputOptions

    func run() throws {
        let api = API()
        guard let page = try api.read(api.endpoints.liveSignals + "/live/signals?limit=\(limit)", output) else { return }
        Output.table(
            ["id", "detected", "direction", "confidence", "velocity", "asset", "reason"],
            (page["signals"] as? [[String: Any]] ?? []).map { s in
                [
                    Output.text(s["id"]), Output.text(s["detected_at"]), Output.text(s["direction"]), Output.text(s["confidence"]),
                    Output.text(s["velocity"], decimals: 5), String(Output.text(s["asset_id"]).prefix(14)),
                    String(Output.text(s["reason"]).prefix(60)),
                ]
            })
    }
}

/// `prescient top12`: the smart-money scanner's Top 12.
struct Top12Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "top12", abstract: "Where skilled money stands: the smart-money Top 12.", discussion: "Example: prescient top12")
    @OptionGroup var output: OutputOptions

    func run() throws {
        let api = API()
        guard let page = try api.read(api.endpoints.wallets + "/smart-money/top12", output) else { return }
        Output.table(
            ["rank", "side", "clarity", "align", "trust", "n_eff", "wallets", "question"],
            (page["markets"] as? [[String: Any]] ?? []).map { m in
                [
                    Output.text(m["rank"]), Output.text(m["side"]), Output.text(m["clarity"], decimals: 3),
                    Output.text(m["alignment"], decimals: 3), Output.text(m["trust"], decimals: 3), Output.text(m["n_eff"], decimals: 2),
                    Output.text(m["wallets"]), String(Output.text(m["question"]).prefix(50)),
                ]
            })
    }
}

/// `prescient alerts [--type]`.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts", abstract: "Smart-money alerts: whales, clusters, contrarians, odds movements.",
        discussion: "Example: prescient alerts --type whale --limit 5")
    @Option(help: "whale, cluster, contrarian or odds_movement.") var type: String?
    @Option(help: "Alerts to show.") var limit = 20
    @OptionGroup var output: OutputOptions

    func run() throws {
        let api = API()
        let bytes = try api.call(
            "GET", api.endpoints.wallets + "/alerts?limit=\(limit)" + (type.map { "&type=\(API.query($0))" } ?? ""))
        if output.json { return Output.json(bytes) }
        let page = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        Output.table(
            ["kind", "side", "notional", "confidence", "summary"],
            (page["alerts"] as? [[String: Any]] ?? []).map { a in
                [
                    Output.text(a["kind"]), Output.text(a["side"]), Output.text(a["notional"], decimals: 2),
                    Output.text(a["confidence"], decimals: 2), String(Output.text(a["summary"]).prefix(70)),
                ]
            })
    }
}
