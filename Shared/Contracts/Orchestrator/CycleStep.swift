/// One step of a portfolio's cycle, in the order a cycle runs them.
public enum CycleStep: String, Codable, Sendable, CaseIterable {
    /// Settle the positions of resolved markets.
    case settle
    /// Ask the portfolio's strategy for signals.
    case generateSignals = "generate_signals"
    /// Execute the cycle's signals.
    case executeSignals = "execute_signals"
    /// Mark the portfolio and record its equity.
    case snapshot

    /// The step's place in a cycle (0 for the first).
    public var position: Int { Self.allCases.firstIndex(of: self)! }
}
