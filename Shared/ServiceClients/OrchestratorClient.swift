import Contracts
import PrescientCore

/// The orchestrator's calls, typed (operators' tools and tests).
public struct OrchestratorClient: Sendable {
    public let baseURL: String
    let caller: ServiceCaller

    public init(baseURL: String, caller: ServiceCaller) {
        self.baseURL = baseURL
        self.caller = caller
    }

    /// Shared data, then a cycle for every portfolio that runs.
    public func runAllPortfolios() throws -> RunAllResult {
        try caller.send("POST", ServiceURL.make(baseURL, "/trading/run-all-portfolios"))
    }

    /// Shared data (reused when fresh), then one portfolio's cycle.
    public func runPortfolioCycle(portfolioID: PortfolioID) throws -> PortfolioCycleResult {
        try caller.send(
            "POST", ServiceURL.make(baseURL, "/trading/run-portfolio-cycle"), body: PortfolioCycleRequest(portfolioID: portfolioID))
    }

    /// Every portfolio that is not archived, with its last cycle.
    public func portfolioSummary() throws -> PortfolioSummaryList {
        try caller.send("GET", ServiceURL.make(baseURL, "/trading/portfolio-summary"))
    }

    /// One cycle with its steps.
    public func cycle(id: CycleID) throws -> CycleRecord {
        try caller.send("GET", ServiceURL.make(baseURL, "/trading/cycles/" + ServiceURL.encode(id.rawValue)))
    }
}
