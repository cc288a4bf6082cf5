/// The shared-data step of a run: a fresh export of events and markets, or the last one reused.
public struct SharedDataResult: Codable, Sendable, Equatable {
    public var reused: Bool
    public var eventsExported: Int?
    public var marketsExported: Int?
    public var durationMilliseconds: Int
    /// Why the last collection was reused although a fresh one was asked for (it failed).
    public var fallbackReason: String?

    enum CodingKeys: String, CodingKey {
        case reused, eventsExported = "events_exported", marketsExported = "markets_exported",
            durationMilliseconds = "duration_ms", fallbackReason = "fallback_reason"
    }

    public init(reused: Bool, eventsExported: Int?, marketsExported: Int?, durationMilliseconds: Int, fallbackReason: String? = nil) {
        self.reused = reused
        self.eventsExported = eventsExported
        self.marketsExported = marketsExported
        self.durationMilliseconds = durationMilliseconds
        self.fallbackReason = fallbackReason
    }
}
