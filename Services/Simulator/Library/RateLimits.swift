import Foundation
import HTTPServer
import PrescientCore

/// Polymarket's published rate limits (docs.polymarket.com/api-reference/rate-limits), enforced
/// when switched on (`POST /sim/rate-limits {"enabled":true}` or `SIM_RATE_LIMITS=1`): a request
/// beyond any limit that applies to it gets 429 with `Retry-After` (the seconds until its window
/// has room). The real hosts throttle (delay) instead of refusing; refusing makes a client's
/// pacing testable. Windows slide over 10 seconds, as Cloudflare's do.
final class RateLimiter: Sendable {
    /// Which Polymarket host a request came to.
    enum Host: String, Sendable {
        case gamma, clob, data
    }

    /// One published limit: requests per 10 s on a host, or on one of its paths.
    struct Limit: Sendable {
        let host: Host?
        /// The path it applies to (exact, or a prefix ending in `/`); nil for the host as a whole.
        let path: String?
        let requests: Int

        func applies(to host: Host, path requestPath: String) -> Bool {
            if let own = self.host, own != host { return false }
            guard let path else { return true }
            return path.hasSuffix("/") ? requestPath.hasPrefix(path) : requestPath == path
        }

        var key: String { "\(host?.rawValue ?? "all") \(path ?? "*")" }
    }

    static let window: TimeInterval = 10

    /// The published table.
    static let published: [Limit] = [
        Limit(host: nil, path: nil, requests: 15_000),
        Limit(host: .gamma, path: nil, requests: 4_000), Limit(host: .gamma, path: "/events", requests: 500),
        Limit(host: .gamma, path: "/markets", requests: 300), Limit(host: .gamma, path: "/tags", requests: 200),
        Limit(host: .gamma, path: "/public-search", requests: 350),
        Limit(host: .data, path: nil, requests: 1_000), Limit(host: .data, path: "/trades", requests: 200),
        Limit(host: .data, path: "/positions", requests: 150), Limit(host: .data, path: "/closed-positions", requests: 150),
        Limit(host: .data, path: "/ok", requests: 100),
        Limit(host: .clob, path: nil, requests: 9_000), Limit(host: .clob, path: "/book", requests: 1_500),
        Limit(host: .clob, path: "/books", requests: 500), Limit(host: .clob, path: "/price", requests: 1_500),
        Limit(host: .clob, path: "/prices", requests: 500), Limit(host: .clob, path: "/midpoint", requests: 1_500),
        Limit(host: .clob, path: "/midpoints", requests: 500), Limit(host: .clob, path: "/prices-history", requests: 1_000),
        Limit(host: .clob, path: "/tick-size", requests: 200),
    ]

    /// The times of the requests a limit counted, oldest first, within the last window.
    struct Window: Sendable {
        private var times: [TimeInterval] = []
        private var start = 0

        /// Forgets requests older than the window; returns how many are left and the oldest.
        mutating func prune(now: TimeInterval) -> (count: Int, oldest: TimeInterval?) {
            while start < times.count && now - times[start] >= RateLimiter.window { start += 1 }
            if start > 1_024 && start * 2 > times.count {
                times.removeFirst(start)
                start = 0
            }
            return (times.count - start, start < times.count ? times[start] : nil)
        }

        mutating func record(_ time: TimeInterval) { times.append(time) }
    }

    private let state = Locked<(enabled: Bool, seen: [String: Window])>((false, [:]))

    init(enabled: Bool) {
        state.mutate { $0.enabled = enabled }
    }

    var enabled: Bool {
        get { state.value.enabled }
        set { state.mutate { $0 = (newValue, [:]) } }
    }

    /// Admits the request (recording it against every limit that applies), or returns the
    /// seconds after which the fullest window has room again.
    func admit(host: Host, path: String, now: TimeInterval = Date().timeIntervalSince1970) -> Int? {
        state.mutate { current -> Int? in
            guard current.enabled else { return nil }
            let limits = Self.published.filter { $0.applies(to: host, path: path) }
            var wait: TimeInterval = 0
            for limit in limits {
                let (count, oldest) = current.seen[limit.key, default: Window()].prune(now: now)
                if count >= limit.requests, let oldest { wait = max(wait, oldest + Self.window - now) }
            }
            if wait > 0 { return max(1, Int(wait.rounded(.up))) }
            for limit in limits { current.seen[limit.key, default: Window()].record(now) }
            return nil
        }
    }
}

/// The middleware of one host that asks the shared `RateLimiter` (the simulator's own routes
/// are never limited).
struct RateLimits: HTTPMiddleware {
    let limiter: RateLimiter
    let host: RateLimiter.Host

    func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        if !FaultInjector.isSimulatorOwn(request.path), let retryAfter = limiter.admit(host: host, path: request.path) {
            throw HTTPError(
                .tooManyRequests, code: "rate_limited",
                message: "Too Many Requests: over Polymarket's published limit for \(request.path)",
                headers: [("Retry-After", String(retryAfter))])
        }
        return try next.respond(to: request)
    }
}
