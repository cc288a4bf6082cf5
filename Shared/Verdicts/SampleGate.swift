/// The sample gate: the evidence must rest on enough independent events (the markets of one
/// negRisk event count once), or nothing else it says is judged.
public enum SampleGate {
    public static let minimumEvents = 30

    /// The independent events among `trades` that closed (settled or sold).
    public static func events(_ trades: [EvidenceTrade]) -> Int {
        Set(trades.filter { $0.payout != nil }.map(\.event)).count
    }

    public static func gate(events: Int, minimum: Int = minimumEvents) -> Gate {
        Gate(.sample, value: Double(events), .atLeast, Double(minimum), detail: "\(events) independent events closed")
    }
}
