/// What the evidence says of a strategy or a configuration: `GO` only when every gate that
/// applies passed; `INSUFFICIENT` when the sample is too small to judge (with how many more
/// independent events it needs); `NO_GO` otherwise, naming the gates that failed.
public struct Verdict: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case go = "GO", noGo = "NO_GO", insufficient = "INSUFFICIENT"

        /// The leaderboard's order: GO first, then NO_GO, then INSUFFICIENT.
        public var rank: Int {
            switch self {
            case .go: 0
            case .noGo: 1
            case .insufficient: 2
            }
        }
    }

    public let verdict: Kind
    /// One line saying why.
    public let reason: String
    /// The independent events the evidence rests on.
    public let events: Int
    /// How many more independent events the sample gate needs (0 when it passed).
    public let eventsNeeded: Int
    public let gates: [Gate]

    /// The verdict of `gates` over `events` independent events, the sample gate's minimum being `minimumEvents`.
    public init(gates: [Gate], events: Int, minimumEvents: Int = SampleGate.minimumEvents) {
        self.gates = gates
        self.events = events
        eventsNeeded = max(0, minimumEvents - events)
        let failed = gates.filter { $0.pass == false }.map(\.name.rawValue)
        if eventsNeeded > 0 {
            verdict = .insufficient
            reason = "\(events) independent events; the gates need at least \(minimumEvents) (\(eventsNeeded) more)"
        } else if failed.isEmpty {
            verdict = .go
            reason = "every gate passed over \(events) independent events"
        } else {
            verdict = .noGo
            reason = "failed: \(failed.joined(separator: ", ")) (over \(events) independent events)"
        }
    }

    /// The gates that failed.
    public var failedGates: [Gate.Name] { gates.filter { $0.pass == false }.map(\.name) }

    enum CodingKeys: String, CodingKey {
        case verdict, reason, events, gates, eventsNeeded = "events_needed"
    }
}
