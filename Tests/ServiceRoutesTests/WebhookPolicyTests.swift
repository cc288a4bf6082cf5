import Foundation
import HTTPClient
import HTTPServer
import Notifications
import PaperTradingService
import Postgres
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// Webhooks cannot reach inside, leak their token, follow a redirect, or flood memory: the
/// outbound policy at registration and at every delivery, redacted URLs, capped answers.
@Suite("Webhook outbound policy", .serialized, .tags(.database))
struct WebhookPolicyTests {
    static let refused = [
        "http://example.com/hook", "https://127.0.0.1/hook", "https://127.8.9.10:8900/sim/reset", "https://localhost/hook",
        "https://169.254.169.254/latest/meta-data/", "https://10.1.2.3/", "https://172.16.0.1/", "https://192.168.1.1/",
        "https://100.64.0.1/", "https://0.0.0.0/", "https://224.0.0.1/", "https://[::1]/", "https://[::ffff:127.0.0.1]/",
        "https://[fe80::1]/", "https://[fd00::1]/", "https://2130706433/", "https://0x7f.0.0.1/", "https://user:pw@example.com/",
        "file:///etc/passwd", "gopher://127.0.0.1:5432/_", "dict://127.0.0.1:11211/stat", "ftp://example.com/x",
        "https://example.com /x",
    ]

    @Test func aWebhookAimedInsideOrOffHTTPS_isRefusedAndNothingIsStored() throws {
        let service = try NotificationsTests.strictService()
        defer { service.shutdown() }
        for url in Self.refused {
            let body = String(decoding: try JSONEncoder().encode(["url": url]), as: UTF8.self)
            let response = service.request("POST", "/notifications/webhooks", body: body)
            #expect(response.status == .badRequest && response.errorCode == "invalid_url", "\(url): \(response.text)")
        }
        #expect(service.request("GET", "/notifications/webhooks").text.contains(#""webhooks":[]"#))
    }

    @Test(arguments: [
        ("https://api.telegram.org/bot123456:AAF-planted-token/sendMessage", "https://api.telegram.org/bot***"),
        ("https://hooks.example.com:8443/services/T0/B0/XYZ?key=s3cret", "https://hooks.example.com:8443/ser***"),
        ("https://example.com", "https://example.com"), ("https://example.com/", "https://example.com/***"),
        ("https://a:b@example.com/x", "https://example.com/x***"), ("nonsense", "***"),
    ])
    func redactedURL_keepsSchemeHostAndPortOnly(url: String, expected: String) {
        #expect(RedactedURL.text(of: url) == expected)
    }

