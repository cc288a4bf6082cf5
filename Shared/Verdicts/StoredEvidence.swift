import PrescientCore

/// What a finished backtest or tuner run keeps for its verdicts: for each configuration judged
/// (a backtest's one, a tuner's best ranked ones, best first) its trades and daily returns, and
/// the strategy and dataset whose trials it is judged among.
public struct StoredEvidence: Sendable, Codable, Equatable {
    public struct Configuration: Sendable, Codable, Equatable {
        public let configHash: String
        public let configuration: JSONValue
        public let trades: [EvidenceTrade]
        public let dailyReturns: [Double]

        public init(configHash: String, configuration: JSONValue, trades: [EvidenceTrade], dailyReturns: [Double]) {
            self.configHash = configHash
            self.configuration = configuration
            self.trades = trades
            self.dailyReturns = dailyReturns
        }

        enum CodingKeys: String, CodingKey {
            case configuration, trades, configHash = "config_hash", dailyReturns = "daily_returns"
        }
    }

    public let strategy: String
    public let dataset: String
    public let from: String
    public let to: String
    public let configurations: [Configuration]

    public init(strategy: String, dataset: String, from: String, to: String, configurations: [Configuration]) {
        self.strategy = strategy
        self.dataset = dataset
        self.from = from
        self.to = to
        self.configurations = configurations
    }
}
