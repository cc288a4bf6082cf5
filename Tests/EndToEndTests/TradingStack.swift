import Foundation
import HTTPClient
import Postgres
import PrescientCore
import ServiceClients
import TestSupport

/// Every service as a real process on a real port: simulator, events, markets, the five
/// strategies, paper trading and the orchestrator, on a fresh database; with `wallets`, the
/// wallets service too (its background scan and refresh off); with `live`, the live-signals
/// service and the live_momentum strategy (background loops off but the snapshot writer); with
/// `weather`, the weather strategy (its background forecast refresh off).
final class TradingStack: @unchecked Sendable {
    // Safe because a test mutates `services` (restarts) only from its own thread, between requests.
    let database: TestDatabase
    let simulator: ServiceProcess
    var services: [String: ServiceProcess] = [:]
    let environment: [String: String]
    let http = HTTPClient(connectTimeout: 2, defaultTimeout: 180)
    let pool: PostgresPool

    static let strategies = [
        ("momentum", "MOMENTUM_PORT", "MOMENTUM_URL"), ("mean-reversion", "MEAN_REVERSION_PORT", "MEAN_REVERSION_URL"),
        ("arbitrage", "ARBITRAGE_PORT", "ARBITRAGE_URL"), ("hybrid", "HYBRID_PORT", "HYBRID_URL"),
        ("smart-money", "SMART_MONEY_PORT", "SMART_MONEY_URL"),
    ]

    init(
        dataset: String = SimulatedWorld.smallDataset, extraEnvironment: [String: String] = [:], databaseAdminURL: String? = nil,
        wallets: Bool = false, live: Bool = false, weather: Bool = false
    ) throws {
        database = try TestDatabase(adminURL: databaseAdminURL)
        // The simulator's `/sim/*` control takes the stack's token too, when one is set.
        simulator = try ServiceProcess.simulator(
            arguments: SimulatedWorld.simulatorArguments(dataset),
            environment: extraEnvironment.filter { $0.key == "PRESCIENT_API_TOKEN" || $0.key.hasPrefix("SIM_") }, waitUntilLive: false)
        var environment = SimulatedWorld.serviceEnvironment(
            polymarket: simulator.polymarketEnvironment, databaseURL: database.url,
            extra: ["SHARED_DATA_MAX_AGE_S": "600", "PRESCIENT_DB_POOL_SIZE": "24"].merging(extraEnvironment) { $1 })
        var ports: [String: Int] = [:]
        for name in ["events", "markets", "paper-trading", "live-momentum", "weather"] + Self.strategies.map(\.0) {
            ports[name] = try ServiceProcess.freePort()
        }
        environment["LIVE_MOMENTUM_URL"] = "http://127.0.0.1:\(ports["live-momentum"]!)"
        environment["WEATHER_URL"] = "http://127.0.0.1:\(ports["weather"]!)"
        environment["EVENTS_URL"] = "http://127.0.0.1:\(ports["events"]!)"
        environment["MARKETS_URL"] = "http://127.0.0.1:\(ports["markets"]!)"
        environment["PAPER_TRADING_URL"] = "http://127.0.0.1:\(ports["paper-trading"]!)"
        for (name, _, urlVariable) in Self.strategies { environment[urlVariable] = "http://127.0.0.1:\(ports[name]!)" }
        self.environment = environment
        let variables = ["events": "EVENTS_PORT", "markets": "MARKETS_PORT", "paper-trading": "PAPER_TRADING_PORT"]
            .merging(Dictionary(uniqueKeysWithValues: Self.strategies.map { ($0.0, $0.1) })) { $1 }
        for (name, variable) in variables.sorted(by: { $0.key < $1.key }) {
            services[name] = try ServiceProcess(
                executable: name, portVariable: variable, environment: environment, port: ports[name], waitUntilLive: false)
        }
        services["orchestrator"] = try ServiceProcess(
            executable: "orchestrator", portVariable: "ORCHESTRATOR_PORT", environment: environment, waitUntilLive: false)
        if wallets {
            services["wallets"] = try ServiceProcess(
                executable: "wallets", portVariable: "WALLETS_PORT",
                environment: environment.merging(
                    ["WALLETS_REFRESH_INTERVAL_S": "0", "SEER_SCAN_INTERVAL_S": "0", "POLYMARKET_RATE_LIMIT_SCALE": "100"]) { $1 },
                waitUntilLive: false)
        }
        if live {
            services["live-momentum"] = try ServiceProcess(
                executable: "live-momentum", portVariable: "LIVE_MOMENTUM_PORT", environment: environment, port: ports["live-momentum"],
                waitUntilLive: false)
            services["live-signals"] = try ServiceProcess(
                executable: "live-signals", portVariable: "LIVE_SIGNALS_PORT",
                environment: environment.merging(
                    ["LIVE_WATCHLIST_REFRESH_S": "0", "LIVE_TRADES_POLL_S": "0", "SCORECARD_INTERVAL_S": "0"]) { $1 },
                waitUntilLive: false)
        }
        if weather {
            services["weather"] = try ServiceProcess(
                executable: "weather", portVariable: "WEATHER_PORT",
                environment: environment.merging(["WEATHER_REFRESH_INTERVAL_S": "0"]) { $1 }, port: ports["weather"],
                waitUntilLive: false)
        }
        // Started side by side above; live once each answers.
        try simulator.waitUntilLive()
        for service in services.values { try service.waitUntilLive() }
        pool = database.makePool(size: 4)
    }

