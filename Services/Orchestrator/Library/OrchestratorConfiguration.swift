import Contracts
import Foundation
import Portfolios
import PrescientCore

/// Where the orchestrator finds the other services, and how it runs cycles.
struct OrchestratorConfiguration: Sendable {
    var eventsURL: String
    var marketsURL: String
    var paperTradingURL: String
    var strategyURLs: [StrategyType: String]
    /// Batches of portfolios run at once in `run-all-portfolios`.
    var parallelism: Int
    /// Portfolios of one strategy that `run-all-portfolios` runs together, one batch call per step.
    var batchSize: Int
    /// `run-portfolio-cycle` reuses shared data collected less than this long ago.
    var sharedDataMaxAge: Double
    /// Executed or rejected signals older than this move to `signal_archives` after a run.
    var signalArchiveAge: Double
    /// Timeout of each call to another service.
    var callTimeout: Double
    /// Forwarded to the other services when set (they share the token).
    var apiToken: String?
    /// This replica's name in `run_claims` (host and process by default).
    var orchestratorID: String
    /// A run-all joins a replica's run that started less than this long ago and is still running.
    var runJoinWindow: Double

    /// Reads `EVENTS_URL`, `MARKETS_URL`, `PAPER_TRADING_URL`, `MOMENTUM_URL`, `MEAN_REVERSION_URL`,
    /// `ARBITRAGE_URL`, `HYBRID_URL` (defaults from ports.md), `ORCHESTRATOR_PARALLELISM` (8),
    /// `ORCHESTRATOR_BATCH_SIZE` (100),
    /// `SHARED_DATA_MAX_AGE_S` (300), `SIGNAL_ARCHIVE_AGE_S` (86400), `SERVICE_CALL_TIMEOUT_S` (300),
    /// `ORCHESTRATOR_ID` (host-pid), `RUN_JOIN_WINDOW_S` (60).
    init(environment: EnvironmentReader) throws {
        eventsURL = try environment.url("EVENTS_URL", default: "http://127.0.0.1:8000")
        marketsURL = try environment.url("MARKETS_URL", default: "http://127.0.0.1:8001")
        paperTradingURL = try environment.url("PAPER_TRADING_URL", default: "http://127.0.0.1:8003")
        var urls: [StrategyType: String] = [:]
        for type in StrategyType.allCases { urls[type] = try environment.url(type.urlVariable, default: type.defaultURL) }
        strategyURLs = urls
        parallelism = try environment.int("ORCHESTRATOR_PARALLELISM", default: 8, range: 1...64)
        batchSize = try environment.int("ORCHESTRATOR_BATCH_SIZE", default: 100, range: 1...PortfolioBatchRequest.maximumPortfolios)
        sharedDataMaxAge = try environment.double("SHARED_DATA_MAX_AGE_S", default: 300, range: 0...86_400 * 30)
        signalArchiveAge = try environment.double("SIGNAL_ARCHIVE_AGE_S", default: 86_400, range: 0...86_400 * 365)
        callTimeout = try environment.double("SERVICE_CALL_TIMEOUT_S", default: 300, range: 1...3_600)
        apiToken = environment.string("PRESCIENT_API_TOKEN")
        orchestratorID = environment.string(
            "ORCHESTRATOR_ID", default: "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)")
        runJoinWindow = try environment.double("RUN_JOIN_WINDOW_S", default: 60, range: 0...86_400)
    }
}
