import Foundation
import Postgres

/// `webhooks`: where notifications go. Owns that SQL.
public struct WebhookRepository: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The most webhooks active at once (each event fans out to at most this many deliveries).
    public static let maxActive = 100

    /// Stores a webhook (active) and returns it with its secret; nil when `maxActive` are already
    /// active (counted under a lock, so concurrent creations cannot pass the cap together).
    public func create(name: String, url: String, format: String, secret: String, chatID: String?, kinds: [String]) throws -> Webhook? {
        let rows = try pool.withTransaction { transaction in
            try transaction.execute("SELECT pg_advisory_xact_lock(hashtext('webhooks'))")
            return try transaction.execute(
                """
                INSERT INTO webhooks (name, url, format, secret, chat_id, kinds)
                SELECT \(name), \(url), \(format), \(secret), \(chatID), \(kinds)::text[]
                WHERE (SELECT count(*) FROM webhooks WHERE active) < \(Self.maxActive)
                RETURNING \(unescaped: Self.columns)
                """
            ).rows
        }
        guard let row = rows.first else { return nil }
        var created = try Self.webhook(row)
        created.secret = secret
        return created
    }

    public func list() throws -> [Webhook] {
        try pool.execute("SELECT \(unescaped: Self.columns) FROM webhooks ORDER BY id").rows.map(Self.webhook)
    }

    /// Stops a webhook getting new events (its past deliveries stay); false when unknown.
    public func deactivate(id: Int64) throws -> Bool {
        try pool.execute("UPDATE webhooks SET active = false WHERE id = \(id)").affectedRows == 1
    }

    static let columns = "id, name, url, format, chat_id, array_to_json(kinds)::text AS kinds, active, created_at"

    /// A webhook as shown: its URL redacted (`RedactedURL`), its secret not read.
    static func webhook(_ row: PostgresRow) throws -> Webhook {
        Webhook(
            id: try row.decode("id"), name: try row.decode("name"), url: RedactedURL.text(of: try row.decode("url")),
            format: try row.decode("format"),
            chatID: try row.decodeIfPresent("chat_id"),
            kinds: try JSONDecoder().decode([String].self, from: Data(try row.decode("kinds", as: String.self).utf8)),
            active: try row.decode("active"),
            createdAt: try row.decode("created_at"), secret: nil)
    }
}
