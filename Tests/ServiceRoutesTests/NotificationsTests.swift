import Foundation
import HTTPServer
import Notifications
import PaperTradingService
import Postgres
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// Notifications through the paper trading service's routes and its database: every kind of
/// event lands in the outbox in the same transaction as the row that records it (and a rolled
/// back one leaves nothing), fans out to the webhooks that want it, and reaches a real receiver
/// signed, in the suite's JSON or as a Telegram `sendMessage`; a receiver that cannot be reached
/// is retried, then dead, then replayable; bad webhook settings are 400s naming the problem.
@Suite("Notifications", .serialized, .tags(.database))
struct NotificationsTests {
    /// Paper trading whose webhooks may reach this host's receivers over plain http.
    static func service(_ extra: [String: String] = [:]) throws -> InProcessService {
        try strictService(["NOTIFY_ALLOW_HTTP": "1", "NOTIFY_ALLOW_PRIVATE": "1"].merging(extra) { $1 })
    }

    /// Paper trading with the default outbound policy: https to public addresses only.
    static func strictService(_ extra: [String: String] = [:]) throws -> InProcessService {
        try InProcessService.make(
            name: "paper-trading",
            environment: ["PRICE_UPDATE_INTERVAL_S": "3600", "NOTIFY_INTERVAL_S": "0", "NOTIFY_BACKOFF_S": "0"].merging(extra) { $1 }
        ) { try PaperTradingService.routes(context: $0) }
    }

    /// A receiver on a real port that records each request's headers and body and answers 200.
    final class Receiver: Sendable {
        let requests = Locked<[(headers: HTTPHeaders, body: [UInt8])]>([])
        let host: ServiceHost

        init() throws {
            let requests = requests
            host = try ServiceHost.startedInProcess(name: "receiver") { _ in
                var router = Router()
                router.post("/hook") { request in
                    requests.mutate { $0.append((request.headers, request.body)) }
                    return .json(["ok": true])
                }
                return ServiceRoutes(router: router)
            }
        }

        var url: String { host.baseURL() + "/hook" }
    }

