import Foundation

/// Where the services are and the token writes carry, from the environment the services use
/// themselves: `PAPER_TRADING_URL` (http://127.0.0.1:8003), `ORCHESTRATOR_URL` (8004),
/// `WALLETS_URL` (8008), `LIVE_SIGNALS_URL` (8010), `BACKTESTS_URL` (8012), `PRESCIENT_API_TOKEN`.
struct Endpoints {
    let paperTrading: String
    let orchestrator: String
    let wallets: String
    let liveSignals: String
    let backtests: String
    let token: String?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        func url(_ name: String, _ port: Int) -> String {
            let value = environment[name].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:\(port)"
            return value.hasSuffix("/") ? String(value.dropLast()) : value
        }
        paperTrading = url("PAPER_TRADING_URL", 8003)
        orchestrator = url("ORCHESTRATOR_URL", 8004)
        wallets = url("WALLETS_URL", 8008)
        liveSignals = url("LIVE_SIGNALS_URL", 8010)
        backtests = url("BACKTESTS_URL", 8012)
        token = environment["PRESCIENT_API_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
    }
}
