import Foundation
import HTTPClient
import HTTPServer
import Logging
import Notifications
import Postgres
import PrescientCore
import ServiceKit

/// The notification routes of the paper trading service, and the delivery worker it runs every
/// `NOTIFY_INTERVAL_S` (2; 0 turns it off): webhooks (`POST`, `GET`, `DELETE
/// /notifications/webhooks`), the outbox (`GET /notifications/events`), deliveries (`GET
/// /notifications/deliveries?status=`, `POST /notifications/deliveries/{id}/replay`) and a pass
/// now (`POST /notifications/deliver`). Settings: `NOTIFY_BACKOFF_S` (5), `NOTIFY_MAX_ATTEMPTS`
/// (8), `NOTIFY_LEASE_S` (30, more than twice the timeout), `NOTIFY_TIMEOUT_S` (10), `NOTIFY_RETENTION_DAYS` (30: older events whose
/// deliveries are finished are forgotten by the next pass), and the outbound policy:
/// `NOTIFY_ALLOW_HTTP` and `NOTIFY_ALLOW_PRIVATE` (both off: https to public addresses only).
struct NotificationRoutes {
    let webhooks: WebhookRepository
    let policy: OutboundPolicy
    let deliveries: DeliveryRepository
    let worker: NotificationWorker
    let task: PeriodicTask?

    init(pool: PostgresPool, environment: EnvironmentReader, logger: Logger) throws {
        webhooks = WebhookRepository(pool: pool)
        deliveries = DeliveryRepository(pool: pool)
        var settings = NotificationWorker.Settings()
        settings.backoff = try environment.double("NOTIFY_BACKOFF_S", default: 5, range: 0...3_600)
        settings.maxAttempts = try environment.int("NOTIFY_MAX_ATTEMPTS", default: 8, range: 1...100)
        settings.lease = try environment.double("NOTIFY_LEASE_S", default: 30, range: 1...3_600)
        settings.timeout = try environment.double("NOTIFY_TIMEOUT_S", default: 10, range: 0.5...300)
        settings.retentionDays = try environment.double("NOTIFY_RETENTION_DAYS", default: 30, range: 1...3_650)
        guard settings.lease >= 2 * settings.timeout else {
            // A send must end well inside its lease, or a second worker could send it at the same time.
            throw ConfigurationError(variable: "NOTIFY_LEASE_S", problem: "must be at least twice NOTIFY_TIMEOUT_S (\(settings.timeout))")
        }
        settings.policy = OutboundPolicy(
            allowHTTP: try environment.flag("NOTIFY_ALLOW_HTTP"), allowPrivate: try environment.flag("NOTIFY_ALLOW_PRIVATE"))
        if settings.policy.allowPrivate || settings.policy.allowHTTP {
            logger.warning(
                "webhooks may reach inside: the outbound policy is widened",
                metadata: ["allow_http": "\(settings.policy.allowHTTP)", "allow_private": "\(settings.policy.allowPrivate)"])
        }
        policy = settings.policy
        let worker = NotificationWorker(deliveries: deliveries, settings: settings, logger: logger)
        self.worker = worker
        let interval = try environment.double("NOTIFY_INTERVAL_S", default: 2, range: 0...3_600)
        task =
            interval > 0
            ? PeriodicTask(name: "notifications", interval: interval) {
                do {
                    _ = try worker.run()
                } catch {
                    logger.error("notification pass failed", metadata: ["error": "\(error)"])
                }
            } : nil
    }

