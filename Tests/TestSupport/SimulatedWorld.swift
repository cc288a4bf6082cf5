/// What every multi-service test world is built from: the recorded market files the simulator
/// serves, its arguments, and the environment that points services at it and at a database.
public enum SimulatedWorld {
    /// The first 500 recorded active markets: the default world.
    public static let smallDataset = "gamma-markets/markets_active_first500_2026-03-11.json"
    /// Every recorded active market (35,955).
    public static let fullDataset = "gamma-markets/markets_active_all_2026-03-11.json.gz"

    /// The simulator's arguments to serve `dataset` from the fixtures.
    public static func simulatorArguments(_ dataset: String = smallDataset) -> [String] {
        ["--dataset", TestEnvironment.fixturesDirectory, "--markets", dataset]
    }

    /// A service's environment in a test world: Polymarket's hosts (`polymarket`, the simulator's),
    /// two attempts per call, the simulator's clock, no background price pass, the bearer token when
    /// given; then `extra` over all of it.
    public static func serviceEnvironment(
        polymarket: [String: String], databaseURL: String? = nil, token: String? = nil, extra: [String: String] = [:]
    ) -> [String: String] {
        var environment = polymarket.merging([
            "POLYMARKET_MAX_ATTEMPTS": "2", "PRESCIENT_CLOCK": "simulator", "PRICE_UPDATE_INTERVAL_S": "3600",
        ]) { $1 }
        if let databaseURL { environment["DATABASE_URL"] = databaseURL }
        if let token { environment["PRESCIENT_API_TOKEN"] = token }
        return environment.merging(extra) { $1 }
    }
}
