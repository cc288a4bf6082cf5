import Foundation
import HTTPServer

/// Refuses a state-changing request sent by a browser page of another origin, token or not, so
/// a page on any site (or another port of this host) cannot make an operator's browser trade:
/// `Sec-Fetch-Site` `cross-site` or `same-site` (browsers send it on every request), or, from a
/// browser without it, an `Origin` other than this host's own (`null` included). Requests without
/// either header — curl, scripts, the services calling each other — and a page of the same origin
/// pass. 403 `cross_origin_refused`.
public struct CrossOriginGuard: StateChangeCheck {
    public let router: Router

    public init(router: Router) {
        self.router = router
    }

    /// Refuses a cross-origin request to a route that changes state.
    public func check(_ request: HTTPRequest, changesState: Bool) throws {
        guard changesState else { return }
        if let site = request.headers["Sec-Fetch-Site"]?.lowercased() {
            guard site == "same-origin" || site == "none" else { throw refusal("Sec-Fetch-Site is \(site.prefix(40))") }
        } else if let origin = request.headers["Origin"] {
            guard let host = request.headers["Host"], Self.host(ofOrigin: origin) == host.lowercased() else {
                throw refusal("Origin \(origin.prefix(100)) is not this host")
            }
        }
    }

    /// `http://127.0.0.1:8004` → `127.0.0.1:8004`; nil for `null` or anything not http(s).
    static func host(ofOrigin origin: String) -> String? {
        let lowered = origin.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            let rest = lowered.dropFirst(scheme.count)
            return rest.isEmpty || rest.contains("/") ? nil : String(rest)
        }
        return nil
    }

    func refusal(_ why: String) -> HTTPError {
        HTTPError(
            .forbidden, code: "cross_origin_refused",
            message: "this endpoint changes state and is not accepted from a page of another origin (\(why))")
    }
}