    @Test func everyKindOfEvent_isWrittenWithItsRow_andReachesTheWebhooksThatWantIt() throws {
        let service = try Self.service()
        defer { service.shutdown() }
        let receiver = try Receiver()
        defer { receiver.host.stop() }
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        let all = service.request(
            "POST", "/notifications/webhooks", body: #"{"name":"all","url":"\#(receiver.url)","secret":"0123456789abcdef-secret"}"#)
        #expect(all.status == .created, "\(all.text)")
        let telegram = service.request(
            "POST", "/notifications/webhooks",
            body: #"{"url":"\#(receiver.url)","format":"telegram","chat_id":"-1001","kinds":["breaker_tripped"]}"#)
        #expect(telegram.status == .created, "\(telegram.text)")
        let telegramSecret = try #require(
            (try JSONSerialization.jsonObject(with: Data(telegram.body)) as? [String: Any])?["secret"] as? String)

        // One row of each kind, written the way the suite writes them.
        let portfolio = service.request("POST", "/portfolios", body: #"{"name":"Told","strategy_type":"momentum","initial_balance":1000}"#)
        let id = try #require((try JSONSerialization.jsonObject(with: Data(portfolio.body)) as? [String: Any])?["id"] as? Int)
        try pool.execute(
            """
            INSERT INTO trades (portfolio_id, market_id, token_id, outcome, side, shares, price, amount, position_id)
            VALUES (\(id), 'm1', 't1', 'YES', 'buy', 10, 0.4, 4, NULL)
            """)
        try pool.execute(
            """
            INSERT INTO trades (portfolio_id, market_id, token_id, outcome, side, shares, price, amount, position_id, realized_pnl)
            VALUES (\(id), 'm1', 't1', 'YES', 'sell', 10, 0.5, 5, NULL, 1)
            """)
        let position = try pool.execute(
            """
            INSERT INTO portfolio_positions (portfolio_id, market_id, token_id, outcome, shares, cost_basis)
            VALUES (\(id), 'm3', 't3', 'YES', 10, 4) RETURNING id
            """)[0].decode("id", as: Int64.self)
        try pool.execute(
            """
            INSERT INTO settlements (portfolio_id, position_id, market_id, token_id, resolution, shares, cost_basis, payout, realized_pnl)
            VALUES (\(id), \(position), 'm3', 't3', 'won', 10, 4, 10, 6)
            """)
        try pool.execute(
            """
            INSERT INTO smart_money_alerts (dedupe_key, kind, condition_id, wallets, transaction_hashes, traded_at, side, outcome_index,
                                            notional, confidence, evidence, summary)
            VALUES ('k1', 'whale', '0xc', '{0xw}', '{0xh}', now(), 'BUY', 0, 25000, 0.9, '{}', 'a whale bought YES')
            """)
        try pool.execute("UPDATE portfolios SET status = 'halted', status_reason = 'drawdown breaker: test' WHERE id = \(id)")
        try pool.execute("INSERT INTO trading_cycles (id, portfolio_id, status) VALUES ('c-1', \(id), 'running')")
        try pool.execute("UPDATE trading_cycles SET status = 'failed', current_step = 'generate_signals', error = 'boom' WHERE id = 'c-1'")
        // A trade rolled back leaves no event.
        try? pool.withTransaction { db in
            try db.execute(
                "INSERT INTO trades (portfolio_id, market_id, token_id, outcome, side, shares, price, amount) VALUES (\(id), 'm2', 't2', 'NO', 'buy', 1, 0.5, 0.5)"
            )
            throw TestSetupError("roll back")
        }
        let kinds: [String] = try pool.execute("SELECT kind FROM notification_outbox ORDER BY id").rows.map { try $0.decode("kind") }
        #expect(kinds == ["trade_executed", "exit_taken", "settlement", "smart_money_alert", "breaker_tripped", "cycle_failed"])
        // Each event once per webhook that wants it: six to "all", the halt to telegram.
        #expect(try pool.execute("SELECT count(*) AS n FROM notification_deliveries")[0].decode("n", as: Int.self) == 7)

        let pass = service.request("POST", "/notifications/deliver")
        #expect(pass.status == .ok && pass.text.contains(#""delivered":7"#), "\(pass.text)")
        let received = receiver.requests.value
        #expect(received.count == 7)
        for request in received {
            // The signature, recomputed with the openssl command over "<timestamp>.<body>".
            let timestamp = try #require(request.headers["X-Prescient-Timestamp"])
            let message = timestamp + "." + String(decoding: request.body, as: UTF8.self)
            let forTelegram = String(decoding: request.body, as: UTF8.self).contains(#""chat_id""#)
            let expected = try Self.opensslHMAC(secret: forTelegram ? telegramSecret : "0123456789abcdef-secret", message: message)
            #expect(request.headers["X-Prescient-Signature"] == "sha256=" + expected)
            #expect(UUID(uuidString: request.headers["X-Prescient-Delivery"] ?? "") != nil)
        }
        // The Telegram one is a sendMessage body.
        let telegramBodies = received.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any] }
            .filter { $0["chat_id"] != nil }
        #expect(telegramBodies.count == 1)
        #expect(telegramBodies.first?["chat_id"] as? String == "-1001" && telegramBodies.first?["parse_mode"] as? String == "HTML")
        #expect((telegramBodies.first?["text"] as? String)?.contains("halted by the drawdown breaker") == true)
        // A JSON one carries the trade as recorded.
        let envelopes = received.compactMap { try? JSONSerialization.jsonObject(with: Data($0.body)) as? [String: Any] }
            .filter { $0["kind"] as? String == "trade_executed" }
        let payload = try #require(envelopes.first?["payload"] as? [String: Any])
        #expect(payload["portfolio"] as? String == "Told" && (payload["amount"] as? NSNumber)?.intValue == 4)
        #expect(service.request("POST", "/notifications/deliver").text.contains(#""attempted":0"#))
    }

    @Test func anUnreachableReceiver_isRetriedThenDead_andCanBeReplayed() throws {
        let service = try Self.service(["NOTIFY_MAX_ATTEMPTS": "2"])
        defer { service.shutdown() }
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        let port = try ServiceProcess.freePort()
        #expect(
            service.request("POST", "/notifications/webhooks", body: #"{"url":"http://127.0.0.1:\#(port)/nobody"}"#).status == .created)
        _ = service.request("POST", "/portfolios", body: #"{"name":"Lonely","strategy_type":"momentum"}"#)
        try pool.execute(
            "INSERT INTO trades (portfolio_id, market_id, token_id, outcome, side, shares, price, amount) VALUES (1, 'm', 't', 'YES', 'buy', 1, 0.5, 0.5)"
        )
        #expect(service.request("POST", "/notifications/deliver").text.contains(#""retrying":1"#))
        let pending = service.request("GET", "/notifications/deliveries?status=pending").text
        #expect(pending.contains(#""attempts":1"#) && pending.contains("last_error"), "\(pending)")
        #expect(service.request("POST", "/notifications/deliver").text.contains(#""dead":1"#))
        let dead = try #require(
            (try JSONSerialization.jsonObject(with: Data(service.request("GET", "/notifications/deliveries?status=dead").body))
                as? [String: Any])?["deliveries"] as? [[String: Any]])
        #expect(dead.count == 1)
        let id = try #require(dead.first?["id"] as? String)
        #expect(service.request("POST", "/notifications/deliveries/\(id)/replay").status == .ok)
        #expect(service.request("GET", "/notifications/deliveries?status=pending").text.contains(id))
        #expect(service.request("POST", "/notifications/deliveries/\(UUID().uuidString)/replay").status == .notFound)

        // Retention: old events go once nothing is left to deliver; a pending one stays. (With the
        // webhook stopped, the two events added now get no deliveries.)
        #expect(service.request("DELETE", "/notifications/webhooks/1").status == .ok)
        try pool.execute("UPDATE notification_outbox SET created_at = now() - interval '40 days'")
        try pool.execute(
            "INSERT INTO notification_outbox (kind, payload, created_at) VALUES ('cycle_failed', '{}', now() - interval '40 days'), ('cycle_failed', '{}', now())"
        )
        _ = service.request("POST", "/notifications/deliver")
        // The replayed delivery was retried (pending again), so its event stays with the recent one.
        let kept = try pool.execute("SELECT count(*) AS n FROM notification_outbox")[0].decode("n", as: Int.self)
        #expect(kept == 2, "\(kept) events kept")
        #expect(service.request("POST", "/notifications/deliveries/not-a-uuid/replay").status == .badRequest)
    }

    @Test func badWebhookSettings_areRefusedNamingTheProblem() throws {
        let service = try Self.service()
        defer { service.shutdown() }
        let cases: [(String, String)] = [
            (#"{"url":"ftp://example.com/x"}"#, "invalid_url"),
            (#"{"url":"not a url"}"#, "invalid_url"),
            (#"{"url":"http://"}"#, "invalid_url"),
            (#"{"url":42}"#, "invalid_field"),
            (#"{}"#, "missing_field"),
            (#"{"url":"https://api.telegram.org/botX/sendMessage","format":"telegram"}"#, "missing_field"),
            (#"{"url":"http://example.com","format":"carrier-pigeon"}"#, "invalid_field"),
            (#"{"url":"http://example.com","kinds":["lunch"]}"#, "invalid_field"),
            (#"{"url":"http://example.com","kinds":"trade_executed"}"#, "invalid_field"),
            (#"{"url":"http://example.com","secret":"short"}"#, "invalid_field"),
            (#"{"url":"http://example.com","colour":"red"}"#, "unknown_field"),
            ("{", "invalid_json"),
            (#"{"url":"http://exa\u0000mple.com"}"#, "invalid_json"),
            (#"{"url":"http://example.com/\#(String(repeating: "a", count: 3_000))"}"#, "invalid_url"),
            (#"{"url":"http://example.com","name":"\#(String(repeating: "n", count: 300))"}"#, "invalid_field"),
            (#"{"url":"http://example.com","kinds":[1e40]}"#, "invalid_field"),
            (#"["http://example.com"]"#, "invalid_json"),
        ]
        for (body, code) in cases {
            let response = service.request("POST", "/notifications/webhooks", body: body)
            #expect(response.status == .badRequest && response.errorCode == code, "\(body): \(response.text)")
        }
        #expect(service.request("DELETE", "/notifications/webhooks/99").status == .notFound)
        #expect(service.request("DELETE", "/notifications/webhooks/abc").status == .badRequest)
        #expect(service.request("DELETE", "/notifications/webhooks/99999999999999999999").status == .badRequest)
        #expect(service.request("DELETE", "/notifications/webhooks/-3").status == .badRequest)
        #expect(service.request("GET", "/notifications/deliveries?status=lost").status == .badRequest)
        #expect(service.request("GET", "/notifications/deliveries?limit=abc").status == .badRequest)
        #expect(service.request("GET", "/notifications/deliveries?limit=100000000").status == .badRequest)
        #expect(service.request("GET", "/notifications/events?limit=-1").status == .badRequest)
        #expect(service.request("POST", "/notifications/deliveries/%00/replay").status == .badRequest)
        #expect(service.request("GET", "/notifications/webhooks").text.contains(#""webhooks":[]"#))
    }

    /// HMAC-SHA256 by the openssl command line (a second implementation).
    static func opensslHMAC(secret: String, message: String) throws -> String {
        let path = NSTemporaryDirectory() + "prescient-hmac-\(UUID().uuidString.prefix(8))"
        try Data(message.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // "HMAC-SHA2-256(<file>)= <hex>"
        let output = try Subprocess.run(["/usr/bin/openssl", "dgst", "-sha256", "-hmac", secret, path])
        return String(output.split(separator: " ").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
