import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// The `prescient` binary run as an operator runs it, against the real services: it creates,
/// lists, runs (with its progress bar), reconciles, pauses and resumes portfolios, reads the
/// ledger, leaderboard, cycles and the watch view, prints JSON that matches the database, and
/// exits with the documented codes — 1 with one clear line when a service refuses, 2 when the
/// books do not reconcile, 3 when a service is unreachable, 64 on bad usage.
@Suite("CLI end to end", .serialized, .tags(.stack, .database))
struct CLITests {
    struct Outcome {
        let code: Int32
        let out: String
        let err: String
    }

    static func cli(_ arguments: [String], environment: [String: String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try TestEnvironment.binDirectory + "/prescient")
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()].merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile(), error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            code: process.terminationStatus, out: String(decoding: output, as: UTF8.self), err: String(decoding: error, as: UTF8.self))
    }

    @Test func anOperatorRunsTheSuiteFromTheTerminal() throws {
        let stack = try TradingStack(wallets: true)
        let backtests = try ServiceProcess(
            executable: "backtests", portVariable: "BACKTESTS_PORT",
            environment: stack.environment.merging(["BACKTEST_DATA_DIR": TestEnvironment.fixturesDirectory]) { $1 })
        defer { backtests.stop() }
        let env = [
            "PAPER_TRADING_URL": stack.url("paper-trading"), "ORCHESTRATOR_URL": stack.url("orchestrator"),
            "WALLETS_URL": stack.url("wallets"), "BACKTESTS_URL": backtests.baseURL,
        ]
        func run(_ arguments: String...) throws -> Outcome { try Self.cli(arguments, environment: env) }

        let created = try run(
            "portfolios", "create", "--name", "From the CLI", "--strategy", "momentum", "--balance", "5000", "--config",
            #"{"min_liquidity":1000,"min_conviction":0.01,"max_signals_per_cycle":5}"#)
        #expect(created.code == 0, "\(created.err)")
        let id = try #require(Int(created.out.split(separator: " ")[2].dropLast()), "\(created.out)")

        let listed = try run("portfolios", "list", "--json")
        let portfolios =
            (try JSONSerialization.jsonObject(with: Data(listed.out.utf8)) as? [String: Any])?["portfolios"] as? [[String: Any]]
        #expect(portfolios?.first?["name"] as? String == "From the CLI")
        #expect(try stack.decimal("SELECT current_balance AS v FROM portfolios WHERE id = \(id)") == 5_000)
        #expect(try run("portfolios", "list").out.contains("From the CLI"))

        let cycle = try run("run")
        #expect(cycle.code == 0, "\(cycle.err)")
        #expect(cycle.err.contains("100%") && cycle.err.contains("[") && cycle.out.contains("succeeded"), "\(cycle.out)\n\(cycle.err)")

        let reconciled = try run("reconcile", "--portfolio", "\(id)")
        #expect(reconciled.code == 0 && reconciled.out.contains("ok"), "\(reconciled.out)\(reconciled.err)")
        let ledger = try run("ledger", "--portfolio", "\(id)", "--json")
        let entries = (try JSONSerialization.jsonObject(with: Data(ledger.out.utf8)) as? [String: Any])?["entries"] as? [Any]
        #expect(entries?.count == (try stack.count("SELECT count(*) AS n FROM ledger WHERE portfolio_id = \(id)")))
        #expect(try run("leaderboard").out.contains("From the CLI"))
        let cycleID: String = try stack.pool.execute("SELECT id FROM trading_cycles WHERE portfolio_id = \(id) LIMIT 1")[0].decode("id")
        let shown = try run("cycles", "show", cycleID)
        #expect(shown.code == 0 && shown.out.contains("settle"), "\(shown.out)")
        let token: String = try stack.pool.execute(
            "SELECT yes_token_id FROM markets WHERE passes_quality_filter AND best_ask > 0 ORDER BY liquidity DESC LIMIT 1")[0].decode(
                "yes_token_id")
        let quoted = try run("quote", "--portfolio", "\(id)", "--token", token, "--amount", "50")
        #expect(quoted.code == 0 && quoted.out.contains("shares at avg"), "\(quoted.out)\(quoted.err)")
        let backtest = try run("backtest", "run", "--strategy", "weather", "--from", "2026-03-01", "--to", "2026-03-03", "--wait")
        #expect(backtest.code == 0 && backtest.out.contains("succeeded") && backtest.out.contains("final_equity"), "\(backtest.out)")
        #expect(backtest.err.contains("100%"), "\(backtest.err)")
        // A verdict as a table of every gate; anything but GO exits 2.
        let verdict = try run("verdict", "momentum", "--portfolio", "\(id)")
        #expect(
            verdict.code == 2 && verdict.out.contains("INSUFFICIENT") && verdict.out.contains("return_per_dollar")
                && verdict.err.hasPrefix("error: the verdict is INSUFFICIENT"), "\(verdict.out)\(verdict.err)")
        #expect(try run("alerts").code == 0)
        #expect(try run("top12", "--json").out.contains("markets"))
        let watched = try run("watch", "--count", "1")
        #expect(watched.code == 0 && watched.out.contains("From the CLI"))

        #expect(try run("portfolios", "pause", "\(id)").code == 0)
        #expect(try stack.pool.execute("SELECT status FROM portfolios WHERE id = \(id)")[0].decode("status", as: String.self) == "paused")
        #expect(try run("portfolios", "resume", "\(id)").code == 0)
        #expect(try stack.pool.execute("SELECT status FROM portfolios WHERE id = \(id)")[0].decode("status", as: String.self) == "active")

        // Books that do not reconcile: exit 2.
        try stack.pool.execute("UPDATE portfolios SET current_balance = current_balance + 1 WHERE id = \(id)")
        let broken = try run("reconcile", "--portfolio", "\(id)")
        #expect(broken.code == 2 && broken.err.hasPrefix("error: the books"), "\(broken.code) \(broken.err)")

        // Bad input: one clear line and a code.
        for (arguments, code, start) in [
            (["portfolios", "show", "999"], Int32(1), "error: not_found"),
            (["portfolios", "create", "--name", "X", "--strategy", "astrology"], 1, "error: invalid_field"),
            (["quote", "--portfolio", "1", "--token", "x", "--amount", "abc"], 64, "error: The value 'abc' is invalid"),
            (["portfolios", "create", "--name", "X", "--strategy", "momentum", "--balance", "0"], 64, "error: --balance must be"),
            (["portfolios", "frobnicate"], 64, "error:"),
        ] {
            let outcome = try Self.cli(arguments, environment: env)
            #expect(outcome.code == code, "\(arguments): \(outcome.code) \(outcome.err)")
            #expect(outcome.err.hasPrefix(start) && outcome.err.split(separator: "\n").count == 1, "\(arguments): \(outcome.err)")
        }
        let away = try Self.cli(["portfolios", "list"], environment: ["PAPER_TRADING_URL": "http://127.0.0.1:9"])
        #expect(away.code == 3 && away.err.hasPrefix("error: cannot reach http://127.0.0.1:9"), "\(away.err)")

        let help = try run("--help")
        #expect(help.code == 0 && help.out.contains("Examples:") && help.out.contains("Exit codes"))
        let completion = try run("--generate-completion-script", "bash")
        #expect(completion.code == 0 && completion.out.contains("complete"))
    }

    /// Text from outside (a portfolio's name here; market questions and wallet names alike) cannot
    /// drive the operator's terminal: escape sequences, bells and bidi overrides print as `?`.
    @Test func untrustedTextWithTerminalControls_isPrintedInert() throws {
        let stack = try TradingStack()
        let hostile = "Evil\u{1B}]0;owned\u{07}\u{1B}[2J\u{9B}31m\u{202E}txt"
        let body = String(decoding: try JSONEncoder().encode(["name": hostile, "strategy_type": "momentum"]), as: UTF8.self)
        let created = try stack.post(stack.url("paper-trading") + "/portfolios", body)
        #expect(created.status == 201, "\(created.text)")
        let listed = try Self.cli(["portfolios", "list"], environment: ["PAPER_TRADING_URL": stack.url("paper-trading")])
        #expect(listed.code == 0 && listed.out.contains("Evil?]0;owned??[2J?31m?txt"), "\(listed.out.debugDescription)")
        for control in ["\u{1B}", "\u{07}", "\u{9B}", "\u{202E}"] { #expect(!listed.out.contains(control)) }
    }
}
