import HTTPServer
import Postgres
import PrescientCore

/// The health probes answered on the server's event loop, never queued behind handlers: liveness
/// at once, readiness from the last database check, which a background thread repeats every
/// second on a connection of its own (a pool exhausted by requests does not stall it). A flood
/// that holds every worker cannot make an orchestrator think the service dead.
final class LoopHealth: Sendable {
    private let live: HTTPResponse
    private let ready: Locked<HTTPResponse>
    private let check: PeriodicTask
    private let context: ServiceContext
    /// A one-connection pool of its own for the check.
    private let probe: PostgresPool?

    init(context: ServiceContext) {
        self.context = context
        live = HealthRoutes.live(context)
        ready = Locked(
            HTTPResponse(error: HTTPError(.serviceUnavailable, code: "starting", message: "the service is starting")))
        let probe = context.database.map { PostgresPool(connectionString: $0.connectionString, maxConnections: 1) }
        self.probe = probe
        let ready = ready
        check = PeriodicTask(name: "readiness", interval: 1) {
            ready.mutate { $0 = HealthRoutes.readiness(context, database: probe) }
        }
    }

    func start() {
        ready.mutate { $0 = HealthRoutes.readiness(context, database: probe) }
        check.start()
    }

    func stop() {
        check.stop()
        probe?.close()
    }

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
