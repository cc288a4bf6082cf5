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
    /// One per portfolio this orchestrator ran, by portfolio id.
    public var results: [CycleResult]
    /// True when this run-all joined a run another orchestrator replica had started (and shares
    /// its run id and shared data).
    public var joinedRun: Bool
    /// Portfolios of the run that another replica claimed and ran.
    public var portfoliosRunElsewhere: Int

    enum CodingKeys: String, CodingKey {
        case status, runID = "run_id", sharedData = "shared_data", portfoliosProcessed = "portfolios_processed",
            portfoliosFailed = "portfolios_failed", signalsArchived = "signals_archived", durationMilliseconds = "duration_ms", results,
            joinedRun = "joined_run", portfoliosRunElsewhere = "portfolios_run_elsewhere"
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
        self.joinedRun = false
        self.portfoliosRunElsewhere = 0
    }
}
