import Foundation
import HTTPClient
import PrescientCore
import TestSupport
import Testing

/// An attacker's requests against the whole suite running as real processes with a token set:
/// each is answered with a precise 4xx, every service stays alive, nothing is written.
@Suite("Security", .serialized)
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
            // A read that carries a body needs no token; it must be refused as well.
            let read = try stack.http.sendJSON("POST", origin + "/paper-trading/portfolio/batch", body: bomb, timeout: 30)
            #expect(read.status == 400 && read.text.contains("levels deep"), "\(name) batch read → \(read.status)")
        }
        #expect(sent >= 60, "only \(sent) state-changing operations found")
        #expect(stack.deadProcesses().isEmpty, "\(stack.deadProcesses())")
        #expect(stack.silentOrigins().isEmpty, "no /health/live from \(stack.silentOrigins())")
    }
}
