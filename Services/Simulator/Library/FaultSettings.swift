/// Faults the simulator injects into Polymarket API routes (`POST /sim/faults`).
struct FaultSettings: Codable, Sendable, Equatable {
    /// Probability of answering 429 Too Many Requests.
    var rate429: Double = 0
    /// Probability of answering 500 Internal Server Error.
    var rate500: Double = 0
    /// Probability of stalling for `timeoutMs` before answering (longer than a client's timeout).
    var rateTimeout: Double = 0
    /// Probability of answering 200 with a truncated, unparsable body.
    var rateMalformed: Double = 0
    /// Latency added to every API answer.
    var latencyMs: Int = 0
    /// How long a simulated timeout stalls.
    var timeoutMs: Int = 3_000
    /// The `Retry-After` seconds sent with 429s.
    var retryAfterSeconds: Int = 0

    enum CodingKeys: String, CodingKey {
        case rate429 = "rate_429", rate500 = "rate_500", rateTimeout = "rate_timeout", rateMalformed = "rate_malformed",
            latencyMs = "latency_ms", timeoutMs = "timeout_ms", retryAfterSeconds = "retry_after_s"
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rate429 = try c.decodeIfPresent(Double.self, forKey: .rate429) ?? 0
        rate500 = try c.decodeIfPresent(Double.self, forKey: .rate500) ?? 0
        rateTimeout = try c.decodeIfPresent(Double.self, forKey: .rateTimeout) ?? 0
        rateMalformed = try c.decodeIfPresent(Double.self, forKey: .rateMalformed) ?? 0
        latencyMs = try c.decodeIfPresent(Int.self, forKey: .latencyMs) ?? 0
        timeoutMs = try c.decodeIfPresent(Int.self, forKey: .timeoutMs) ?? 3_000
        retryAfterSeconds = try c.decodeIfPresent(Int.self, forKey: .retryAfterSeconds) ?? 0
    }

    /// The first problem with the values, if any.
    var validationError: String? {
        for (name, rate) in [
            ("rate_429", rate429), ("rate_500", rate500), ("rate_timeout", rateTimeout), ("rate_malformed", rateMalformed),
        ]
        where !(0...1).contains(rate) {
            return "\(name) must be between 0 and 1"
        }
        if rate429 + rate500 + rateTimeout + rateMalformed > 1 { return "the fault rates must add up to at most 1" }
        if !(0...60_000).contains(latencyMs) { return "latency_ms must be between 0 and 60000" }
        if !(0...120_000).contains(timeoutMs) { return "timeout_ms must be between 0 and 120000" }
        if !(0...3_600).contains(retryAfterSeconds) { return "retry_after_s must be between 0 and 3600" }
        return nil
    }
}
