import Foundation
import HTTPServer

/// Injects the configured faults into Polymarket API routes; `/sim/*`, health and metrics are
/// never faulted so tests can always steer and observe the simulator.
struct FaultInjector: HTTPMiddleware {
    let state: SimulatorState

    /// The simulator's own routes (control, health, metrics), as opposed to Polymarket's.
    static func isSimulatorOwn(_ path: String) -> Bool {
        path.hasPrefix("/sim/") || path.hasPrefix("/health") || path == "/metrics"
    }

    func respond(to request: HTTPRequest, next: any HTTPResponder) throws -> HTTPResponse {
        if Self.isSimulatorOwn(request.path) {
            return try next.respond(to: request)
        }
        let faults = state.faultSettings
        if faults.latencyMs > 0 { Thread.sleep(forTimeInterval: Double(faults.latencyMs) / 1000) }
        let draw = state.draw()
        var threshold = faults.rate429
        if draw < threshold {
            throw HTTPError(
                .tooManyRequests, code: "rate_limited", message: "simulated 429",
                headers: [("Retry-After", String(faults.retryAfterSeconds))])
        }
        threshold += faults.rate500
        if draw < threshold {
            throw HTTPError(.internalServerError, code: "simulated_failure", message: "simulated 500")
        }
        threshold += faults.rateTimeout
        if draw < threshold {
            Thread.sleep(forTimeInterval: Double(faults.timeoutMs) / 1000)
            throw HTTPError(.gatewayTimeout, code: "simulated_timeout", message: "simulated stall")
        }
        threshold += faults.rateMalformed
        if draw < threshold {
            let response = try next.respond(to: request)
            let cut = max(1, response.body.count / 2)
            return HTTPResponse(status: .ok, headers: response.headers, body: Array(response.body.prefix(cut)))
        }
        return try next.respond(to: request)
    }
}
