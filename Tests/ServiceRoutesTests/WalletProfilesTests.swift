import Contracts
import Foundation
import HTTPServer
import Polymarket
import Postgres
import PrescientCore
import ServiceKit
import SimulatorService
import TestSupport
import Testing
import WalletsService

/// The wallets service's profiles on the simulator's seeded population (2,000 wallets), read
/// through the real Data API routes over a socket and stored in a real database: who ranks as
/// skilled, who is classified out, and what a profile "as of" a past moment may see.
@Suite("Wallet profiles service", .serialized, .tags(.database))
struct WalletProfilesTests {
    final class Stack: Sendable {
        let simulator: ServiceHost
        let wallets: InProcessService

        init(wallets count: Int = 2_000) throws {
            simulator = try ServiceHost.simulator(environment: ["SIM_WALLETS": "\(count)", "SIM_WORLD": "easy"])
            wallets = try InProcessService.make(
                name: "wallets",
                environment: [
                    "POLYMARKET_GAMMA_URL": simulator.baseURL(), "POLYMARKET_CLOB_URL": simulator.baseURL("clob"),
                    "POLYMARKET_DATA_URL": simulator.baseURL("data"), "POLYMARKET_RATE_LIMIT_SCALE": "100",
                    "WALLETS_REFRESH_INTERVAL_S": "0",
                ]
            ) { try WalletsService.routes(context: $0) }
        }

        deinit {
            wallets.shutdown()
            simulator.stop()
        }

        func truth() throws -> [SimulatorWalletTests.Truth] { try SimulatorWalletTests.truth(simulator) }

        func refresh(_ addresses: [String]) throws -> WalletRefreshResult {
            let response = try wallets.request("POST", "/wallets/refresh", json: ["addresses": addresses])
            guard response.status == .ok else { throw TestSetupError("refresh failed: \(response.text)") }
            return try response.decode(WalletRefreshResult.self)
        }

        func list(_ query: String) throws -> [WalletProfileView] {
            struct Page: Decodable { let wallets: [WalletProfileView] }
            let response = wallets.request("GET", "/wallets?" + query)
            guard response.status == .ok else { throw TestSetupError("list failed: \(response.text)") }
            return try response.decode(Page.self).wallets
        }
    }

    @Test func theProfiledPopulation_ranksInformedWalletsAsSkilledAndNeverCountsLiquidityOrProtocolWallets() throws {
        let stack = try Stack()
        let truth = try stack.truth()
        let archetype = Dictionary(uniqueKeysWithValues: truth.map { ($0.address, $0.archetype) })
        let result = try stack.refresh(truth.map(\.address))
        #expect(result.refreshed == truth.count && result.failed.isEmpty, "\(result.failed.prefix(3))")

        // The skilled: the top 50 by shrunk edge among wallets with at least 20 resolved markets.
        let skilled = try stack.list("sort=edge&min_resolved=20&limit=50")
        #expect(skilled.count == 50)
        let informed = skilled.filter { archetype[$0.address] == "informed" }.count
        #expect(informed >= 40, "\(informed) of the top 50 are truly informed: \(skilled.map { archetype[$0.address] ?? "?" })")
        #expect(skilled.allSatisfy { $0.smartMoney && $0.walletClass == "trader" && $0.resolvedMarkets >= 20 })
        #expect(zip(skilled, skilled.dropFirst()).allSatisfy { $0.shrunkEdge >= $1.shrunkEdge })

        // Polymarket's leaderboard beside our profiles: its rows in its order, each with our profile.
        struct Board: Decodable {
            struct Row: Decodable {
                let address: String
                let pnl: Decimal?
                let profile: WalletProfileView?
            }
            let rows: [Row]
        }
        let board = try stack.wallets.request("GET", "/wallets/leaderboard/polymarket?order_by=PNL&limit=10").decode(Board.self)
        #expect(board.rows.count == 10 && zip(board.rows, board.rows.dropFirst()).allSatisfy { ($0.pnl ?? 0) >= ($1.pnl ?? 0) })
        #expect(board.rows.allSatisfy { $0.profile?.address == $0.address })

        // Every liquidity provider, market maker and the protocol wallet is classified out.
        var everyone: [WalletProfileView] = []
        while true {
            let page = try stack.list("class=all&min_resolved=0&limit=500&offset=\(everyone.count)")
            everyone += page
            if page.count < 500 { break }
        }
        #expect(everyone.count == truth.count)
        let providers = everyone.filter { ["liquidity_provider", "market_maker", "protocol"].contains(archetype[$0.address] ?? "") }
        #expect(providers.count >= 100)
        #expect(providers.allSatisfy { !$0.smartMoney && $0.walletClass != "trader" }, "\(providers.filter(\.smartMoney).map(\.address))")
        let classes = Dictionary(grouping: providers, by: { "\(archetype[$0.address]!)→\($0.walletClass)" }).mapValues(\.count)
        #expect(everyone.first { archetype[$0.address] == "protocol" }?.walletClass == "protocol", "\(classes)")
        #expect(providers.filter { archetype[$0.address] == "market_maker" }.allSatisfy { $0.walletClass == "market_maker" }, "\(classes)")
    }

