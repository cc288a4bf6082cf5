import Foundation
import HTTPServer

/// Requires `Authorization: Bearer <token>` on every route that changes state, whatever its method.
/// Health, metrics and read-only queries stay open. The comparison is constant-time.
public struct AuthMiddleware: StateChangeCheck {
    let token: [UInt8]
    public let router: Router

    public init(token: String, router: Router) {
        self.token = Array(token.utf8)
        self.router = router
    }

    /// Refuses a request to a route that changes state without the token (401).
    public func check(_ request: HTTPRequest, changesState: Bool) throws {
        guard changesState else { return }
        let header = request.headers["Authorization"] ?? ""
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), Self.constantTimeEquals(Array(header.utf8.dropFirst(prefix.utf8.count)), token) else {
            throw HTTPError(
                .unauthorized, code: "unauthorized",
                message: "this endpoint changes state and needs 'Authorization: Bearer <PRESCIENT_API_TOKEN>'",
                headers: [("WWW-Authenticate", "Bearer")])
        }
    }

    /// Compares without an early exit, so timing does not reveal how much of the token matched.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? a[index] : 0
            let right = index < b.count ? b[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
