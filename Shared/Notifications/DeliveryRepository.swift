import Foundation
import Postgres
import PrescientCore

/// `notification_outbox` and `notification_deliveries`: the events and their deliveries to each
/// webhook — leased to one worker at a time (`FOR UPDATE SKIP LOCKED`, then a lease that a
/// worker which died lets expire), retried with backoff, dead after the last attempt, replayable.
/// Owns that SQL.
public struct DeliveryRepository: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// One delivery to make: the event and where it goes.
    public struct Due: Sendable {
        public let deliveryID: String
        public let attempt: Int
        public let eventID: Int64
        public let kind: String
        public let portfolioID: PortfolioID?
        public let payload: String
        public let createdAt: Date
        public let url: String
        public let format: String
        public let secret: String
        public let chatID: String?
        /// Proves this worker holds the lease: results are recorded only with it.
        public let leaseToken: String
    }

    /// Leases up to `limit` due deliveries for `lease` seconds, counting the attempt; those in
    /// `excluding` (already tried in this pass) wait for the next.
    public func lease(limit: Int, lease: Double, excluding: [String] = []) throws -> [Due] {
        try pool.execute(
            """
            WITH due AS (
                SELECT id FROM notification_deliveries
                WHERE status = 'pending' AND next_attempt_at <= now() AND (leased_until IS NULL OR leased_until < now())
                  AND NOT (id = ANY(\(excluding)::uuid[]))
                ORDER BY next_attempt_at, event_id LIMIT \(limit) FOR UPDATE SKIP LOCKED),
            leased AS (
                UPDATE notification_deliveries d SET leased_until = now() + make_interval(secs => \(lease)), attempts = d.attempts + 1,
                    lease_token = gen_random_uuid()
                FROM due WHERE d.id = due.id RETURNING d.id, d.attempts, d.event_id, d.webhook_id, d.lease_token)
            SELECT l.id::text AS id, l.attempts, e.id AS event_id, e.kind, e.portfolio_id, e.payload::text AS payload, e.created_at,
                   w.url, w.format, w.secret, w.chat_id, l.lease_token::text AS lease_token
            FROM leased l JOIN notification_outbox e ON e.id = l.event_id JOIN webhooks w ON w.id = l.webhook_id
            ORDER BY e.id
            """
        ).rows.map { row in
            Due(
                deliveryID: try row.decode("id"), attempt: try row.decode("attempts"), eventID: try row.decode("event_id"),
                kind: try row.decode("kind"), portfolioID: try row.decodeIfPresent("portfolio_id"), payload: try row.decode("payload"),
                createdAt: try row.decode("created_at"), url: try row.decode("url"), format: try row.decode("format"),
                secret: try row.decode("secret"), chatID: try row.decodeIfPresent("chat_id"), leaseToken: try row.decode("lease_token"))
        }
    }

    /// Forgets events older than `days` whose deliveries are all finished (delivered or dead),
    /// at most `limit` a call; returns how many.
    @discardableResult
    public func prune(olderThanDays days: Double, limit: Int = 10_000) throws -> Int {
        try pool.execute(
            """
            WITH old AS (
                SELECT e.id FROM notification_outbox e
                WHERE e.created_at < now() - make_interval(secs => \(days * 86_400))
                  AND NOT EXISTS (SELECT 1 FROM notification_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
                ORDER BY e.id LIMIT \(limit)),
            gone AS (DELETE FROM notification_deliveries d USING old WHERE d.event_id = old.id)
            DELETE FROM notification_outbox e USING old WHERE e.id = old.id
            """
        ).affectedRows
    }

    /// Extends the lease of `due` for `lease` seconds from now, just before it is sent; false when
    /// the lease was lost (it expired and another worker took the delivery): then it is not sent.
    public func renew(_ due: Due, lease: Double) throws -> Bool {
        try pool.execute(
            """
            UPDATE notification_deliveries SET leased_until = now() + make_interval(secs => \(lease))
            WHERE id = \(due.deliveryID)::uuid AND lease_token = \(due.leaseToken)::uuid AND status = 'pending'
            """
        ).affectedRows == 1
    }

    /// Records a delivery made under `lease`; false (nothing written) when the lease was lost.
    @discardableResult
    public func delivered(_ due: Due, status: Int) throws -> Bool {
        try pool.execute(
            """
            UPDATE notification_deliveries SET status = 'delivered', delivered_at = now(), last_status = \(status), last_error = NULL,
                leased_until = NULL, lease_token = NULL
            WHERE id = \(due.deliveryID)::uuid AND lease_token = \(due.leaseToken)::uuid AND status = 'pending'
            """
        ).affectedRows == 1
    }

    /// Records a failed attempt made under `due`'s lease: retried after `retryAfter` seconds, or
    /// dead when `dead`. `error` is a short reason (a status, a rule), never a URL or a body.
    /// False (nothing written) when the lease was lost.
    @discardableResult
    public func failed(_ due: Due, status: Int?, error: String, retryAfter: Double, dead: Bool) throws -> Bool {
        try pool.execute(
            """
            UPDATE notification_deliveries SET status = CASE WHEN \(dead) THEN 'dead' ELSE 'pending' END, last_status = \(status),
                last_error = \(String(error.prefix(300))), leased_until = NULL, lease_token = NULL,
                next_attempt_at = now() + make_interval(secs => \(retryAfter))
            WHERE id = \(due.deliveryID)::uuid AND lease_token = \(due.leaseToken)::uuid AND status = 'pending'
            """
        ).affectedRows == 1
    }

    /// Sends a delivery again (dead or delivered): pending now, its attempts counted afresh.
    /// False when there is no such delivery.
    public func replay(_ id: String) throws -> Bool {
        try pool.execute(
            """
            UPDATE notification_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), leased_until = NULL,
                lease_token = NULL
            WHERE id = \(id)::uuid
            """
        ).affectedRows == 1
    }

    /// A delivery as listed.
    public struct Listed: Sendable, Encodable {
        public let id: String
        public let eventID: Int64
        public let kind: String
        public let webhookID: Int64
        public let status: String
        public let attempts: Int
        public let nextAttemptAt: Date
        public let lastStatus: Int?
        public let lastError: String?
        public let deliveredAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, kind, status, attempts
            case eventID = "event_id", webhookID = "webhook_id", nextAttemptAt = "next_attempt_at", lastStatus = "last_status"
            case lastError = "last_error", deliveredAt = "delivered_at"
        }
    }

    public func list(status: String?, limit: Int) throws -> [Listed] {
        try pool.execute(
            """
            SELECT d.id::text AS id, d.event_id, e.kind, d.webhook_id, d.status, d.attempts, d.next_attempt_at, d.last_status,
                   d.last_error, d.delivered_at
            FROM notification_deliveries d JOIN notification_outbox e ON e.id = d.event_id
            WHERE (\(status)::text IS NULL OR d.status = \(status)) ORDER BY d.created_at DESC, d.event_id DESC LIMIT \(limit)
            """
        ).rows.map { row in
            Listed(
                id: try row.decode("id"), eventID: try row.decode("event_id"), kind: try row.decode("kind"),
                webhookID: try row.decode("webhook_id"), status: try row.decode("status"), attempts: try row.decode("attempts"),
                nextAttemptAt: try row.decode("next_attempt_at"), lastStatus: try row.decodeIfPresent("last_status"),
                lastError: try row.decodeIfPresent("last_error"), deliveredAt: try row.decodeIfPresent("delivered_at"))
        }
    }

    /// An outbox event as listed.
    public struct Event: Sendable, Encodable {
        public let id: Int64
        public let kind: String
        public let portfolioID: PortfolioID?
        public let payload: JSONValue
        public let createdAt: Date

        enum CodingKeys: String, CodingKey {
            case id, kind, payload
            case portfolioID = "portfolio_id", createdAt = "created_at"
        }
    }

    public func events(limit: Int) throws -> [Event] {
        try pool.execute(
            "SELECT id, kind, portfolio_id, payload::text AS payload, created_at FROM notification_outbox ORDER BY id DESC LIMIT \(limit)"
        ).rows.map { row in
            Event(
                id: try row.decode("id"), kind: try row.decode("kind"), portfolioID: try row.decodeIfPresent("portfolio_id"),
                payload: try JSONDecoder().decode(JSONValue.self, from: Data(try row.decode("payload", as: String.self).utf8)),
                createdAt: try row.decode("created_at"))
        }
    }
}