    func register(on router: inout Router) {
        router.post("/notifications/webhooks") { [webhooks, policy] request in
            let fields = try JSONFields(request, allowed: ["name", "url", "format", "secret", "chat_id", "kinds"])
            let url = try fields.requiredString("url")
            let host: String
            do {
                // Checked again, and the address pinned, at every delivery.
                host = try policy.vet(url, requireAddress: false).host
            } catch let refusal as OutboundRefusal {
                throw HTTPError.badRequest("field 'url' is refused: \(refusal.reason)", code: "invalid_url")
            }
            let format = try fields.string("format") ?? "json"
            guard Webhook.formats.contains(format) else {
                throw HTTPError.badRequest("field 'format' must be json or telegram", code: "invalid_field")
            }
            let chatID = try fields.string("chat_id")
            guard format != "telegram" || !(chatID ?? "").isEmpty else {
                throw HTTPError.badRequest("a telegram webhook needs 'chat_id'", code: "missing_field")
            }
            let kinds = try Self.kinds(fields)
            let name = try fields.string("name") ?? host
            guard (1...200).contains(name.count) else {
                throw HTTPError.badRequest("field 'name' must have 1 to 200 characters", code: "invalid_field")
            }
            let secret = try fields.string("secret") ?? (try WebhookSignature.newSecret())
            guard (16...500).contains(secret.count) else {
                throw HTTPError.badRequest("field 'secret' must have 16 to 500 characters", code: "invalid_field")
            }
            guard let created = try webhooks.create(name: name, url: url, format: format, secret: secret, chatID: chatID, kinds: kinds)
            else {
                throw HTTPError(
                    .conflict, code: "too_many_webhooks",
                    message: "\(WebhookRepository.maxActive) webhooks are active; delete one before adding another")
            }
            return .json(created, status: .created)
        }
        router.get("/notifications/webhooks") { [webhooks] _ in .json(["webhooks": try webhooks.list()]) }
        router.delete("/notifications/webhooks/{id}") { [webhooks] request in
            let id = try Self.id(request)
            guard try webhooks.deactivate(id: id) else { throw HTTPError.notFound("no webhook with id \(id)") }
            return .json(["id": id])
        }
        router.get("/notifications/events") { [deliveries] request in
            .json(["events": try deliveries.events(limit: try request.queryInt("limit", default: 50, range: 1...1_000) ?? 50)])
        }
        router.get("/notifications/deliveries") { [deliveries] request in
            let status = request.query["status"]
            guard status == nil || ["pending", "delivered", "dead"].contains(status!) else {
                throw HTTPError.badRequest("query parameter 'status' must be pending, delivered or dead", code: "invalid_parameter")
            }
            return .json([
                "deliveries": try deliveries.list(
                    status: status, limit: try request.queryInt("limit", default: 100, range: 1...1_000) ?? 100)
            ])
        }
        router.post("/notifications/deliveries/{id}/replay") { [deliveries] request in
            let id = request.pathParameters["id"] ?? ""
            guard UUID(uuidString: id) != nil else {
                throw HTTPError.badRequest("a delivery id is a UUID, not '\(id.prefix(60))'", code: "invalid_parameter")
            }
            guard try deliveries.replay(id) else { throw HTTPError.notFound("no delivery with id \(id)") }
            return .json(["id": id, "status": "pending"])
        }
        router.post("/notifications/deliver") { [worker] _ in .json(try worker.run()) }
    }

    static func kinds(_ fields: JSONFields) throws -> [String] {
        guard let value = fields.values["kinds"] else { return [] }
        guard case .array(let items) = value else {
            throw HTTPError.badRequest("field 'kinds' must be an array of event kinds", code: "invalid_field")
        }
        return try items.map { item in
            guard case .string(let kind) = item, Webhook.kinds.contains(kind) else {
                throw HTTPError.badRequest(
                    "field 'kinds' may hold only \(Webhook.kinds.joined(separator: ", "))", code: "invalid_field")
            }
            return kind
        }
    }

    static func id(_ request: HTTPRequest) throws -> Int64 {
        guard let id = Int64(request.pathParameters["id"] ?? ""), id > 0 else {
            throw HTTPError.badRequest("a webhook id is a positive integer", code: "invalid_parameter")
        }
        return id
    }
}
