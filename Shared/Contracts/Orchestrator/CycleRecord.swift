import Foundation
import PrescientCore

/// `GET /trading/cycles/{id}`: one cycle with its steps, as recorded.
public struct CycleRecord: Codable, Sendable, Equatable {
    /// One step of the cycle; `detail` is the step's stored summary.
    public struct Step: Codable, Sendable, Equatable {
        public var step: CycleStep
        public var status: String
        public var detail: JSONValue?
        public var error: String?
        public var startedAt: Date
        public var finishedAt: Date?

        enum CodingKeys: String, CodingKey {
            case step, status, detail, error, startedAt = "started_at", finishedAt = "finished_at"
        }

        public init(step: CycleStep, status: String, detail: JSONValue?, error: String?, startedAt: Date, finishedAt: Date?) {
            self.step = step
            self.status = status
            self.detail = detail
            self.error = error
            self.startedAt = startedAt
            self.finishedAt = finishedAt
        }
    }

    public var id: CycleID
    public var portfolioID: PortfolioID
    public var runID: String?
    public var status: String
    public var currentStep: CycleStep?
    public var error: String?
    public var startedAt: Date
    public var finishedAt: Date?
    public var steps: [Step]

    enum CodingKeys: String, CodingKey {
        case id, portfolioID = "portfolio_id", runID = "run_id", status, currentStep = "current_step", error,
            startedAt = "started_at", finishedAt = "finished_at", steps
    }

    public init(
        id: CycleID, portfolioID: PortfolioID, runID: String?, status: String, currentStep: CycleStep?, error: String?, startedAt: Date,
        finishedAt: Date?, steps: [Step]
    ) {
        self.id = id
        self.portfolioID = portfolioID
        self.runID = runID
        self.status = status
        self.currentStep = currentStep
        self.error = error
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.steps = steps
    }
}
