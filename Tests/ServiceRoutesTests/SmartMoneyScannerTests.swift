import Contracts
import Foundation
import HTTPServer
import MarketsService
import PrescientCore
import ServiceKit
import SimulatorService
import TestSupport
import Testing
import WalletScoring
import WalletsService

/// The Top 33 → Top 12 scanner over the simulator's population: passes cycle through the markets,
/// skilled money's side is the hidden fate far more often than a coin's, sybil clusters are found
/// and counted once, one pass runs at a time, and bad requests are refused.
@Suite("Smart-money scanner", .serialized, .tags(.database))
struct SmartMoneyScannerTests {
    final class Stack: Sendable {
        let database: TestDatabase
        let simulator: ServiceHost
        let markets: InProcessService
        let wallets: InProcessService

        init(environment extra: [String: String] = [:]) throws {
            database = try TestDatabase()
            // The easy world: these tests check the scanner's mechanics on skill large enough to find.
            simulator = try ServiceHost.simulator(environment: ["SIM_WORLD": extra["SIM_WORLD"] ?? "easy"])
            let environment = [
                "POLYMARKET_GAMMA_URL": simulator.baseURL(), "POLYMARKET_CLOB_URL": simulator.baseURL("clob"),
                "POLYMARKET_DATA_URL": simulator.baseURL("data"), "POLYMARKET_RATE_LIMIT_SCALE": "100", "PRESCIENT_CLOCK": "simulator",
                "WALLETS_REFRESH_INTERVAL_S": "0", "SEER_SCAN_INTERVAL_S": "0",
            ].merging(extra) { $1 }
            markets = try InProcessService.make(name: "markets", environment: environment, database: database) {
                try MarketsService.routes(context: $0)
            }
            wallets = try InProcessService.make(name: "wallets", environment: environment, database: database) {
                try WalletsService.routes(context: $0)
            }
            let export = markets.request("GET", "/markets/export-all-markets-db")
            guard export.status == .ok else { throw TestSetupError("export failed: \(export.text)") }
        }

        deinit {
            wallets.shutdown()
            markets.shutdown()
            simulator.stop()
        }

        func scan() throws -> SmartMoneyScanResult {
            let response = wallets.request("POST", "/smart-money/scan")
            guard response.status == .ok else { throw TestSetupError("scan failed: \(response.text)") }
            return try response.decode(SmartMoneyScanResult.self)
        }

        func top(_ path: String) throws -> [SmartMoneyCandidate] {
            struct List: Decodable { let markets: [SmartMoneyCandidate] }
            return try wallets.request("GET", "/smart-money/\(path)?wallets=true").decode(List.self).markets
        }
    }

