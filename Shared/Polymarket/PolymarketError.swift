/// Why a Polymarket call failed after retries.
public enum PolymarketError: Error, CustomStringConvertible, Sendable {
    /// The API answered with a non-success status.
    case http(status: Int, url: String, body: String)
    /// No response: connection refused, timeout, reset.
    case transport(String)
    /// The circuit breaker for this API is open; the call was not attempted.
    case circuitOpen(api: String, retryInSeconds: Double)
    /// A response arrived but could not be understood.
    case malformed(url: String, reason: String)

    public var description: String {
        switch self {
        case .http(let status, let url, let body): return "HTTP \(status) from \(url): \(body.prefix(200))"
        case .transport(let message): return "transport failure: \(message)"
        case .circuitOpen(let api, let seconds):
            return "circuit open for \(api); retry in \(Int(seconds.rounded(.up))) s"
        case .malformed(let url, let reason): return "malformed response from \(url): \(reason)"
        }
    }

    /// Whether retrying the same request may succeed.
    var isRetryable: Bool {
        switch self {
        case .http(let status, _, _): return status == 429 || status >= 500
        case .transport, .malformed: return true
        case .circuitOpen: return false
        }
    }
}
