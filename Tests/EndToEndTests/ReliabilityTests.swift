import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

/// The stack under conditions a deployment meets: a database restart under load, a flaky
/// upstream, hostile framing on every port. Real processes, bounded in time.
@Suite("Reliability end to end", .serialized, .tags(.stack, .database))
struct ReliabilityTests {
    @Test func chunkSizeOfMinusOne_onEveryPort_answers400AndEveryServiceLives() throws {
        let stack = try TradingStack()
        let ports = stack.services.values.map(\.port) + [stack.simulator.port]
        for port in ports {
            // A route the service has (a body for one it lacks is refused on its head: 404).
            let document = try JSONSerialization.jsonObject(with: Data(try stack.get("http://127.0.0.1:\(port)/openapi.json").body))
            let paths = ((document as? [String: Any])?["paths"] as? [String: Any]) ?? [:]
            let route = try #require(
                paths.keys.sorted().first { !$0.contains("{") && ((paths[$0] as? [String: Any])?["post"] != nil) }, "port \(port)")
            let connection = try RawConnection(port: port)
            try connection.send("POST \(route) HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n\r\n")
            let raw = connection.readAll(timeout: 3)
            #expect(raw.hasPrefix("HTTP/1.1 400") && raw.contains("malformed_chunk"), "port \(port) \(route): \(raw.prefix(60))")
        }
        for port in ports {
            #expect(try stack.get("http://127.0.0.1:\(port)/health").status == 200, "port \(port)")
        }
    }

    @Test func upstreamFaultMix_runAllCompletesOnRecentData() throws {
        let stack = try TradingStack(
            extraEnvironment: ["POLYMARKET_MAX_ATTEMPTS": "4", "POLYMARKET_TIMEOUT_S": "2", "POLYMARKET_BREAKER_COOLDOWN_S": "1"])
        _ = try TradingCycleTests.portfolios.map { try stack.createPortfolio($0) }
        let clean = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(clean.status == 200, "\(clean.text)")
        let faults = #"{"rate_500":0.2,"rate_429":0.1,"rate_timeout":0.05,"rate_malformed":0.2,"timeout_ms":3000,"retry_after_s":0}"#
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", faults).status == 200)
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(run.status == 200, "\(run.text)")
        #expect(run.json["portfolios_processed"] as? Int == 4, "\(run.text)")
        #expect(try stack.count("SELECT count(*) AS n FROM trading_cycles WHERE status = 'running'") == 0)
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", "{}").status == 200)
        // Failed steps resume cleanly once the upstream behaves. A circuit breaker opened by the
        // faults refuses calls for its cooldown (by design), and requests still in flight from the
        // faulty phase (simulated 3 s timeouts) can open it again once: a few runs, spaced past the
        // cooldown, must reach a clean one.
        var after = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        for _ in 0..<5 where after.json["status"] as? String != "success" {
            Thread.sleep(forTimeInterval: 2)
            after = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        }
        #expect(after.json["status"] as? String == "success", "\(after.text)")
        try expectMoneyReconciles(stack)
    }

    @Test func sharedDataCollectionFailing_runAllUsesTheRecentCollection() throws {
        let stack = try TradingStack()
        _ = try stack.createPortfolio(TradingCycleTests.portfolios[0])
        #expect(try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "").status == 200)
        #expect(try stack.post(stack.simulator.baseURL + "/sim/faults", #"{"rate_500":1}"#).status == 200)
        let run = try stack.post(stack.url("orchestrator") + "/trading/run-all-portfolios", "")
        #expect(run.status == 200, "\(run.text)")
        let shared = run.json["shared_data"] as? [String: Any] ?? [:]
        #expect(shared["reused"] as? Bool == true)
        #expect((shared["fallback_reason"] as? String ?? "").isEmpty == false, "\(run.text)")
        #expect(run.json["portfolios_processed"] as? Int == 1)
    }

    @Test func postgresRestartedUnderLoad_everyServiceReadyWithinTwoSecondsAndNothingFailsAfter() throws {
        let postgres = try PrivatePostgres()
        let stack = try TradingStack(databaseAdminURL: postgres.adminURL)
        _ = try stack.createPortfolio(TradingCycleTests.portfolios[0])
        let reads = [
            stack.url("paper-trading") + "/paper-trading/all-portfolios", stack.url("orchestrator") + "/trading/portfolio-summary",
            stack.url("markets") + "/markets?limit=5", stack.url("events") + "/events?limit=5", stack.url("momentum") + "/health/ready",
        ]
        let outcomes = Locked<[(at: Date, status: Int, url: String)]>([])
        let stop = Locked(false)
        let load = DispatchGroup()
        for lane in 0..<4 {
            load.enter()
            Thread {
                defer { load.leave() }
                let client = HTTPClient(connectTimeout: 2, defaultTimeout: 10)
                var index = lane
                while !stop.value {
                    let url = reads[index % reads.count]
                    index += 1
                    let started = Date()
                    let status = (try? client.get(url).status) ?? 0
                    outcomes.mutate { $0.append((started, status, url)) }
                }
            }.start()
        }
        Thread.sleep(forTimeInterval: 1)
        try postgres.restart()
        let restarted = Date()
        // Every service with a database answers ready again within 2 s of the server accepting.
        let readiness = stack.services.values.map { $0.baseURL + "/health/ready" }
        var allReady: Date?
        let probe = HTTPClient(connectTimeout: 1, defaultTimeout: 2)
        while allReady == nil && Date().timeIntervalSince(restarted) < 10 {
            if readiness.allSatisfy({ (try? probe.get($0).status) == 200 }) { allReady = Date() } else { usleep(20_000) }
        }
        let ready = try #require(allReady, "services not ready 10 s after the restart")
        #expect(ready.timeIntervalSince(restarted) < 2, "ready \(ready.timeIntervalSince(restarted)) s after the restart")
        Thread.sleep(forTimeInterval: 2)
        stop.mutate { $0 = true }
        load.wait()
        let after = outcomes.value.filter { $0.at > ready }
        #expect(after.count > 20, "the load kept running after the restart (\(after.count) requests)")
        let failed = after.filter { $0.status != 200 }
        #expect(failed.isEmpty, "\(failed.count) of \(after.count) requests failed after the services were ready: \(failed.prefix(3))")
    }
}
