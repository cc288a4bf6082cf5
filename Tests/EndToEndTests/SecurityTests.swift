import Foundation
import HTTPClient
import HTTPServer
import Postgres
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// An attacker's requests against the whole suite running as real processes with a token set:
/// each is answered with a precise 4xx, every service stays alive, nothing is written.
@Suite("Security", .serialized, .tags(.stack, .database))
struct SecurityTests {
    static let stack = Result { try SecurityStack() }

    /// 400 naming the depth (`invalid_json` on the suite's services, Polymarket's error shape on
    /// the simulator's hosts), before any route or decoder reads the body.
    @Test func aNestingBombOnEveryRoute_isRefusedAndEveryServiceLives() throws {
        let stack = try Self.stack.get()
        let depth = 10_000
        let bomb = Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
        var sent = 0
        for (name, origin) in stack.origins {
            for (method, path) in try stack.operations(at: origin) where method != "GET" {
                let answer = try stack.http.sendJSON(
                    method, origin + path, body: bomb, headers: [("Authorization", "Bearer \(SecurityStack.token)")], timeout: 30)
                #expect(
                    answer.status == 400 && answer.text.contains("\(depth) levels deep"),
                    "\(name) \(method) \(path) → \(answer.status) \(answer.text.prefix(200))")
                sent += 1
            }
            // A read that carries a body needs no token; it must be refused as well (a body for a
            // route the service does not have is refused on its head, unread: 404).
            let read = try stack.http.sendJSON("POST", origin + "/paper-trading/portfolio/batch", body: bomb, timeout: 30)
            if name == "paper-trading" {
                #expect(read.status == 400 && read.text.contains("levels deep"), "\(name) batch read → \(read.status)")
            } else {
                #expect(read.status == 404, "\(name) batch read → \(read.status)")
            }
        }
        #expect(sent >= 60, "only \(sent) state-changing operations found")
        #expect(stack.deadProcesses().isEmpty, "\(stack.deadProcesses())")
        #expect(stack.silentOrigins().isEmpty, "no /health/live from \(stack.silentOrigins())")
    }
}

