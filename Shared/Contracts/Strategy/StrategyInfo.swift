import PrescientCore

/// `GET /strategy/info`: which strategy a service runs and its default configuration.
public struct StrategyInfo: Codable, Sendable, Equatable {
    public var strategy: String
    public var defaultConfig: [String: JSONValue]

    enum CodingKeys: String, CodingKey { case strategy, defaultConfig = "default_config" }

    public init(strategy: String, defaultConfig: [String: JSONValue]) {
        self.strategy = strategy
        self.defaultConfig = defaultConfig
    }
}
