import Foundation
import PrescientCore

/// The one place a Polymarket failure gets the status a caller of ours sees: 503 while the
/// circuit is open (with `Retry-After`), 504 for an upstream timeout, 502 for anything else the
/// upstream did wrong. It holds wherever the failure surfaces, even inside a rolled-back
/// transaction, because the service kit's error mapping reads through those.
extension PolymarketError: DomainError {
    public var kind: DomainErrorKind {
        switch self {
        case .circuitOpen: return .unavailable
        case .transport(let message) where Self.isTimeout(message): return .upstreamTimeout
        case .transport, .http, .malformed: return .upstream
        }
    }

    public var code: String {
        switch self {
        case .circuitOpen: return "upstream_circuit_open"
        case .transport(let message) where Self.isTimeout(message): return "upstream_timeout"
        case .transport: return "upstream_unreachable"
        case .http: return "upstream_error"
        case .malformed: return "upstream_malformed"
        }
    }

    public var message: String {
        switch self {
        case .circuitOpen(let api, let seconds):
            return "Polymarket \(api) API is failing; not retrying for \(Int(seconds.rounded(.up))) s"
        case .transport(let message) where Self.isTimeout(message):
            return "Polymarket did not answer in time: \(message)"
        case .transport(let message):
            return "Polymarket is unreachable: \(message)"
        case .http(let status, let url, _):
            return "Polymarket answered \(status) for \(url) after retries"
        case .malformed(let url, let reason):
            return "Polymarket sent an unreadable answer for \(url): \(reason)"
        }
    }

    public var retryAfterSeconds: Int? {
        if case .circuitOpen(_, let seconds) = self { return Int(seconds.rounded(.up)) }
        return nil
    }

    static func isTimeout(_ message: String) -> Bool {
        message.contains("timeout") || message.contains("Timeout")
    }
}