extension SecurityTests {
    @Test func webhooks_reachNothingInside_followNoRedirect_readNoBomb_andLeakNoToken() throws {
        let stack = try Self.stack.get()
        let auth = [("Authorization", "Bearer \(SecurityStack.token)")]
        let paper = stack.trading.url("paper-trading")
        let token = "7301:AAF-planted-\(UUID().uuidString.prefix(12))"
        var answers: [String] = []
        func post(_ url: String, _ body: String) throws -> HTTPClientResponse {
            let response = try stack.http.sendJSON("POST", url, body: Array(body.utf8), headers: auth)
            answers.append(response.text)
            return response
        }
        let before = try stack.trading.count("SELECT count(*) AS n FROM webhooks")

        // The service as deployed: nothing inside, nothing but https.
        for url in [
            "https://127.0.0.1:\(stack.trading.simulator.port)/sim/reset", "https://169.254.169.254/latest/meta-data/",
            "https://10.0.0.7/hook", "https://192.168.1.20/hook", "https://[::1]/hook", "file:///etc/passwd",
            "gopher://127.0.0.1:5432/_", "http://149.154.167.220/bot\(token)/sendMessage",
        ] {
            let refused = try post(paper + "/notifications/webhooks", #"{"url":"\#(url)"}"#)
            #expect(refused.status == 400 && refused.text.contains("invalid_url"), "\(url): \(refused.status) \(refused.text)")
        }
        #expect(try stack.trading.count("SELECT count(*) AS n FROM webhooks") == before, "a refused webhook was stored")
        let telegram = try post(
            paper + "/notifications/webhooks",
            // Telegram's address as a literal: no DNS, and nothing is sent (this stack's worker is off).
            #"{"url":"https://149.154.167.220/bot\#(token)/sendMessage","format":"telegram","chat_id":"-100"}"#)
        #expect(telegram.status == 201, "\(telegram.text)")

        // A second paper trading process whose policy lets it reach this host's receivers, as the tests' receivers need.
        let widened = try ServiceProcess(
            executable: "paper-trading", portVariable: "PAPER_TRADING_PORT",
            environment: stack.trading.environment.merging([
                "NOTIFY_ALLOW_HTTP": "1", "NOTIFY_ALLOW_PRIVATE": "1", "NOTIFY_INTERVAL_S": "0", "PRICE_UPDATE_INTERVAL_S": "3600",
            ]) { $1 })
        defer { widened.stop() }
        let followed = Locked(0)
        let target = try WebhookReceiver.start { _ in
            followed.mutate { $0 += 1 }
            return .json(["ok": true])
        }
        defer { target.stop() }
        let leaky = try WebhookReceiver.start { _ in .text("receiver detail \(token)", status: .internalServerError) }
        defer { leaky.stop() }
        let redirecting = try WebhookReceiver.start { _ in
            HTTPResponse(status: HTTPStatus(302, "Found"), headers: HTTPHeaders([("Location", target.baseURL() + "/botX/sendMessage")]))
        }
        defer { redirecting.stop() }
        let bomb = try WebhookReceiver.gzipBomb()
        let bombing = try WebhookReceiver.start { _ in
            HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Encoding", "gzip")]), body: bomb)
        }
        defer { bombing.stop() }
        for receiver in [leaky, redirecting, bombing] {
            let hook = try post(
                widened.baseURL + "/notifications/webhooks", #"{"url":"\#(receiver.baseURL())/bot\#(token)/sendMessage?t=\#(token)"}"#)
            #expect(hook.status == 201, "\(hook.text)")
        }
        let portfolio = try post(paper + "/portfolios", TradingCycleTests.portfolios[0])
        #expect(portfolio.status == 201, "\(portfolio.text)")
        let run = try post(stack.trading.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(run.status == 200, "\(run.text)")
        #expect(try stack.trading.count("SELECT count(*) AS n FROM notification_outbox") > 0, "the cycle wrote no event")
        _ = try post(widened.baseURL + "/notifications/deliver", "")

        let errors: [String] = try stack.trading.pool.execute(
            "SELECT DISTINCT last_error FROM notification_deliveries WHERE last_error IS NOT NULL ORDER BY 1"
        ).rows.map { try $0.decode("last_error") }
        #expect(errors.contains("HTTP 500"), "\(errors)")
        #expect(errors.contains("HTTP 302 (redirects are not followed)"), "\(errors)")
        #expect(errors.contains("the answer is larger than 65536 bytes"), "\(errors)")
        #expect(followed.value == 0, "a redirect was followed")
        #expect(try stack.trading.count("SELECT count(*) AS n FROM notification_deliveries WHERE status = 'delivered'") == 0)

        // The token in no answer, no stored error and no log.
        for path in ["/notifications/webhooks", "/notifications/deliveries", "/notifications/events?limit=1000"] {
            answers.append(try stack.http.get(paper + path).text)
            answers.append(try stack.http.get(widened.baseURL + path).text)
        }
        for answer in answers { #expect(!answer.contains(token) && !answer.contains("receiver detail"), "\(answer.prefix(300))") }
        for process in stack.processes + [widened] {
            #expect(!process.readLog().contains(token), "\(process.name)'s log holds the token")
        }
        #expect(errors.allSatisfy { !$0.contains(token) && !$0.contains("127.0.0.1") }, "\(errors)")
        #expect(stack.deadProcesses().isEmpty, "\(stack.deadProcesses())")
    }
}

extension SecurityTests {
    /// Rows of every table a refused request could have written, summed.
    static func writtenRows(_ stack: SecurityStack) throws -> Int {
        try stack.trading.count(
            """
            SELECT (SELECT count(*) FROM portfolios) + (SELECT count(*) FROM trades) + (SELECT count(*) FROM ledger)
                 + (SELECT count(*) FROM webhooks) + (SELECT count(*) FROM trading_signals)
                 + (SELECT count(*) FROM idempotency_keys) AS n
            """)
    }

    /// The resident memory of a process, from `/proc`.
    static func residentBytes(_ process: ServiceProcess) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
    }

    @Test func threeHundredHalfSentBodies_holdLittleMemory_andHealthStillAnswersAtOnce() throws {
        let stack = try Self.stack.get()
        let paper = try #require(stack.trading.services["paper-trading"])
        let before = Self.residentBytes(paper)
        let written = try Self.writtenRows(stack)
        // A read that carries a body needs no token, so its body would be buffered: 512 KiB of each
        // 1 MiB sent, from ten client addresses.
        let half = [UInt8](repeating: 0x20, count: 512 * 1024)
        var held: [RawConnection] = []
        for index in 0..<300 {
            let connection = try RawConnection(port: paper.port, from: "127.0.0.\(10 + index % 10)")
            try connection.send("POST /paper-trading/portfolio/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1048576\r\n\r\n")
            try? connection.send(half)
            held.append(connection)
        }
        Thread.sleep(forTimeInterval: 1)
        let during = Self.residentBytes(paper)
        // Five probes, each on a connection of its own; the median is the figure (one slow fork of
        // a busy two-core machine is not the server's doing).
        let probes = try (0..<5).map { _ -> Double in
            let probe = try RawConnection(port: paper.port)
            let started = Date()
            try probe.send("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let answer = probe.readAll(timeout: 5)
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            return Date().timeIntervalSince(started)
        }.sorted()
        let elapsed = probes[2]
        #expect(elapsed < 0.1, "/health/live took \(probes) s")
        // Kubernetes gives paper trading 256 MiB; the attack may cost the body budget (32 MiB), not 300 MiB.
        #expect(during < 256 << 20 && during - before < 64 << 20, "RSS \(before >> 20) MiB → \(during >> 20) MiB")
        let busy = held.prefix(50).map { $0.readAll(timeout: 0.2) }.filter { $0.hasPrefix("HTTP/1.1 503") }
        #expect(!busy.isEmpty && busy.allSatisfy { $0.contains("server_busy") && $0.contains("Retry-After") })
        held.removeAll()
        #expect(try Self.writtenRows(stack) == written)
        #expect(stack.deadProcesses().isEmpty)
        print(
            "security: paper-trading RSS \(before >> 20) MiB before, \(during >> 20) MiB with 300 half-sent 1 MiB bodies; /health/live in \(Int(elapsed * 1000)) ms"
        )
    }

    @Test func aForeignHost_aWriteWithoutToken_andACrossOriginWrite_areRefusedEverywhere() throws {
        let stack = try Self.stack.get()
        let before = try Self.writtenRows(stack)
        let auth = [("Authorization", "Bearer \(SecurityStack.token)")]
        for (name, origin) in stack.origins {
            let port = URL(string: origin)?.port ?? 0
            let foreign = try RawConnection(port: port)
            try foreign.send("GET /openapi.json HTTP/1.1\r\nHost: rebind.evil.example:\(port)\r\nConnection: close\r\n\r\n")
            let misdirected = foreign.readAll(timeout: 3)
            #expect(misdirected.hasPrefix("HTTP/1.1 421"), "\(name): \(misdirected.prefix(60))")
            guard let (method, path) = try stack.operations(at: origin).first(where: { $0.method != "GET" }) else { continue }
            let body = Array(#"{"name":"Intruder","strategy_type":"momentum"}"#.utf8)
            let anonymous = try stack.http.sendJSON(method, origin + path, body: body)
            #expect(anonymous.status == 401, "\(name) \(method) \(path) without a token → \(anonymous.status)")
            let crossSite = try stack.http.sendJSON(
                method, origin + path, body: body, headers: auth + [("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site")])
            #expect(crossSite.status == 403, "\(name) \(method) \(path) from another origin → \(crossSite.status)")
        }
        #expect(try Self.writtenRows(stack) == before, "a refused write wrote")
        #expect(stack.deadProcesses().isEmpty)
    }
}
