import PrescientCore

/// `POST /strategy/generate-signals`: the signals a strategy produced for one portfolio and cycle.
public struct GenerateSignalsResult: Codable, Sendable {
    public var status: String
    public var portfolioID: PortfolioID
    public var cycleID: CycleID
    public var strategy: String
    public var marketsConsidered: Int
    /// Signals the strategy produced this call.
    public var signalsGenerated: Int
    /// Of those, how many were not already stored for this cycle.
    public var signalsNew: Int
    /// True when the cycle already had signals and they were returned instead of new ones.
    public var reused: Bool
    /// True for a paused or halted portfolio: only exits were considered.
    public var reduceOnly: Bool
    /// Why the portfolio's strategy opened nothing: its mute (by an operator or its scorecard).
    public var muted: String?
    /// How this call sized its buys (absent when the stored signals were reused).
    public var sizing: TradeSizing?
    public var durationMilliseconds: Int
    /// The cycle's stored signals; absent only in a cycle step's stored summary.
    public var signals: [TradingSignal]?

    enum CodingKeys: String, CodingKey {
        case status, portfolioID = "portfolio_id", cycleID = "cycle_id", strategy, marketsConsidered = "markets_considered",
            signalsGenerated = "signals_generated", signalsNew = "signals_new", reused, reduceOnly = "reduce_only", muted, sizing,
            durationMilliseconds = "duration_ms", signals
    }

    public init(
        portfolioID: PortfolioID, cycleID: CycleID, strategy: String, marketsConsidered: Int, signalsGenerated: Int, signalsNew: Int,
        reused: Bool, reduceOnly: Bool, sizing: TradeSizing?, durationMilliseconds: Int, signals: [TradingSignal]?,
        muted: String? = nil
    ) {
        self.status = "success"
        self.portfolioID = portfolioID
        self.cycleID = cycleID
        self.strategy = strategy
        self.marketsConsidered = marketsConsidered
        self.signalsGenerated = signalsGenerated
        self.signalsNew = signalsNew
        self.reused = reused
        self.reduceOnly = reduceOnly
        self.sizing = sizing
        self.durationMilliseconds = durationMilliseconds
        self.signals = signals
        self.muted = muted
    }
}
