import ArgumentParser
import Foundation

/// `prescient portfolios list|show|create|pause|resume|archive`.
struct PortfoliosCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portfolios", abstract: "List, inspect, create, pause, resume and archive portfolios.",
        subcommands: [List.self, Show.self, Create.self, Pause.self, Resume.self, Archive.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every portfolio with its money.", discussion: "Example: prescient portfolios list --status active")
        @Option(help: "Only those with this status: active, paused, halted or archived.") var status: String?
        @OptionGroup var output: OutputOptions

        func run() throws {
            let api = API()
            let url = api.endpoints.paperTrading + "/portfolios" + (status.map { "?status=\(API.query($0))" } ?? "")
            let bytes = try api.call("GET", url)
            if output.json { return Output.json(bytes) }
            let list = ((try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any])?["portfolios"] as? [[String: Any]] ?? []
            Output.table(
                ["id", "name", "strategy", "status", "cash", "invested", "realised", "unrealised", "fees"],
                list.map { p in
                    [
                        Output.text(p["id"]), Output.text(p["name"]), Output.text(p["strategy_type"]), Output.text(p["status"]),
                        Output.text(p["current_balance"], decimals: 2), Output.text(p["total_invested"], decimals: 2),
                        Output.text(p["realized_pnl"], decimals: 2), Output.text(p["unrealized_pnl"], decimals: 2),
                        Output.text(p["fees_paid"], decimals: 2),
                    ]
                })
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One portfolio: money, positions with their marks.", discussion: "Example: prescient portfolios show 3")
        @Argument(help: "The portfolio's id.") var id: Int64
        @OptionGroup var output: OutputOptions

        func run() throws {
            let api = API()
            guard let view = try api.read(api.endpoints.paperTrading + "/paper-trading/portfolio?portfolio_id=\(id)", output) else {
                return
            }
            print("\(Output.text(view["name"])) (#\(id), \(Output.text(view["strategy_type"])), \(Output.text(view["status"])))")
            for (label, key) in [
                ("cash", "balance"), ("invested", "total_invested"), ("positions value", "positions_value"), ("equity", "equity"),
                ("realised P&L", "realized_pnl"), ("unrealised P&L", "unrealized_pnl"), ("fees", "fees_paid"), ("total P&L", "total_pnl"),
            ] {
                print("  \(label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(Output.text(view[key], decimals: 2))")
            }
            let positions = view["positions"] as? [[String: Any]] ?? []
            print("")
            Output.table(
                ["market", "outcome", "shares", "avg", "mark", "value", "unrealised", "question"],
                positions.map { p in
                    [
                        Output.text(p["market_id"]), Output.text(p["outcome"]), Output.text(p["shares"], decimals: 2),
                        Output.text(p["average_price"], decimals: 4), Output.text(p["current_price"], decimals: 4),
                        Output.text(p["market_value"], decimals: 2), Output.text(p["unrealized_pnl"], decimals: 2),
                        String(Output.text(p["question"]).prefix(50)),
                    ]
                })
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "A new portfolio.",
            discussion: """
                Example: prescient portfolios create --name "Hybrid B" --strategy hybrid --balance 5000 --config '{"min_score":0.3}'
                """)
        @Option(help: "Its name.") var name: String
        @Option(help: "momentum, mean_reversion, arbitrage, hybrid, smart_money, live_momentum or weather.") var strategy: String
        @Option(help: "Starting cash in dollars (default 10000).") var balance: Double?
        @Option(help: "Its strategy_config as a JSON object.") var config: String?
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let balance, !(balance > 0) { throw ValidationError("--balance must be a positive number of dollars") }
            if let config, (try? JSONSerialization.jsonObject(with: Data(config.utf8))) as? [String: Any] == nil {
                throw ValidationError("--config must be a JSON object, e.g. '{\"min_liquidity\":5000}'")
            }
        }

        func run() throws {
            var body: [String: Any] = ["name": name, "strategy_type": strategy]
            if let balance { body["initial_balance"] = balance }
            if let config { body["strategy_config"] = try JSONSerialization.jsonObject(with: Data(config.utf8)) }
            let api = API()
            let bytes = try api.call("POST", api.endpoints.paperTrading + "/portfolios", body: body)
            if output.json { return Output.json(bytes) }
            let created = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
            print(
                "created portfolio \(Output.text(created["id"])): \(Output.text(created["name"])) (\(Output.text(created["strategy_type"])))"
            )
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a portfolio opening positions (its exits still run).", discussion: "Example: prescient portfolios pause 3")
        @Argument(help: "The portfolio's id.") var id: Int64
        @OptionGroup var output: OutputOptions

        func run() throws {
            let api = API()
            let bytes = try api.call("PATCH", api.endpoints.paperTrading + "/portfolios/\(id)", body: ["status": "paused"])
            output.json ? Output.json(bytes) : print("portfolio \(id) paused")
        }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Let a paused portfolio trade again, or clear a halted one (the breaker's halt needs --confirm).",
            discussion: "Example: prescient portfolios resume 3 --confirm")
        @Argument(help: "The portfolio's id.") var id: Int64
        @Flag(help: "Confirm clearing a halt set by the drawdown breaker.") var confirm = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            let api = API()
            let portfolio = try api.json("GET", api.endpoints.paperTrading + "/portfolios/\(id)")
            let bytes: [UInt8]
            if portfolio["status"] as? String == "halted" {
                guard confirm else {
                    throw CLIError.notOK(
                        "portfolio \(id) was halted (\(Output.text(portfolio["status_reason"]))); resume it with --confirm")
                }
                bytes = try api.call("POST", api.endpoints.paperTrading + "/portfolios/\(id)/resume", body: ["confirm": true])
            } else {
                bytes = try api.call("PATCH", api.endpoints.paperTrading + "/portfolios/\(id)", body: ["status": "active"])
            }
            output.json ? Output.json(bytes) : print("portfolio \(id) active")
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retire a portfolio (its rows stay; it stops running).", discussion: "Example: prescient portfolios archive 3")
        @Argument(help: "The portfolio's id.") var id: Int64
        @OptionGroup var output: OutputOptions

        func run() throws {
            let api = API()
            let bytes = try api.call("POST", api.endpoints.paperTrading + "/portfolios/\(id)/archive")
            output.json ? Output.json(bytes) : print("portfolio \(id) archived")
        }
    }
}
