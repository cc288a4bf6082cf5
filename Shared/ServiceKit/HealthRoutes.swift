import HTTPServer
import Postgres

/// `/health`, `/health/live`, `/health/ready` and `/metrics`, common to every service.
enum HealthRoutes {
    static func register(on router: inout Router, context: ServiceContext) {
        let name = context.configuration.name
        let liveResponse = HTTPResponse.json(["status": "ok", "service": name])
        let live: Router.Handler = { _ in liveResponse }
        router.get("/health", live)
        router.get("/health/live", live)
        router.get("/health/ready") { _ in
            guard let database = context.database else {
                return HTTPResponse.json(["status": "ready", "service": name, "database": "not used"])
            }
            do {
                try database.execute("SELECT 1")
                return HTTPResponse.json(["status": "ready", "service": name, "database": "ok"])
            } catch {
                throw HTTPError(.serviceUnavailable, code: "database_unavailable", message: "database check failed: \(error)")
            }
        }
        router.get("/metrics") { _ in
            HTTPResponse.text(context.metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
