import ArgumentParser
import Contracts
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
        var progress: RunProgress
        repeat {
            bytes = try api.call("GET", api.endpoints.orchestrator + "/trading/runs/\(id)")
            do {
                progress = try ContractCoding.decoder().decode(RunProgress.self, from: Data(bytes))
            } catch {
                throw CLIError.refused(status: 200, code: "unexpected_answer", message: "the run's progress does not decode: \(error)")
            }
            bar.show(
                percent: progress.percent,
                detail: "\(progress.portfoliosDone)/\(progress.portfoliosTotal.map(String.init) ?? "?") portfolios")
            if progress.status == "running" { Thread.sleep(forTimeInterval: 0.3) }
        } while progress.status == "running"
        bar.finish()
        if output.json {
            Output.json(bytes)
        } else {
            print("run \(id): \(progress.status), \(progress.portfolios.count) portfolio(s)")
            Output.table(
                ["portfolio", "status", "step", "steps", "error"],
                progress.portfolios.map { p in
                    [
                        String(p.portfolioID), p.status, p.currentStep?.rawValue ?? "-",
                        p.steps.map { "\($0.step.rawValue) \($0.durationMilliseconds.map(String.init) ?? "-")ms" }.joined(separator: ", "),
                        String((p.error ?? "-").prefix(60)),
                    ]
                })
        }
        let failed = progress.portfolios.filter { $0.status == "failed" }.count
        if progress.status == "failed" { throw CLIError.notOK("run \(id) failed: \(Output.printable(progress.error ?? "-"))") }
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