    deinit {
        for service in services.values { service.stop() }
        simulator.stop()
        pool.close()
    }

    func url(_ service: String) -> String { services[service]!.baseURL }

    /// The orchestrator through its typed client.
    var orchestratorClient: OrchestratorClient {
        OrchestratorClient(baseURL: url("orchestrator"), caller: ServiceCaller(http: http, token: nil, timeout: 180))
    }

    /// Paper trading through its typed client.
    var paperTradingClient: PaperTradingClient {
        PaperTradingClient(baseURL: url("paper-trading"), caller: ServiceCaller(http: http, token: nil, timeout: 60))
    }

    /// Stops a service (to simulate an outage) and later starts it again on the same port.
    func stopService(_ name: String) {
        services[name]?.stop()
    }

    func restartService(_ name: String, variable: String) throws {
        let port = services[name]!.port
        services[name] = try ServiceProcess(executable: name, portVariable: variable, environment: environment, port: port)
    }

    /// Every answer `post`, `get` and `send` received (method, URL, answer), for the contract check.
    let recorded = Locked<[(method: String, url: String, response: HTTPClientResponse)]>([])

    @discardableResult
    func post(_ url: String, _ json: String) throws -> HTTPClientResponse {
        try send("POST", url, json)
    }

    func get(_ url: String) throws -> HTTPClientResponse {
        let response = try http.get(url)
        recorded.mutate { $0.append(("GET", url, response)) }
        return response
    }

    @discardableResult
    func send(_ method: String, _ url: String, _ json: String) throws -> HTTPClientResponse {
        let response = try http.sendJSON(method, url, body: Array(json.utf8))
        recorded.mutate { $0.append((method, url, response)) }
        return response
    }

    func createPortfolio(_ json: String) throws -> PortfolioID {
        let response = try post(url("paper-trading") + "/portfolios", json)
        guard response.status == 201, let id = response.json["id"] as? Int else {
            throw TestSetupError("portfolio creation failed: \(response.status) \(response.text)")
        }
        return PortfolioID(Int64(id))
    }

    func decimal(_ sql: String) throws -> Decimal {
        try pool.execute(PostgresQuery(unsafeSQL: sql))[0].decodeIfPresent("v", as: Decimal.self) ?? 0
    }

    func count(_ sql: String) throws -> Int {
        try pool.execute(PostgresQuery(unsafeSQL: sql))[0].decode("n", as: Int.self)
    }

    /// Queues one signal directly (as a strategy would store it) and returns its id.
    @discardableResult
    func insertSignal(
        portfolio: PortfolioID, cycle: String, market: String, token: String, action: String, amount: Decimal, limit: Decimal,
        shares: Decimal? = nil, group: String? = nil
    ) throws -> Int64 {
        try pool.execute(
            """
            INSERT INTO trading_signals (portfolio_id, cycle_id, market_id, token_id, action, amount, limit_price, confidence, reason,
                                         shares, group_id)
            VALUES (\(portfolio), \(cycle), \(market), \(token), \(action), \(amount), \(limit), 0.8, 'test signal', \(shares), \(group))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
    }

    /// Executes a portfolio's pending signals.
    func execute(_ portfolio: PortfolioID) throws -> HTTPClientResponse {
        try get(url("paper-trading") + "/paper-trading/execute-signals?portfolio_id=\(portfolio)")
    }

    /// A signal's status and reason.
    func signalStatus(_ id: Int64) throws -> (status: String, reason: String) {
        let row = try pool.execute("SELECT status, status_reason FROM trading_signals WHERE id = \(id)")[0]
        return (try row.decode("status"), try row.decodeIfPresent("status_reason") ?? "")
    }
}
