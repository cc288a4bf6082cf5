import HTTPServer
import PrescientCore

/// The health probes answered on the server's event loop, never queued behind handlers: liveness
/// at once, readiness from the last database check, which a background thread repeats every
/// second. A flood that holds every worker cannot make an orchestrator think the service dead.
final class LoopHealth: Sendable {
    private let live: HTTPResponse
    private let ready: Locked<HTTPResponse>
    private let check: PeriodicTask
    private let context: ServiceContext

    init(context: ServiceContext) {
        self.context = context
        live = HealthRoutes.live(context)
        ready = Locked(
            HTTPResponse(error: HTTPError(.serviceUnavailable, code: "starting", message: "the service is starting")))
        let ready = ready
        check = PeriodicTask(name: "readiness", interval: 1) { ready.mutate { $0 = HealthRoutes.readiness(context) } }
    }

    func start() {
        ready.mutate { $0 = HealthRoutes.readiness(context) }
        check.start()
    }

    func stop() { check.stop() }

    /// The answer to a health probe, or nil for any other request.
    func answer(_ request: HTTPRequest) -> HTTPResponse? {
        guard request.method == "GET" || request.method == "HEAD" else { return nil }
        switch request.path {
        case "/health", "/health/live": return live
        case "/health/ready": return ready.value
        default: return nil
        }
    }
}
