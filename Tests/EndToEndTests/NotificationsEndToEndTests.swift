import Foundation
import HTTPClient
import HTTPServer
import Postgres
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// Notifications survive their worker dying: a cycle's trades fill the outbox; the paper trading
/// process is killed (SIGKILL) while its worker is in the middle of delivering to a real
/// receiver, then started again; every event still arrives at least once, a re-sent one with the
/// delivery id it had the first time (so the receiver can drop the duplicate), and every
/// delivery ends delivered.
@Suite("Notifications end to end", .serialized, .tags(.stack, .database))
struct NotificationsEndToEndTests {
    struct Received: Sendable {
        let delivery: String
        let eventID: Int
        let signature: String
        let timestamp: String
        let body: [UInt8]
    }

    @Test func killingTheWorkerMidDelivery_losesNothing() throws {
        let stack = try TradingStack(extraEnvironment: [
            "NOTIFY_INTERVAL_S": "0.2", "NOTIFY_LEASE_S": "2", "NOTIFY_TIMEOUT_S": "1", "NOTIFY_BACKOFF_S": "0.2",
            "NOTIFY_ALLOW_HTTP": "1", "NOTIFY_ALLOW_PRIVATE": "1",
        ])
        let received = Locked<[Received]>([])
        let firstArrived = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let receiver = try ServiceHost.startedInProcess(name: "receiver") { _ in
            var router = Router()
            router.post("/hook") { request in
                let body = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
                let entry = Received(
                    delivery: request.headers["X-Prescient-Delivery"] ?? "", eventID: body["event_id"] as? Int ?? -1,
                    signature: request.headers["X-Prescient-Signature"] ?? "", timestamp: request.headers["X-Prescient-Timestamp"] ?? "",
                    body: request.body)
                let isFirst = received.mutate { list -> Bool in
                    list.append(entry)
                    return list.count == 1
                }
                if isFirst {
                    // Hold the first delivery until its sender is dead.
                    firstArrived.signal()
                    _ = release.wait(timeout: .now() + 20)
                }
                return .json(["ok": true])
            }
            return ServiceRoutes(router: router)
        }
        defer { receiver.stop() }
        let secret = "end-to-end-secret-0123456789"
        let hook = try stack.post(
            stack.url("paper-trading") + "/notifications/webhooks", #"{"url":"\#(receiver.baseURL())/hook","secret":"\#(secret)"}"#)
        #expect(hook.status == 201, "\(hook.text)")

        _ = try stack.createPortfolio(TradingCycleTests.portfolios[0])
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(run.status == 200, "\(run.text)")
        let events = try stack.count("SELECT count(*) AS n FROM notification_outbox")
        #expect(events >= 2, "the cycle wrote \(events) events")

        #expect(firstArrived.wait(timeout: .now() + 20) == .success, "no delivery arrived")
        let paperTrading = try #require(stack.services["paper-trading"])
        kill(paperTrading.process.processIdentifier, SIGKILL)
        paperTrading.process.waitUntilExit()
        release.signal()
        try stack.restartService("paper-trading", variable: "PAPER_TRADING_PORT")

        let deadline = Date().addingTimeInterval(40)
        while Date() < deadline,
            try stack.count("SELECT count(*) AS n FROM notification_deliveries WHERE status <> 'delivered'") > 0
        {
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(try stack.count("SELECT count(*) AS n FROM notification_deliveries WHERE status = 'delivered'") == events)
        let all = received.value
        let outbox = Set(try stack.pool.execute("SELECT id FROM notification_outbox").rows.map { try $0.decode("id", as: Int.self) })
        #expect(Set(all.map(\.eventID)) == outbox, "received \(Set(all.map(\.eventID))) of \(outbox)")
        // The one held while its sender died came again, under the same delivery id.
        let first = try #require(all.first)
        #expect(all.filter { $0.delivery == first.delivery }.count >= 2)
        #expect(all.filter { $0.delivery == first.delivery }.allSatisfy { $0.eventID == first.eventID })
        // One delivery id per event, however many times it came.
        #expect(Dictionary(grouping: all, by: \.delivery).values.allSatisfy { Set($0.map(\.eventID)).count == 1 })
        #expect(Set(all.map(\.delivery)).count == events)
        // Signed: HMAC-SHA256 of "<timestamp>.<body>" under the secret, recomputed by openssl.
        for entry in all.prefix(3) {
            let path = NSTemporaryDirectory() + "prescient-hmac-\(UUID().uuidString.prefix(8))"
            try Data((entry.timestamp + ".").utf8 + entry.body).write(to: URL(fileURLWithPath: path))
            defer { try? FileManager.default.removeItem(atPath: path) }
            let output = try Subprocess.run(["/usr/bin/openssl", "dgst", "-sha256", "-hmac", secret, path])
            let hex = String(output.split(separator: " ").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(entry.signature == "sha256=" + hex)
        }
    }
}
