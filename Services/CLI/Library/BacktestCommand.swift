import ArgumentParser
import Foundation
import PrescientCore

/// `prescient backtest run|show`.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest", abstract: "Replay recorded history through the live trading code.", subcommands: [Run.self, Show.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a backtest (and follow it with --wait).",
            discussion: """
                Examples:
                  prescient backtest run --strategy momentum --from 2026-03-01 --to 2026-03-10 --wait
                  prescient backtest run --strategy weather --from 2026-06-20 --to 2026-07-03 --forecasts recorded
                """)
        @Option(help: "weather, momentum, mean_reversion, arbitrage or hybrid.") var strategy: String
        @Option(help: "First day, YYYY-MM-DD.") var from: String
        @Option(help: "Last day, YYYY-MM-DD.") var to: String
        @Option(help: "The configuration as a JSON object.") var config: String?
        @Option(help: "recorded (the default) or oracle, a ceiling made from the outcome (weather).") var forecasts: String?
        @Option(help: "recorded or archive.") var prices: String?
        @Flag(help: "Follow it with a progress bar until it ends.") var wait = false
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let config, (try? JSONSerialization.jsonObject(with: Data(config.utf8))) as? [String: Any] == nil {
                throw ValidationError("--config must be a JSON object")
            }
        }

        func run() throws {
            var body: [String: Any] = ["strategy": strategy, "from": from, "to": to]
            if let config { body["config"] = try JSONSerialization.jsonObject(with: Data(config.utf8)) }
            if let forecasts { body["forecasts"] = forecasts }
            if let prices { body["prices"] = prices }
            let api = API()
            let started = try api.json("POST", api.endpoints.backtests + "/backtests", body: body)
            let id = Output.text(started["id"])
            guard wait else {
                output.json ? Output.json(Array(try JSONSerialization.data(withJSONObject: started))) : print("backtest \(id) started")
                return
            }
            let bar = ProgressBar(label: "backtest \(id)")
            var run: [String: Any] = [:]
            repeat {
                run = try api.json("GET", api.endpoints.backtests + "/backtests/\(id)")
                bar.show(percent: Int((run["percent"] as? NSNumber)?.doubleValue ?? 0), detail: "\(Output.text(run["steps_done"])) steps")
                if run["status"] as? String == "running" { Thread.sleep(forTimeInterval: 0.3) }
            } while run["status"] as? String == "running"
            bar.finish()
            try Show.print(id: id, output: output)
            if run["status"] as? String == "failed" { throw CLIError.notOK("backtest \(id) failed: \(Output.text(run["error"]))") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A backtest's status and summary.", discussion: "Example: prescient backtest show bt0123…")
        @Argument(help: "The backtest's id.") var id: String
        @OptionGroup var output: OutputOptions

        func run() throws { try Self.print(id: id, output: output) }

        static func print(id: String, output: OutputOptions) throws {
            let api = API()
            guard let run = try api.read(api.endpoints.backtests + "/backtests/\(API.query(id))", output) else { return }
            Swift.print("backtest \(id): \(Output.text(run["strategy"])), \(Output.text(run["status"])), \(Output.text(run["percent"]))%")
            let summary = run["summary"] as? [String: Any] ?? [:]
            for key in summary.keys.sorted() where !(summary[key] is [Any]) && !(summary[key] is [String: Any]) {
                Swift.print("  \(key.padding(toLength: 22, withPad: " ", startingAt: 0)) \(Output.text(summary[key]))")
            }
        }
    }
}

/// `prescient watch`: a terminal view of every portfolio, refreshed.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "A refreshing view of every portfolio (Ctrl-C to stop).",
        discussion: "Example: prescient watch --interval 5")
    @Option(help: "Seconds between refreshes.") var interval: Double = 2
    @Option(help: "Stop after this many refreshes (default: never).") var count: Int?
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard interval >= 0.2 else { throw ValidationError("--interval must be at least 0.2 seconds") }
    }

    func run() throws {
        let api = API()
        var shown = 0
        while count.map({ shown < $0 }) ?? true {
            let bytes = try api.call("GET", api.endpoints.orchestrator + "/trading/portfolio-summary")
            if output.json {
                Output.json(bytes)
            } else {
                if isatty(1) == 1 { Swift.print("\u{1B}[H\u{1B}[2J", terminator: "") }
                Swift.print("prescient · \(ISO8601DateFormatter().string(from: Date())) · every \(interval) s")
                let page = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
                Output.table(
                    ["id", "name", "strategy", "status", "balance", "invested", "total P&L", "open", "trades", "last cycle"],
                    (page["portfolios"] as? [[String: Any]] ?? []).map { p in
                        [
                            Output.text(p["portfolio_id"]), String(Output.text(p["name"]).prefix(24)), Output.text(p["strategy_type"]),
                            Output.text(p["status"]), Output.text(p["balance"], decimals: 2), Output.text(p["total_invested"], decimals: 2),
                            Output.text(p["total_pnl"], decimals: 2), Output.text(p["open_positions"]), Output.text(p["trades"]),
                            Output.text(p["last_cycle_status"]),
                        ]
                    })
            }
            shown += 1
            if count.map({ shown < $0 }) ?? true { Thread.sleep(forTimeInterval: interval) }
        }
    }
}
