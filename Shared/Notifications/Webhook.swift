import Foundation

/// A receiver of notifications: a URL the delivery worker POSTs each event to, in the suite's
/// JSON (`json`) or as a Telegram Bot API `sendMessage` call (`telegram`, with `chat_id`),
/// signed with its secret; `kinds` limits the events it gets (empty: all).
public struct Webhook: Sendable, Codable, Equatable {
    public let id: Int64
    public let name: String
    /// Redacted (`RedactedURL`): the path and query may hold a token.
    public let url: String
    public let format: String
    public let chatID: String?
    public let kinds: [String]
    public let active: Bool
    public let createdAt: Date
    /// Shown once, when the webhook is created; nil in listings.
    public var secret: String?

    enum CodingKeys: String, CodingKey {
        case id, name, url, format, kinds, active, secret
        case chatID = "chat_id", createdAt = "created_at"
    }

    /// The kinds of event the outbox holds (see the V22 migration's triggers).
    public static let kinds = ["trade_executed", "exit_taken", "settlement", "breaker_tripped", "cycle_failed", "smart_money_alert"]
    public static let formats = ["json", "telegram"]
}
