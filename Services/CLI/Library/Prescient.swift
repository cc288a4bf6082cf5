import ArgumentParser
import Foundation

/// `prescient`: the suite from a terminal. Every command reads the services' URLs and the token
/// from the environment (`Endpoints`), prints a table (or `--json`), and exits 0 on success,
/// 1 when a service refused or failed, 2 when the answer says something is wrong, 3 when a
/// service is unreachable, 64 on bad usage.
public struct Prescient: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "prescient",
        abstract: "Run, watch and understand the Prescient paper-trading suite.",
        discussion: """
            Services: PAPER_TRADING_URL, ORCHESTRATOR_URL, WALLETS_URL, LIVE_SIGNALS_URL,
            BACKTESTS_URL (default 127.0.0.1 on 8003, 8004, 8008, 8010, 8012).
            Writes carry PRESCIENT_API_TOKEN.

            Examples:
              prescient portfolios create --name "Momentum A" --strategy momentum
              prescient run                     # every portfolio, with a progress bar
              prescient run --portfolio 3
              prescient leaderboard --sort return_pct
              prescient reconcile --portfolio 3 && echo "books ok"
              prescient quote --portfolio 3 --token 1234 --side buy --amount 250
              prescient backtest run --strategy momentum --from 2026-03-01 \\
                  --to 2026-03-10 --wait
              prescient verdict weather --portfolio 3   # GO, NO_GO or INSUFFICIENT
              prescient watch --interval 5
              prescient portfolios list --json | jq '.portfolios[].name'
              source <(prescient --generate-completion-script bash)

            Exit codes: 0 ok; 1 a service refused or failed the request;
            2 the answer says something is wrong (books that do not reconcile,
            a run with failed portfolios); 3 a service is unreachable; 64 bad usage.
            """,
        subcommands: [
            PortfoliosCommand.self, RunCommand.self, CyclesCommand.self, LeaderboardCommand.self, QuoteCommand.self,
            LedgerCommand.self, ReconcileCommand.self, SignalsCommand.self, BacktestCommand.self, Top12Command.self,
            AlertsCommand.self, WatchCommand.self, VerdictCommand.self,
        ])

    public init() {}

    /// Parses and runs, printing any failure as one line on standard error and exiting with its code.
    public static func runMain(_ arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            Foundation.exit(0)
        } catch let failure as CLIError {
            FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
            Foundation.exit(failure.exitCode.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            let line = message(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("error: \(line.replacingOccurrences(of: "Error: ", with: ""))\n".utf8))
            Foundation.exit(code.rawValue)
        }
    }
}