    /// A profile as of a moment in the wallet's history counts exactly the markets it had bought
    /// before then and that had resolved before then, worked out here from the Data API's activity
    /// rows and Gamma's closing times (a second reading, not the service's tables).
    @Test func aProfileAsOfAPastMoment_ignoresLaterTradesAndResolutions() throws {
        let stack = try Stack(wallets: 300)
        let truth = try stack.truth()
        let wallet = try #require(truth.first { $0.archetype == "informed" && $0.resolved_markets >= 20 }).address
        _ = try stack.refresh(truth.map(\.address))
        let client = SimulatorWalletTests.client(stack.simulator)
        let trades = try client.activity(user: wallet, limit: 500).filter(\.isTrade)
        let times = trades.map(\.timestamp).sorted()
        let moment = times[times.count / 2]
        let closed = try client.closedMarkets(conditionIDs: Array(Set(trades.compactMap(\.conditionID))))
        let closedAt = Dictionary(uniqueKeysWithValues: closed.map { ($0.conditionID, $0.closedTime!.timeIntervalSince1970) })
        let before = trades.filter { $0.timestamp < moment }
        let expected = Set(
            before.filter { (closedAt[$0.conditionID!] ?? .infinity) < Double(moment) }.map { "\($0.conditionID!) \($0.outcomeIndex!)" })
        let resolvedNow = Set(trades.filter { closedAt[$0.conditionID!] != nil }.map { "\($0.conditionID!) \($0.outcomeIndex!)" })
        #expect(expected.count < resolvedNow.count, "the moment splits the wallet's history")

        let asOf = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(moment)))
        let past = try stack.wallets.request("GET", "/wallets/\(wallet)?as_of=\(asOf)").decode(WalletProfileView.self)
        #expect(past.resolvedMarkets == expected.count)
        #expect(past.lastActive.map { $0.timeIntervalSince1970 < Double(moment) } ?? true)
        #expect(past.marketsTraded == Set(before.compactMap(\.conditionID)).count)
        let current = try stack.wallets.request("GET", "/wallets/\(wallet)").decode(WalletProfileView.self)
        #expect(current.resolvedMarkets == resolvedNow.count)
    }

    /// A GET reads only: an active wallet never profiled is 404 and nothing is written; the crawl
    /// and the profile rewrite are a POST, which a token guards when one is set.
    @Test func aGETNeverCrawls_theRefreshIsAPost() throws {
        let stack = try Stack(wallets: 100)
        let wallet = try #require(try stack.truth().first { $0.resolved_markets >= 1 }).address
        let pool = stack.wallets.database.makePool(size: 1)
        defer { pool.close() }
        func stored() throws -> Int { try pool.execute("SELECT count(*) AS n FROM wallet_profiles")[0].decode("n", as: Int.self) }
        #expect(stack.wallets.request("GET", "/wallets/\(wallet)").status == .notFound)
        #expect(stack.wallets.request("GET", "/wallets/\(wallet)?refresh=true").status == .badRequest)
        #expect(stack.wallets.request("GET", "/wallets/\(wallet)?as_of=2026-03-01T00:00:00Z").status == .notFound)
        #expect(try stored() == 0, "a GET wrote a profile")
        let refreshed = stack.wallets.request("POST", "/wallets/\(wallet)/refresh")
        #expect(refreshed.status == .ok, "\(refreshed.text)")
        #expect(try stored() == 1)
        #expect(stack.wallets.request("GET", "/wallets/\(wallet)").status == .ok)
    }

    @Test func badInput_getsAClearError() throws {
        let stack = try Stack(wallets: 100)
        let stranger = "0x" + String(repeating: "ab", count: 20)
        for (method, target, body, status, code) in [
            ("GET", "/wallets/0x12", nil, 400, "invalid_address"),
            ("GET", "/wallets/0x\(String(repeating: "g", count: 40))", nil, 400, "invalid_address"),
            ("GET", "/wallets/\(stranger)", nil, 404, "wallet_not_found"),
            ("GET", "/wallets?limit=100000", nil, 400, "invalid_parameter"),
            ("GET", "/wallets?sort=luck", nil, 400, "invalid_parameter"),
            ("GET", "/wallets?class=whale", nil, 400, "invalid_parameter"),
            ("GET", "/wallets?min_resolved=-1", nil, 400, "invalid_parameter"),
            ("GET", "/wallets/\(stranger)?as_of=yesterday", nil, 400, "invalid_parameter"),
            ("GET", "/wallets/leaderboard/polymarket?limit=51", nil, 400, "invalid_parameter"),
            ("POST", "/wallets/refresh", "{", 400, "invalid_json"),
            ("POST", "/wallets/refresh", #"{"addresses":[]}"#, 400, "invalid_field"),
            ("POST", "/wallets/refresh", #"{"addresses":[7]}"#, 400, "invalid_field"),
            ("POST", "/wallets/refresh", #"{"addresses":["0xzz"]}"#, 400, "invalid_address"),
            ("POST", "/wallets/refresh", #"{"wallets":[]}"#, 400, "unknown_field"),
            ("POST", "/wallets/refresh", #"{"addresses":"0xab"}"#, 400, "invalid_field"),
            ("POST", "/wallets/refresh", #"{"addresses":["0x\u0000bababababababababababababababababababab"]}"#, 400, "invalid_json"),
            ("POST", "/wallets/refresh", "{\"addresses\":[\"\u{0}\"]}", 400, "invalid_json"),
            ("GET", "/wallets?category=%00", nil, 400, "invalid_parameter"),
            ("GET", "/wallets?offset=99999999999999999999", nil, 400, "invalid_parameter"),
            ("GET", "/wallets/%00", nil, 400, "invalid_address"),
            ("POST", "/wallets/0x12/refresh", nil, 400, "invalid_address"),
            ("POST", "/wallets/%00/refresh", nil, 400, "invalid_address"),
            ("POST", "/wallets/0x\(String(repeating: "a", count: 5_000))/refresh", nil, 400, "invalid_address"),
            ("POST", "/wallets/\(stranger)/refresh", nil, 404, "wallet_not_found"),
            ("POST", "/wallets/\(stranger)/refresh", "{", 400, "invalid_json"),
            ("POST", "/wallets/\(stranger)/refresh", #"{"address":"\u0000"}"#, 400, "invalid_json"),
            ("GET", "/wallets/\(stranger)?refresh=true", nil, 400, "invalid_parameter"),
        ] {
            let response = stack.wallets.request(method, target, body: body)
            #expect(response.status.code == status, "\(target) \(body ?? ""): \(response.text)")
            #expect(response.text.contains(#""code":"\#(code)""#), "\(target) \(body ?? ""): \(response.text)")
        }
        let tooMany = Array(repeating: stranger, count: 5_001)
        let response = try stack.wallets.request("POST", "/wallets/refresh", json: ["addresses": tooMany])
        #expect(response.status.code == 400)
    }
}
