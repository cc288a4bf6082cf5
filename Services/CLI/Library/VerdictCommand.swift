import ArgumentParser
import Foundation

/// `prescient verdict <strategy|backtest id|tuner run id>`: the evidence gates as a table.
struct VerdictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verdict", abstract: "GO, NO_GO or INSUFFICIENT, with every evidence gate.",
        discussion: """
            A strategy's live signals (optionally one portfolio's or one configuration's), a backtest (bt…) or a
            tuner run's configuration (tr…, --rank). Exits 0 for GO and 2 otherwise, so a script can gate on it.
            Examples: prescient verdict weather --portfolio 3
                      prescient verdict bt1a2b3c4d5e6f
                      prescient verdict tr1a2b3c4d5e6f --rank 2
            """)
    @Argument(help: "A strategy (momentum, weather, …), a backtest id (bt…) or a tuner run id (tr…).") var target: String
    @Option(help: "For a strategy: one portfolio's signals.") var portfolio: Int64?
    @Option(help: "For a strategy: one configuration's signals (its 16-hex-digit hash).") var configHash: String?
    @Option(help: "For a tuner run: the ranked configuration (1 = best).") var rank: Int?
    @OptionGroup var output: OutputOptions

    func url(_ endpoints: Endpoints) -> String {
        if target.hasPrefix("bt") { return endpoints.backtests + "/backtests/\(API.query(target))/verdict" }
        if target.hasPrefix("tr") {
            return endpoints.backtests + "/tuner-runs/\(API.query(target))/verdict" + (rank.map { "?rank=\($0)" } ?? "")
        }
        let query = [portfolio.map { "portfolio=\($0)" }, configHash.map { "config_hash=\(API.query($0))" }].compactMap { $0 }
        return endpoints.orchestrator + "/strategies/\(API.query(target))/verdict"
            + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    func run() throws {
        let api = API()
        guard let answer = try api.read(url(api.endpoints), output) else { return }
        let verdict = answer["verdict"] as? [String: Any] ?? [:]
        let trials = answer["trials"] as? [String: Any] ?? [:]
        print(
            "\(Output.text(answer["subject"])): \(Output.text(verdict["verdict"])) — \(Output.printable(Output.text(verdict["reason"])))"
        )
        print("events \(Output.text(verdict["events"])), trials \(Output.text(trials["count"]))")
        Output.table(
            ["gate", "value", "threshold", "pass", "detail"],
            (verdict["gates"] as? [[String: Any]] ?? []).map { gate in
                [
                    Output.text(gate["name"]), Output.text(gate["value"], decimals: 4),
                    Output.text(gate["comparison"]) + " " + Output.text(gate["threshold"]),
                    (gate["pass"] as? Bool).map { $0 ? "yes" : "NO" } ?? "n/a", String(Output.text(gate["detail"]).prefix(110)),
                ]
            })
        guard verdict["verdict"] as? String == "GO" else {
            throw CLIError.notOK("the verdict is \(Output.text(verdict["verdict"])), not GO")
        }
    }
}
