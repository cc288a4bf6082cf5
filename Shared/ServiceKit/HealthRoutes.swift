import HTTPServer
import Logging
import Postgres

/// `/health`, `/health/live`, `/health/ready` and `/metrics`, common to every service.
enum HealthRoutes {
    static func register(on router: inout Router, context: ServiceContext) {
        let liveResponse = live(context)
        let live: Router.Handler = { _ in liveResponse }
        router.get("/health", live)
        router.get("/health/live", live)
        router.get("/health/ready") { _ in readiness(context, database: context.database) }
        router.get("/metrics") { _ in
            HTTPResponse.text(context.metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }

    static func live(_ context: ServiceContext) -> HTTPResponse {
        .json(["status": "ok", "service": context.configuration.name])
    }

    /// Ready when `database` answers (or the service uses none); 503 otherwise, the cause logged.
    static func readiness(_ context: ServiceContext, database: PostgresPool?) -> HTTPResponse {
        let name = context.configuration.name
        guard let database else {
            return .json(["status": "ready", "service": name, "database": "not used"])
        }
        do {
            try database.execute("SELECT 1")
            return .json(["status": "ready", "service": name, "database": "ok"])
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            return HTTPResponse(
                error: HTTPError(
                    .serviceUnavailable, code: "database_unavailable", message: "the database did not answer; retry shortly",
                    headers: [("Retry-After", "1")]))
        }
    }
}
