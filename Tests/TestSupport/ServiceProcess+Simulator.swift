import Foundation

extension ServiceProcess {
    /// The simulator as a process on five free ports: Gamma with the `/sim/*` control (its main
    /// port), the CLOB and the Data API, each answering only its own host's routes, the market
    /// channel's WebSocket host and Open-Meteo's forecast host.
    public static func simulator(
        arguments: [String], environment: [String: String] = [:], startupTimeout: Double = 120, waitUntilLive: Bool = true
    ) throws -> ServiceProcess {
        try ServiceProcess(
            executable: "simulator", portVariable: "SIMULATOR_PORT", environment: environment, arguments: arguments,
            startupTimeout: startupTimeout,
            extraPortVariables: ["SIMULATOR_CLOB_PORT", "SIMULATOR_DATA_PORT", "SIMULATOR_WS_PORT", "SIMULATOR_WEATHER_PORT"],
            waitUntilLive: waitUntilLive)
    }

    /// The simulator's Gamma host (and `/sim/*` control).
    public var gammaURL: String { baseURL }
    /// The simulator's CLOB host.
    public var clobURL: String { baseURL(of: "SIMULATOR_CLOB_PORT") }
    /// The simulator's Data API host.
    public var dataURL: String { baseURL(of: "SIMULATOR_DATA_PORT") }

    /// The market channel, `ws://127.0.0.1:<port>/ws/market`.
    public var marketChannelURL: String {
        baseURL(of: "SIMULATOR_WS_PORT").replacingOccurrences(of: "http://", with: "ws://") + "/ws/market"
    }

    /// The variables that point a service's Polymarket and Open-Meteo clients at the simulator's hosts.
    public var polymarketEnvironment: [String: String] {
        [
            "POLYMARKET_GAMMA_URL": gammaURL, "POLYMARKET_CLOB_URL": clobURL, "POLYMARKET_DATA_URL": dataURL,
            "POLYMARKET_WS_URL": marketChannelURL, "OPEN_METEO_URL": baseURL(of: "SIMULATOR_WEATHER_PORT"),
        ]
    }
}