    @Test func aTelegramWebhook_showsItsSecretOnceAndItsTokenNever() throws {
        let service = try NotificationsTests.strictService()
        defer { service.shutdown() }
        let token = "123456:AAF-planted-token-\(UUID().uuidString.prefix(8))"
        let created = service.request(
            "POST", "/notifications/webhooks",
            // Telegram's address as a literal, so the test does not wait on (or depend on) DNS.
            body: #"{"url":"https://149.154.167.220/bot\#(token)/sendMessage","format":"telegram","chat_id":"-100"}"#)
        #expect(created.status == .created, "\(created.text)")
        #expect(created.text.contains("\"secret\"") && !created.text.contains(token), "\(created.text)")
        let listed = service.request("GET", "/notifications/webhooks")
        let webhooks = (try JSONSerialization.jsonObject(with: Data(listed.body)) as? [String: Any])?["webhooks"] as? [[String: Any]]
        #expect(webhooks?.first?["url"] as? String == "https://149.154.167.220/bot***")
        #expect(!listed.text.contains(token) && !listed.text.contains("\"secret\""), "\(listed.text)")
    }

    @Test func aHundredWebhooksAtMost_evenWhenCreatedAllAtOnce() throws {
        let service = try NotificationsTests.strictService()
        defer { service.shutdown() }
        let statuses = Locked<[Int]>([])
        // Public address literals: no name to resolve, so the test does not wait on DNS.
        runConcurrently(120) { index in
            let response = service.request("POST", "/notifications/webhooks", body: #"{"url":"https://1.1.1.\#(index)/x"}"#)
            statuses.mutate { $0.append(response.status.code) }
        }
        #expect(statuses.value.filter { $0 == 201 }.count == 100)
        #expect(statuses.value.filter { $0 == 409 }.count == 20)
    }

    /// Registers a webhook to `receiver` carrying a planted token, writes one event, runs a pass,
    /// and returns the delivery as listed, with everything the service answered.
    func deliverOnce(to receiver: ServiceHost, token: String, service: InProcessService) throws -> (listed: String, answers: [String]) {
        let hook = service.request(
            "POST", "/notifications/webhooks", body: #"{"url":"\#(receiver.baseURL())/bot\#(token)/sendMessage?token=\#(token)"}"#)
        #expect(hook.status == .created, "\(hook.text)")
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        try pool.execute("INSERT INTO notification_outbox (kind, payload) VALUES ('cycle_failed', '{}')")
        let pass = service.request("POST", "/notifications/deliver").text
        let listed = service.request("GET", "/notifications/deliveries").text
        let answers = [hook.text, pass, listed, service.request("GET", "/notifications/webhooks").text]
        return (listed, answers)
    }

    @Test func aFailedDelivery_recordsTheStatusNeverTheURLOrTheReceiversBody() throws {
        let service = try NotificationsTests.service()
        defer { service.shutdown() }
        let token = "999:planted-\(UUID().uuidString.prefix(8))"
        let receiver = try WebhookReceiver.start { _ in .text("internal detail \(token)", status: .internalServerError) }
        defer { receiver.stop() }
        let (listed, answers) = try deliverOnce(to: receiver, token: token, service: service)
        #expect(listed.contains(#""last_error":"HTTP 500""#), "\(listed)")
        for answer in answers { #expect(!answer.contains(token) && !answer.contains("internal detail"), "\(answer)") }
    }

    @Test func aRedirectingReceiver_isNotFollowed() throws {
        let service = try NotificationsTests.service()
        defer { service.shutdown() }
        let followed = Locked(0)
        let target = try WebhookReceiver.start { _ in
            followed.mutate { $0 += 1 }
            return .json(["ok": true])
        }
        defer { target.stop() }
        let redirecting = try WebhookReceiver.start { _ in
            HTTPResponse(
                status: HTTPStatus(307, "Temporary Redirect"), headers: HTTPHeaders([("Location", target.baseURL() + "/botX/sendMessage")]))
        }
        defer { redirecting.stop() }
        let (listed, _) = try deliverOnce(to: redirecting, token: "1:redirect", service: service)
        #expect(listed.contains("HTTP 307 (redirects are not followed)"), "\(listed)")
        #expect(followed.value == 0)
    }

    @Test func aGzipBombFromAReceiver_isCutAtTheCap() throws {
        let service = try NotificationsTests.service()
        defer { service.shutdown() }
        // 200 MB of zeros, gzipped by the system's gzip to about 200 KB.
        let bomb = try WebhookReceiver.gzipBomb()
        #expect(bomb.count < 400_000)
        let receiver = try WebhookReceiver.start { _ in
            HTTPResponse(
                status: .ok, headers: HTTPHeaders([("Content-Encoding", "gzip"), ("Content-Type", "text/plain")]), body: bomb)
        }
        defer { receiver.stop() }
        let (listed, _) = try deliverOnce(to: receiver, token: "1:bomb", service: service)
        #expect(listed.contains("the answer is larger than 65536 bytes"), "\(listed)")
        #expect(listed.contains(#""status":"pending""#))
    }

    /// A worker whose lease ran out (another took the delivery) can neither send it again nor
    /// write its outcome; the new holder's outcome stands.
    @Test func aLostLease_cannotSendOrRecord_theNewHolderCan() throws {
        let service = try NotificationsTests.service()
        defer { service.shutdown() }
        #expect(service.request("POST", "/notifications/webhooks", body: #"{"url":"https://1.1.1.1/hook"}"#).status == .created)
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        try pool.execute("INSERT INTO notification_outbox (kind, payload) VALUES ('cycle_failed', '{}')")
        let deliveries = DeliveryRepository(pool: pool)
        let first = try #require(try deliveries.lease(limit: 10, lease: 30).first)
        try pool.execute("UPDATE notification_deliveries SET leased_until = now() - interval '1 second'")
        let second = try #require(try deliveries.lease(limit: 10, lease: 30).first)
        #expect(first.deliveryID == second.deliveryID && first.leaseToken != second.leaseToken)
        #expect(try !deliveries.renew(first, lease: 30))
        #expect(try !deliveries.delivered(first, status: 200))
        #expect(try !deliveries.failed(first, status: 500, error: "HTTP 500", retryAfter: 0, dead: true))
        #expect(try deliveries.renew(second, lease: 30))
        #expect(try deliveries.delivered(second, status: 200))
        let status: String = try pool.execute("SELECT status FROM notification_deliveries")[0].decode("status")
        #expect(status == "delivered")
    }
}
