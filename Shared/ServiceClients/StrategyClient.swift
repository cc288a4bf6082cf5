import Contracts

/// A strategy service's calls, typed; every strategy service answers the same contract.
public struct StrategyClient: Sendable {
    public let baseURL: String
    let caller: ServiceCaller

    public init(baseURL: String, caller: ServiceCaller) {
        self.baseURL = baseURL
        self.caller = caller
    }

    /// The portfolio's signals for the cycle (stored ones when the cycle already asked).
    public func generateSignals(_ request: GenerateSignalsRequest) throws -> GenerateSignalsResult {
        try caller.send("POST", ServiceURL.make(baseURL, "/strategy/generate-signals"), body: request)
    }

    /// Each portfolio's signals for its cycle, in one call (each answered or failed alone).
    public func generateSignals(_ batch: [PortfolioCycle]) throws -> PortfolioBatchResult<GenerateSignalsResult> {
        try caller.send(
            "POST", ServiceURL.make(baseURL, "/strategy/generate-signals/batch"), body: PortfolioBatchRequest(portfolios: batch))
    }

    /// The strategy the service runs and its default configuration.
    public func info() throws -> StrategyInfo {
        try caller.send("GET", ServiceURL.make(baseURL, "/strategy/info"))
    }
}
