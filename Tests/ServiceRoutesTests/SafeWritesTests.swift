import Foundation
import HTTPServer
import PaperTradingService
import Postgres
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// Safe writes through a service's full middleware chain on a real database: a state-changing
/// request from a browser page of another origin is refused whether or not it carries the token
/// (reads are not); `Idempotency-Key` makes a retried write answer its first answer without
/// running twice — fifty retries at once create one portfolio — and refuses the key on another
/// request; an expired key runs again.
@Suite("Safe writes", .serialized, .tags(.database))
struct SafeWritesTests {
    static func paperTrading(token: String? = nil) throws -> InProcessService {
        var environment = ["PRICE_UPDATE_INTERVAL_S": "3600", "POLYMARKET_MAX_ATTEMPTS": "1"]
        if let token { environment["PRESCIENT_API_TOKEN"] = token }
        return try InProcessService.make(name: "paper-trading", environment: environment) { try PaperTradingService.routes(context: $0) }
    }

    static let create = #"{"name":"Safe","strategy_type":"momentum","initial_balance":1000}"#

    @Test func aWriteFromAnotherOrigin_isRefused_tokenOrNot_andReadsAreNot() throws {
        for token in [nil, "s3cret-0123456789"] as [String?] {
            let service = try Self.paperTrading(token: token)
            defer { service.shutdown() }
            let auth = token.map { [("Authorization", "Bearer \($0)")] } ?? []
            let refused: [[(String, String)]] = [
                [("Sec-Fetch-Site", "cross-site")], [("Sec-Fetch-Site", "same-site")], [("Origin", "http://evil.example")],
                [("Origin", "null")], [("Origin", "http://test.evil.example")],
                [("Sec-Fetch-Site", "cross-site"), ("Origin", "http://test")],
            ]
            for headers in refused {
                let response = service.request("POST", "/portfolios", body: Self.create, headers: auth + headers)
                #expect(response.status == .forbidden && response.errorCode == "cross_origin_refused", "\(headers): \(response.text)")
                // A state-changing GET form too.
                let execute = service.request("GET", "/paper-trading/execute-signals?portfolio_id=1", headers: auth + headers)
                #expect(execute.errorCode == "cross_origin_refused", "\(headers): \(execute.text)")
            }
            let count = try service.database.makePool(size: 1).execute("SELECT count(*) AS n FROM portfolios")[0].decode("n", as: Int.self)
            #expect(count == 0, "a refused write left a portfolio")
            // Reads from anywhere; writes from the same origin, from no browser at all, or typed in.
            #expect(service.request("GET", "/portfolios", headers: [("Sec-Fetch-Site", "cross-site")]).status == .ok)
            for headers in [[("Sec-Fetch-Site", "same-origin")], [("Origin", "http://test")], [], [("Sec-Fetch-Site", "none")]] {
                let response = service.request("POST", "/portfolios", body: Self.create, headers: auth + headers)
                #expect(response.status == .created, "\(headers): \(response.text)")
            }
            if token != nil {
                #expect(service.request("POST", "/portfolios", body: Self.create).status == .unauthorized)
            }
        }
    }

    @Test func fiftyConcurrentRetries_createOnePortfolio_andAllGetTheFirstAnswer() throws {
        let service = try Self.paperTrading()
        defer { service.shutdown() }
        let answers = Locked<[HTTPResponse]>([])
        runConcurrently(50) { _ in
            let response = service.request("POST", "/portfolios", body: Self.create, headers: [("Idempotency-Key", "create-safe-1")])
            answers.mutate { $0.append(response) }
        }
        let all = answers.value
        #expect(all.count == 50 && all.allSatisfy { $0.status == .created }, "\(Set(all.map(\.status.code)))")
        #expect(Set(all.map(\.text)).count == 1, "the retries got different answers")
        #expect(all.filter { $0.headers["Idempotent-Replayed"] == "true" }.count == 49)
        let pool = service.database.makePool(size: 1)
        defer { pool.close() }
        #expect(try pool.execute("SELECT count(*) AS n FROM portfolios")[0].decode("n", as: Int.self) == 1)
        #expect(try pool.execute("SELECT count(*) AS n FROM ledger")[0].decode("n", as: Int.self) == 1)

        // The key on another request is refused; a malformed key too; no key, no memory.
        let other = service.request(
            "POST", "/portfolios", body: #"{"name":"Other","strategy_type":"momentum"}"#, headers: [("Idempotency-Key", "create-safe-1")])
        #expect(other.status.code == 422 && other.errorCode == "idempotency_key_reused", "\(other.text)")
        for key in ["", String(repeating: "k", count: 256), "two words", "naïve", "nul\u{0}key"] {
            let bad = service.request("POST", "/portfolios", body: Self.create, headers: [("Idempotency-Key", key)])
            #expect(bad.status == .badRequest && bad.errorCode == "invalid_idempotency_key", "'\(key)': \(bad.text)")
        }
        #expect(try pool.execute("SELECT count(*) AS n FROM portfolios")[0].decode("n", as: Int.self) == 1)

        // A request that failed is not remembered: fixed and retried with its key, it runs.
        let invalid = service.request(
            "POST", "/portfolios", body: #"{"name":"Later","strategy_type":"astrology"}"#, headers: [("Idempotency-Key", "create-later")])
        #expect(invalid.status == .badRequest)
        // (The same key now names a different body: it was released, so it is free.)
        let fixed = service.request(
            "POST", "/portfolios", body: #"{"name":"Later","strategy_type":"momentum"}"#, headers: [("Idempotency-Key", "create-later")])
        #expect(fixed.status == .created, "\(fixed.text)")

        // Once expired, the key runs again.
        try pool.execute("UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'create-safe-1'")
        let again = service.request("POST", "/portfolios", body: Self.create, headers: [("Idempotency-Key", "create-safe-1")])
        #expect(again.status == .created && again.headers["Idempotent-Replayed"] == nil)
        #expect(try pool.execute("SELECT count(*) AS n FROM portfolios")[0].decode("n", as: Int.self) == 3)
    }
}
