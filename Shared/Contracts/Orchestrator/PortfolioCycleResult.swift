/// `POST /trading/run-portfolio-cycle`: shared data (reused when fresh) and one portfolio's cycle.
public struct PortfolioCycleResult: Codable, Sendable, Equatable {
    /// `success` or `failed`.
    public var status: String
    public var sharedData: SharedDataResult
    public var result: CycleResult

    enum CodingKeys: String, CodingKey { case status, sharedData = "shared_data", result }

    public init(sharedData: SharedDataResult, result: CycleResult) {
        self.status = result.succeeded ? "success" : "failed"
        self.sharedData = sharedData
        self.result = result
    }
}