    @Test func passes_cycleThroughMarkets_andRankSkilledMoneysSide() throws {
        let stack = try Stack()
        let revealed = try SimulatorWalletTests.revealed(stack.simulator)
        let fate = Dictionary(uniqueKeysWithValues: revealed.open_markets.map { ($0.condition_id, $0.winning_outcome_index) })

        let first = try stack.scan()
        #expect(first.marketsScanned == 69 && first.level1Calls == 69)
        #expect(first.top33.count == 33 && (1...12).contains(first.top12.count), "\(first.top12.count) listed")
        #expect(first.profilesRefreshed > 0 && first.rateFloorSeconds > 0)
        let second = try stack.scan()
        let history = stack.wallets.request("GET", "/smart-money/scans?limit=5").text
        #expect(second.marketsScanned > 0 && second.scanID > first.scanID, "\(history)")

        let top33 = try stack.top("top33")
        #expect(top33.map(\.rank) == Array(1...33))
        #expect(zip(top33, top33.dropFirst()).allSatisfy { $0.priority2 >= $1.priority2 })
        let top12 = try stack.top("top12")
        // The Top 12: the best-ranked markets whose trusted money's edge interval excludes zero.
        #expect(top12.map(\.conditionID) == Array(top33.filter { $0.trustLowerBound > 0 }.prefix(12).map(\.conditionID)))
        #expect(top12.allSatisfy { $0.trustLowerBound > 0 && $0.top12 })
        for market in top33 {
            let map = try #require(market.walletMap)
            // No classified wallet weighs anything; the side is the heavier one.
            #expect(map.filter { $0.walletClass != nil && $0.walletClass != "trader" }.allSatisfy { $0.weight == 0 })
            let yes = map.filter { $0.side == "YES" }.map(\.weight).reduce(0, +)
            let no = map.filter { $0.side == "NO" }.map(\.weight).reduce(0, +)
            #expect(market.side == (yes >= no ? "YES" : "NO"))
            #expect(abs(market.clarity - (yes + no > 0 ? abs(yes - no) / (yes + no) : 0)) < Decimal(string: "0.0001")!)
        }
        // Skilled money's side is the hidden fate (which informed wallets lean toward) more often than a coin.
        // The bar: the fewest sides on the fate a coin reaches at most 2% of the time over this many markets.
        let onFate = top12.filter { fate[$0.conditionID] == ($0.side == "YES" ? 0 : 1) }.count
        let n = top12.count
        func choose(_ n: Int, _ k: Int) -> Double {
            let logs: Double = lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1))
            return exp(logs)
        }
        func tail(_ k: Int) -> Double {
            var total = 0.0
            for i in k...n { total += choose(n, i) * pow(0.5, Double(n)) }
            return total
        }
        // Six or more listed, or no count of sides can pass a coin's 2% bar.
        let bar = (0...n + 1).first { $0 > n || tail($0) <= 0.02 }!
        #expect(n >= 6 && onFate >= bar, "\(onFate) of \(n) recommended sides are the fate (a coin reaches \(bar) at most 2% of the time)")

    }

    /// The control through the real services: in the no-skill world (every edge zero) the shrinkage
    /// finds no spread of skill beyond luck, no market passes the skill test and the Top 12 is
    /// empty, so the smart-money strategy has nothing to buy.
    @Test func inTheNoSkillWorld_theTop12IsEmpty() throws {
        let stack = try Stack(environment: ["SIM_WORLD": "no_skill"])
        let scan = try stack.scan()
        #expect(scan.top33.count == 33 && scan.top12.isEmpty, "\(scan.top12.count) listed")
        let top33 = try stack.top("top33")
        #expect(top33.allSatisfy { $0.trustLowerBound <= 0 && !$0.top12 })
    }

    /// Scanning every market at once (all prices, a Top 200): each detected co-entry cluster is one
    /// true sybil cluster, each true cluster holding a market is found whole, and on the side it
    /// holds it counts as one wallet.
    @Test func sybilClusters_areFoundWhole_andCountAsOneWallet() throws {
        let stack = try Stack(environment: [
            "SEER_MARKETS_PER_PASS": "500", "SEER_TOP_SIZE": "200", "SEER_MIN_PRICE": "0", "SEER_MAX_PRICE": "1",
        ])
        let revealed = try SimulatorWalletTests.revealed(stack.simulator)
        let truth = Dictionary(uniqueKeysWithValues: revealed.wallets.map { ($0.address, $0) })
        _ = try stack.scan()
        let top33 = try stack.top("top33")
        // Sybil clusters: every detected cluster is one true cluster, each true cluster found whole,
        // and on the side it holds it counts as one wallet.
        var clusterMarkets = 0
        for market in top33 {
            let map = market.walletMap ?? []
            for (name, members) in Dictionary(grouping: map.filter { $0.cluster != nil }, by: { $0.cluster! }) {
                let trueClusters = Set(members.map { truth[$0.wallet]?.cluster })
                #expect(trueClusters.count == 1 && trueClusters.first! != nil, "\(name) mixes \(trueClusters)")
                let cluster = trueClusters.first!!
                let holding = map.filter { truth[$0.wallet]?.cluster == cluster }
                #expect(holding.count == members.count, "all of cluster \(cluster) that hold the market are in \(name)")
                guard market.side == members[0].side else { continue }
                clusterMarkets += 1
                // Kish by hand over the side's weights, the cluster's members as one wallet.
                let side = map.filter { $0.side == market.side && $0.weight > 0 }
                let merged = Dictionary(grouping: side, by: { truth[$0.wallet]?.cluster.map { "c\($0)" } ?? $0.wallet })
                    .mapValues { $0.map(\.weight).reduce(0, +) }.values
                let total = merged.reduce(0, +)
                let kish = total * total / merged.map { $0 * $0 }.reduce(0, +)
                let unmerged = side.map(\.weight).reduce(0, +)
                let unmergedKish = unmerged * unmerged / side.map { $0.weight * $0.weight }.reduce(0, +)
                #expect(abs(market.nEff - kish) < Decimal(string: "0.01")!, "n_eff \(market.nEff), by hand \(kish)")
                #expect(market.nEff < unmergedKish, "merged \(market.nEff), unmerged \(unmergedKish)")
                // The cluster alone: ten wallets, about one effective wallet.
                let alone = SmartMoneyFigures(
                    holding.map {
                        SmartMoneyHolder(
                            wallet: $0.wallet, yes: $0.side == "YES", size: $0.size, notional: $0.notional,
                            skill: $0.skill.map { NSDecimalNumber(decimal: $0).doubleValue }, eligible: true, cluster: $0.cluster)
                    }, baseTrust: 0.01)
                #expect(holding.count == 10 && abs(alone.nEff - 1) < 1e-9 && alone.nEffUnmerged > 9, "\(alone.nEff) \(alone.nEffUnmerged)")
            }
        }
        #expect(clusterMarkets >= 1, "a sybil cluster holds the dominant side of a Top 33 market")
    }

    @Test func onePassRunsAtATime_andBadRequestsAreRefused() throws {
        let stack = try Stack()
        let statuses = Locked<[Int]>([])
        runConcurrently(2) { _ in
            let status = stack.wallets.request("POST", "/smart-money/scan").status.code
            statuses.mutate { $0.append(status) }
        }
        #expect(statuses.value.sorted() == [200, 409], "\(statuses.value)")
        for (target, status) in [
            ("/smart-money/markets/0xnothing", 400), ("/smart-money/markets/%00", 400),
            ("/smart-money/markets/0x\(String(repeating: "ab", count: 32))", 404), ("/smart-money/scans?limit=0", 400),
            ("/smart-money/scans?limit=99999999999999999999", 400), ("/smart-money/top12?wallets=maybe", 400),
        ] {
            let response = stack.wallets.request("GET", target)
            #expect(response.status.code == status, "\(target): \(response.text)")
            #expect(response.text.hasPrefix(#"{"error":{"#) && response.text.contains(#""code":""#), "\(response.text)")
        }
    }
}
