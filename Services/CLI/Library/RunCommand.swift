import ArgumentParser
import Foundation

/// `prescient run [--portfolio N] [--wait|--no-wait]`: a cycle of one portfolio, or a run of all
/// of them followed with a progress bar (on standard error) until it ends.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run a trading cycle: every portfolio, or one.",
        discussion: """
            Examples:
              prescient run                 # all portfolios, waiting with a progress bar
              prescient run --no-wait       # start them and print the run id
              prescient run --portfolio 3   # one portfolio's cycle
            Exits 2 when a portfolio's cycle failed.
            """)

    @Option(help: "Run only this portfolio's cycle.") var portfolio: Int64?
    @Flag(inversion: .prefixedNo, help: "Follow the run until it ends (all portfolios).") var wait = true
    @OptionGroup var output: OutputOptions

    func run() throws {
        let api = API()
        if let portfolio {
            let bytes = try api.call("POST", api.endpoints.orchestrator + "/trading/run-portfolio-cycle", body: ["portfolio_id": portfolio])
            let answer = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
            let result = answer["result"] as? [String: Any] ?? [:]
            if output.json { Output.json(bytes) } else { Self.results([result]) }
            if answer["status"] as? String != "success" { throw CLIError.notOK("portfolio \(portfolio)'s cycle failed") }
            return
        }
        let started = try api.json("POST", api.endpoints.orchestrator + "/trading/run-all-portfolios?wait=false")
        let id = Output.text(started["run_id"])
        guard wait else {
            if output.json { Output.json(Array(try JSONSerialization.data(withJSONObject: started))) } else { print("run \(id) started") }
            return
        }
        let bar = ProgressBar(label: "run \(id)")
        var bytes: [UInt8] = []
        var progress: [String: Any] = [:]
        repeat {
            bytes = try api.call("GET", api.endpoints.orchestrator + "/trading/runs/\(id)")
            progress = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
            bar.show(
                percent: progress["percent"] as? Int ?? 0,
                detail: "\(Output.text(progress["portfolios_done"]))/\(Output.text(progress["portfolios_total"])) portfolios")
            if progress["status"] as? String == "running" { Thread.sleep(forTimeInterval: 0.3) }
        } while progress["status"] as? String == "running"
        bar.finish()
        let portfolios = progress["portfolios"] as? [[String: Any]] ?? []
        if output.json {
            Output.json(bytes)
        } else {
            print("run \(id): \(Output.text(progress["status"])), \(portfolios.count) portfolio(s)")
            Output.table(
                ["portfolio", "status", "step", "steps", "error"],
                portfolios.map { p in
                    [
                        Output.text(p["portfolio_id"]), Output.text(p["status"]), Output.text(p["current_step"]),
                        (p["steps"] as? [[String: Any]] ?? []).map { "\(Output.text($0["step"])) \(Output.text($0["duration_ms"]))ms" }
                            .joined(separator: ", "),
                        String(Output.text(p["error"]).prefix(60)),
                    ]
                })
        }
        let failed = portfolios.filter { $0["status"] as? String == "failed" }.count
        if progress["status"] as? String == "failed" { throw CLIError.notOK("run \(id) failed: \(Output.text(progress["error"]))") }
        if failed > 0 { throw CLIError.notOK("run \(id): \(failed) portfolio cycle(s) failed") }
    }

    static func results(_ results: [[String: Any]]) {
        Output.table(
            ["portfolio", "strategy", "status", "signals", "trades", "balance", "total P&L", "error"],
            results.map { r in
                [
                    Output.text(r["portfolio_id"]), Output.text(r["strategy_type"]), Output.text(r["status"]),
                    Output.text(r["signals_generated"]), Output.text(r["trades_executed"]), Output.text(r["new_balance"], decimals: 2),
                    Output.text(r["total_pnl"], decimals: 2), String(Output.text(r["error"]).prefix(60)),
                ]
            })
    }
}

/// A progress bar on standard error: redrawn in place on a terminal, a line per change otherwise.
final class ProgressBar {
    let label: String
    let terminal = isatty(2) == 1
    var last = -1

    init(label: String) {
        self.label = label
    }

    func show(percent: Int, detail: String) {
        guard percent != last || terminal else { return }
        last = percent
        let filled = max(0, min(30, percent * 30 / 100))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
        let text = "\(label) [\(bar)] \(percent)% \(detail)"
        FileHandle.standardError.write(Data((terminal ? "\r\(text)\u{1B}[K" : text + "\n").utf8))
    }

    func finish() {
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
