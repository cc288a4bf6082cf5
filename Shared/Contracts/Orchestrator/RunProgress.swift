import Foundation
import PrescientCore

/// `GET /trading/runs/{id}`: a run of all portfolios while it runs and after: the run, how many
/// portfolios it set out to run and how many are done, and each portfolio it claimed with its
/// cycle's status, current step and steps so far (with their durations).
public struct RunProgress: Codable, Sendable, Equatable {
    public struct Step: Codable, Sendable, Equatable {
        public var step: CycleStep
        public var status: String
        public var error: String?
        public var durationMilliseconds: Int?

        enum CodingKeys: String, CodingKey { case step, status, error, durationMilliseconds = "duration_ms" }
    }

    public struct Portfolio: Codable, Sendable, Equatable {
        public var portfolioID: PortfolioID
        public var orchestrator: String
        public var cycleID: CycleID?
        /// `claimed` (not started yet), `running`, `succeeded` or `failed`.
        public var status: String
        public var currentStep: CycleStep?
        public var error: String?
        public var steps: [Step]

        enum CodingKeys: String, CodingKey {
            case orchestrator, status, error, steps
            case portfolioID = "portfolio_id", cycleID = "cycle_id", currentStep = "current_step"
        }

        public init(
            portfolioID: PortfolioID, orchestrator: String, cycleID: CycleID?, status: String, currentStep: CycleStep?, error: String?,
            steps: [Step]
        ) {
            self.portfolioID = portfolioID
            self.orchestrator = orchestrator
            self.cycleID = cycleID
            self.status = status
            self.currentStep = currentStep
            self.error = error
            self.steps = steps
        }
    }

    public var runID: String
    /// `running`, `finished` or `failed`.
    public var status: String
    public var startedBy: String
    public var startedAt: Date
    public var sharedDataReadyAt: Date?
    public var finishedAt: Date?
    public var error: String?
    /// Portfolios the run set out to run (nil until its shared data is collected).
    public var portfoliosTotal: Int?
    /// Portfolios whose cycle succeeded or failed.
    public var portfoliosDone: Int
    /// `portfoliosDone` of `portfoliosTotal`, 0 to 100 (100 once the run ended).
    public var percent: Int
    public var portfolios: [Portfolio]

    enum CodingKeys: String, CodingKey {
        case status, error, percent, portfolios
        case runID = "run_id", startedBy = "started_by", startedAt = "started_at", sharedDataReadyAt = "shared_data_ready_at"
        case finishedAt = "finished_at", portfoliosTotal = "portfolios_total", portfoliosDone = "portfolios_done"
    }

    public init(
        runID: String, status: String, startedBy: String, startedAt: Date, sharedDataReadyAt: Date?, finishedAt: Date?, error: String?,
        portfoliosTotal: Int?, portfolios: [Portfolio]
    ) {
        self.runID = runID
        self.status = status
        self.startedBy = startedBy
        self.startedAt = startedAt
        self.sharedDataReadyAt = sharedDataReadyAt
        self.finishedAt = finishedAt
        self.error = error
        self.portfoliosTotal = portfoliosTotal
        self.portfolios = portfolios
        portfoliosDone = portfolios.filter { $0.status == "succeeded" || $0.status == "failed" }.count
        if status != "running" {
            percent = 100
        } else if let total = portfoliosTotal, total > 0 {
            percent = min(99, portfoliosDone * 100 / total)
        } else {
            percent = 0
        }
    }
}
