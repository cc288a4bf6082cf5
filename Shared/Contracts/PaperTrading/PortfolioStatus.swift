/// Where a portfolio stands: what its cycles may do.
public enum PortfolioStatus: String, Codable, Sendable, CaseIterable {
    /// Trades normally.
    case active
    /// Stopped by an operator: reduce-only (exits and stop-losses still sell).
    case paused
    /// Stopped by the drawdown breaker: reduce-only until an operator resumes it.
    case halted
    /// Retired: nothing runs.
    case archived

    /// Whether the portfolio may open or add to positions (buys).
    public var opensPositions: Bool { self == .active }

    /// Whether the portfolio may still reduce risk (sells and exits): paused and halted
    /// portfolios are reduce-only, as a risk engine's REDUCING state is; archived ones do nothing.
    public var reducesPositions: Bool { self != .archived }
}
