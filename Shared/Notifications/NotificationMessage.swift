import Foundation
import PrescientCore

/// The body a delivery sends. `json`: `{"delivery_id","event_id","kind","portfolio_id",
/// "created_at","payload"}` — the delivery id is the same on every attempt, so a receiver can
/// drop duplicates. `telegram`: the Bot API's `sendMessage` body, `{"chat_id","text",
/// "parse_mode":"HTML","disable_web_page_preview":true}`, with a short human text of the event
/// (the webhook's URL is then `https://api.telegram.org/bot<token>/sendMessage`).
public enum NotificationMessage {
    public static func body(_ due: DeliveryRepository.Due) throws -> [UInt8] {
        let payload = try JSONDecoder().decode(JSONValue.self, from: Data(due.payload.utf8))
        if due.format == "telegram" {
            return try encode(
                TelegramMessage(chatID: due.chatID ?? "", text: telegramText(kind: due.kind, payload: payload, eventID: due.eventID)))
        }
        return try encode(
            Envelope(
                deliveryID: due.deliveryID, eventID: due.eventID, kind: due.kind, portfolioID: due.portfolioID,
                createdAt: due.createdAt, payload: payload))
    }

    struct Envelope: Encodable {
        let deliveryID: String
        let eventID: Int64
        let kind: String
        let portfolioID: PortfolioID?
        let createdAt: Date
        let payload: JSONValue

        enum CodingKeys: String, CodingKey {
            case kind, payload
            case deliveryID = "delivery_id", eventID = "event_id", portfolioID = "portfolio_id", createdAt = "created_at"
        }
    }

    struct TelegramMessage: Encodable {
        let chatID: String
        let text: String
        let parseMode = "HTML"
        let disableWebPagePreview = true

        enum CodingKeys: String, CodingKey {
            case text
            case chatID = "chat_id", parseMode = "parse_mode", disableWebPagePreview = "disable_web_page_preview"
        }
    }

    /// One or two lines an operator reads on a phone; values HTML-escaped.
    public static func telegramText(kind: String, payload: JSONValue, eventID: Int64) -> String {
        func field(_ key: String) -> String {
            guard case .object(let object) = payload, let value = object[key] else { return "?" }
            switch value {
            case .string(let text): return escape(text)
            case .number(let number): return DecimalText.format(number)
            case .bool(let flag): return flag ? "true" : "false"
            case .null: return "-"
            default: return "…"
            }
        }
        let who = "<b>\(field("portfolio"))</b> (\(field("strategy")))"
        switch kind {
        case "trade_executed":
            return
                "🟢 \(who) bought \(field("shares")) \(field("outcome")) at \(field("price")) ($\(field("amount")), fee \(field("fee")))\n"
                + "\(field("question"))\n<i>\(field("reason"))</i>"
        case "exit_taken":
            return
                "🔴 \(who) sold \(field("shares")) \(field("outcome")) at \(field("price")) ($\(field("amount"))), realised \(field("realized_pnl"))\n"
                + "\(field("question"))\n<i>\(field("reason"))</i>"
        case "settlement":
            return
                "🏁 \(who) settled \(field("shares")) shares: \(field("resolution")), paid $\(field("payout")), P&L \(field("realized_pnl"))\n"
                + field("question")
        case "breaker_tripped":
            return "⛔ \(who) halted by the drawdown breaker\n\(field("reason"))"
        case "cycle_failed":
            return "⚠️ \(who) cycle \(field("cycle_id")) failed at \(field("step")): \(field("error"))"
        case "smart_money_alert":
            return "🐋 smart money \(field("alert_kind")): \(field("summary"))"
        default:
            return "event \(eventID): \(escape(kind))"
        }
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }

    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
