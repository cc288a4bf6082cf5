import Foundation
import HTTPServer

/// Answers only for the host names it is meant to be reached by (`PRESCIENT_ALLOWED_HOSTS`):
/// a request whose `Host` names another is refused with 421 `misdirected_request`, so a page on
/// a name an attacker controls that re-resolves to this address (DNS rebinding) cannot drive the
/// API from a browser. Names match without their port, case-insensitively; an entry starting
/// with `.` matches every name under it; `*` allows any. The health probes answer for any host (an
/// orchestrator's probes name the pod's address); a request without `Host` (HTTP/1.0) passes.
public struct HostAllowList: HTTPMiddleware {
    let allowed: Set<String>
    let suffixes: [String]
    let anyHost: Bool

    public init(_ entries: [String]) {
        let lowered = entries.map { Self.name(of: $0.trimmingCharacters(in: .whitespaces).lowercased()) }.filter { !$0.isEmpty }
        anyHost = lowered.contains("*")
        allowed = Set(lowered.filter { !$0.hasPrefix(".") })
        suffixes = lowered.filter { $0.hasPrefix(".") }
    }

    public func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        try check(request)
        return try next.respond(to: request)
    }

    /// Refuses a request for a host not on the list; needs only the head.
    public func check(_ request: HTTPRequest) throws {
        guard !anyHost, let header = request.headers["Host"], !Self.probes.contains(request.path) else { return }
        let name = Self.name(of: header.lowercased())
        guard allowed.contains(name) || suffixes.contains(where: { name.hasSuffix($0) }) else {
            throw HTTPError(
                HTTPStatus(421, "Misdirected Request"), code: "misdirected_request",
                message:
                    "this service does not answer for the host '\(header.prefix(100))' (PRESCIENT_ALLOWED_HOSTS lists the names it answers for)"
            )
        }
    }

    /// Answered for any host: an orchestrator's probes name the pod's address. (`/metrics` is not:
    /// a scraper names the service, or its address is added to the list.)
    static let probes: Set<String> = ["/health", "/health/live", "/health/ready"]

    /// The host name of a `Host` value or list entry without its port: `a:8003` → `a`, `[::1]:80` → `::1`.
    static func name(of host: String) -> String {
        if host.hasPrefix("["), let end = host.firstIndex(of: "]") { return String(host[host.index(after: host.startIndex)..<end]) }
        if host.filter({ $0 == ":" }).count == 1, let colon = host.firstIndex(of: ":") { return String(host[..<colon]) }
        return host
    }

    /// The names a service answers for when `PRESCIENT_ALLOWED_HOSTS` is unset: this machine's
    /// loopback names and the bound address, unless that is a wildcard (`0.0.0.0` names no host a
    /// client should use, and browsers have been tricked into sending to it).
    public static func defaults(boundHost: String) -> [String] {
        ["localhost", "127.0.0.1", "::1"] + (["0.0.0.0", "::", "[::]", ""].contains(boundHost) ? [] : [boundHost])
    }
}
