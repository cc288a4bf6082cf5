/// `POST /trading/run-all-portfolios`: shared data once, then a cycle per portfolio.
public struct RunAllResult: Codable, Sendable, Equatable {
    /// `success` when every cycle succeeded, else `partial`.
    public var status: String
    public var runID: String
    public var sharedData: SharedDataResult
    public var portfoliosProcessed: Int
    public var portfoliosFailed: Int
    public var signalsArchived: Int
    public var durationMilliseconds: Int
    /// One per portfolio, by portfolio id.
    public var results: [CycleResult]

    enum CodingKeys: String, CodingKey {
        case status, runID = "run_id", sharedData = "shared_data", portfoliosProcessed = "portfolios_processed",
            portfoliosFailed = "portfolios_failed", signalsArchived = "signals_archived", durationMilliseconds = "duration_ms", results
    }

    public init(
        runID: String, sharedData: SharedDataResult, signalsArchived: Int, durationMilliseconds: Int, results: [CycleResult]
    ) {
        let failed = results.filter { !$0.succeeded }.count
        self.status = failed == 0 ? "success" : "partial"
        self.runID = runID
        self.sharedData = sharedData
        self.portfoliosProcessed = results.count
        self.portfoliosFailed = failed
        self.signalsArchived = signalsArchived
        self.durationMilliseconds = durationMilliseconds
        self.results = results
    }
}
