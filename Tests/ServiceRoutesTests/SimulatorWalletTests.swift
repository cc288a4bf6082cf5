import Foundation
import HTTPServer
import Logging
import Polymarket
import PrescientCore
import ServiceKit
import SimulatorService
import TestSupport
import Testing
import WalletScoring

/// The seeded wallet population behind the Data API's wallet routes, read through the project's
/// own Polymarket client over a real socket: the archetypes behave as Polymarket's do (informed
/// wallets' measured edge, redeemed winners gone from `/positions`, liquidity providers on both
/// sides, sybils in step, a protocol wallet at zero cost) and every row has the recorded shape.
@Suite("Simulator wallet population")
struct SimulatorWalletTests {
    /// The simulator with `wallets` wallets of `world` (the easy one by default: these tests check the
    /// population's mechanics and shapes, which its large edges make measurable in a few hundred wallets).
    /// `settings` adds other `SIM_*` variables.
    static func start(wallets: Int = 400, seed: Int = 7, world: String = "easy", settings: [String: String] = [:]) throws -> ServiceHost {
        try ServiceHost.simulator(
            environment: ["SIM_WALLETS": "\(wallets)", "SIM_SEED": "\(seed)", "SIM_WORLD": world].merging(settings) { $1 })
    }

    struct Truth: Decodable {
        let address: String
        let archetype: String
        let edge: Decimal
        let cluster: Int?
        let resolved_markets: Int
    }

    static func client(_ simulator: ServiceHost) -> PolymarketClient {
        var configuration = PolymarketConfiguration()
        configuration.gammaURL = simulator.baseURL()
        configuration.clobURL = simulator.baseURL("clob")
        configuration.dataURL = simulator.baseURL("data")
        configuration.maxAttempts = 1
        configuration.rateLimitScale = 100
        return PolymarketClient(
            transport: PolymarketTransport(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }))
    }

    struct Revealed: Decodable {
        struct Fate: Decodable {
            let condition_id: String
            let winning_outcome_index: Int
        }

        let wallets: [Truth]
        let open_markets: [Fate]
    }

    static func revealed(_ simulator: ServiceHost) throws -> Revealed {
        try JSONDecoder().decode(Revealed.self, from: Data(simulator.application.request("GET", "/sim/wallets/truth").body))
    }

    static func truth(_ simulator: ServiceHost) throws -> [Truth] { try revealed(simulator).wallets }

    /// Every closed position of a wallet, page by page (at most 50 a page, as published).
    static func allClosed(_ client: PolymarketClient, _ user: String) throws -> [ClosedWalletPosition] {
        var result: [ClosedWalletPosition] = []
        while true {
            let page = try client.closedPositions(user: user, limit: 50, offset: result.count)
            result += page
            if page.count < 50 { return result }
        }
    }

    @Test func informedWallets_showTheirEdgeAndWinnersAreRedeemedOutOfPositions() throws {
        let simulator = try Self.start()
        defer { simulator.stop() }
        let client = Self.client(simulator)
        let truth = try Self.truth(simulator)
        #expect(truth.count == 400)
        #expect(truth.filter { $0.archetype == "protocol" }.count == 1 && truth.filter { $0.archetype == "sybil" }.count == 30)

        /// The price-relative edge measured from what the API shows: won holdings (closed, paid 1)
        /// and lost ones (still listed, worth 0), each outcome minus its average price.
        func measuredEdge(_ user: String) throws -> (edge: Decimal, resolved: Int) {
            let positions = try client.positions(user: user, sizeThreshold: 0)
            let closed = try Self.allClosed(client, user)
            let openAssets = Set(positions.map(\.tokenID))
            #expect(closed.allSatisfy { !openAssets.contains($0.tokenID) }, "a redeemed winner is gone from /positions")
            let lost = positions.filter { $0.redeemable }
            #expect(lost.allSatisfy { $0.currentPrice == 0 && $0.currentValue == 0 })
            let outcomes = closed.map { 1 - ($0.averagePrice ?? 0) } + lost.map { 0 - ($0.averagePrice ?? 0) }
            guard !outcomes.isEmpty else { return (0, 0) }
            return (outcomes.reduce(0, +) / Decimal(outcomes.count), outcomes.count)
        }
        let informed = truth.filter { $0.archetype == "informed" }
        let noise = truth.filter { $0.archetype == "noise" }.prefix(60)
        #expect(informed.count >= 20)
        let informedEdges = try informed.map { try measuredEdge($0.address) }
        let noiseEdges = try noise.map { try measuredEdge($0.address) }
        let informedMean = informedEdges.map(\.edge).reduce(0, +) / Decimal(informedEdges.count)
        let noiseMean = noiseEdges.map(\.edge).reduce(0, +) / Decimal(noiseEdges.count)
        let trueMean = informed.map(\.edge).reduce(0, +) / Decimal(informed.count)
        #expect(informedMean > noiseMean + Decimal(string: "0.06")!, "informed \(informedMean), noise \(noiseMean)")
        #expect(abs(informedMean - trueMean) < Decimal(string: "0.04")!, "measured \(informedMean), true \(trueMean)")
        #expect(abs(noiseMean) < Decimal(string: "0.04")!, "noise traders have no edge: \(noiseMean)")
        #expect(informedEdges.allSatisfy { $0.resolved >= 15 }, "enough resolved markets to measure")
    }

    @Test func liquidityProvidersSybilsAndTheProtocolWallet_lookAsOnPolymarket() throws {
        let simulator = try Self.start()
        defer { simulator.stop() }
        let client = Self.client(simulator)
        let truth = try Self.truth(simulator)

        // The protocol wallet: both sides of each market it holds, at zero cost.
        let protocolWallet = try #require(truth.first { $0.archetype == "protocol" })
        let held = try client.positions(user: protocolWallet.address, sizeThreshold: 0)
        #expect(!held.isEmpty && held.allSatisfy { $0.averagePrice == 0 && $0.initialValue == 0 })
        let sides = Dictionary(grouping: held, by: \.conditionID)
        #expect(sides.values.allSatisfy { $0.count == 2 })

        // Liquidity providers: equal size on both sides of each market, reward and rebate income.
        let provider = try #require(truth.first { $0.archetype == "liquidity_provider" })
        let activity = try client.activity(user: provider.address, limit: 500)
        #expect(activity.contains { $0.type == "REWARD" } && activity.contains { $0.type == "MAKER_REBATE" })
        let trades = activity.filter(\.isTrade)
        let byMarket = Dictionary(grouping: trades, by: { $0.conditionID ?? "" })
        #expect(
            byMarket.values.allSatisfy { legs in
                let yes = legs.filter { $0.outcomeIndex == 0 }.compactMap(\.size).reduce(0, +)
                let no = legs.filter { $0.outcomeIndex == 1 }.compactMap(\.size).reduce(0, +)
                return yes == no
            })
        #expect(activity.filter { !$0.isTrade }.allSatisfy { $0.tokenID == nil && $0.outcomeIndex == 999 && $0.price == 0 })

        // Sybils: each cluster's members trade the same markets, side and size, within two minutes.
        for cluster in 0..<3 {
            let members = truth.filter { $0.cluster == cluster }.map(\.address)
            #expect(members.count == 10)
            let fills = try members.map { try client.trades(limit: 1_000, user: $0) }
            let shapes = fills.map { Set($0.map { "\($0.conditionID ?? "") \($0.outcomeIndex ?? -1) \($0.size ?? 0)" }) }
            #expect(Set(shapes).count == 1, "cluster \(cluster) trades in step")
            let firstMarket = try #require(fills[0].first?.conditionID)
            let times = fills.compactMap { $0.first { $0.conditionID == firstMarket }?.timestamp }
            #expect((times.max() ?? 0) - (times.min() ?? 0) <= 120)
        }
    }

    @Test func rowsHaveTheRecordedShapes_sameSeedSameWallets_andBadInputIs400() throws {
        let simulator = try Self.start(wallets: 200)
        defer { simulator.stop() }
        let truth = try Self.truth(simulator)
        let informed = try #require(truth.first { $0.archetype == "informed" }).address
        func keys(_ target: String) throws -> Set<String> {
            let rows = try JSONSerialization.jsonObject(with: Data(simulator.application.request("GET", target, listener: "data").body))
            return Set((rows as? [[String: Any]])?.first?.keys.map { $0 } ?? [])
        }
        func recordedKeys(_ path: String) throws -> Set<String> {
            let rows = try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixturesDirectory + "/data-api-wallets/" + path)))
            return Set((rows as! [[String: Any]])[0].keys)
        }
        #expect(try keys("/positions?user=\(informed)&sizeThreshold=0") == recordedKeys("positions/v1-positions-kch123-5rows.json"))
        #expect(try keys("/closed-positions?user=\(informed)") == recordedKeys("closed-positions/v1-closed-positions-kch123-5rows.json"))
        #expect(try keys("/activity?user=\(informed)") == recordedKeys("activity/v1-activity-all-types-limit50-leaderboard-no1.json"))
        #expect(try keys("/trades?user=\(informed)") == recordedKeys("trades/v1-trades-global-takerOnly-cash10k-limit5.json"))

        // Another simulator with the same seed: the same wallets and the same positions, byte for byte.
        let twin = try Self.start(wallets: 200)
        defer { twin.stop() }
        #expect(
            twin.application.request("GET", "/sim/wallets/truth").body == simulator.application.request("GET", "/sim/wallets/truth").body)
        let target = "/positions?user=\(informed)&sizeThreshold=0"
        #expect(
            twin.application.request("GET", target, listener: "data").body
                == simulator.application.request("GET", target, listener: "data").body)

        // Bad input, as the Data API answers it; an unknown wallet simply has nothing.
        for (target, status) in [
            ("/positions", 400), ("/positions?user=0x12", 400), ("/activity?user=\(informed)&offset=3001", 400),
            ("/closed-positions?user=\(informed)&limit=51", 400), ("/positions?user=0x\(String(repeating: "a", count: 40))", 200),
        ] {
            let response = simulator.application.request("GET", target, listener: "data")
            #expect(response.status.code == status, "\(target): \(response.text)")
        }
        let stranger = "0x" + String(repeating: "a", count: 40)
        #expect(simulator.application.request("GET", "/positions?user=\(stranger)", listener: "data").text == "[]")
        #expect(
            simulator.application.request("GET", "/traded?user=\(stranger)", listener: "data").text
                == #"{"traded":0,"user":"\#(stranger)"}"#)
        #expect(
            simulator.application.request("GET", "/value?user=\(stranger)", listener: "data").text
                == #"[{"user":"\#(stranger)","value":0}]"#)
        // What the client reads of a known wallet: its value is its open positions' worth, and it traded.
        let client = Self.client(simulator)
        let open = try client.positions(user: informed, sizeThreshold: 0).filter { !$0.redeemable }.compactMap(\.currentValue).reduce(0, +)
        #expect(try client.value(user: informed)?.value == open)
        #expect(try client.traded(user: informed).traded > 0)
    }

    /// A market's holders, its positions with their P&L and the leaderboard agree with what each
    /// wallet's own routes show (read separately through the client), and informed wallets lean
    /// toward each open market's hidden fate.
    @Test func holdersMarketPositionsAndLeaderboard_agreeWithEachWalletsOwnRoutes() throws {
        let simulator = try Self.start()
        defer { simulator.stop() }
        let client = Self.client(simulator)
        let revealed = try Self.revealed(simulator)
        let archetypes = Dictionary(uniqueKeysWithValues: revealed.wallets.map { ($0.address, $0.archetype) })

        // The open market with the most fills.
        var busiest: (condition: String, wallets: Set<String>) = ("", [])
        for fate in revealed.open_markets {
            let wallets = Set(try client.trades(limit: 10_000, market: fate.condition_id).compactMap(\.proxyWallet))
            if wallets.count > busiest.wallets.count { busiest = (fate.condition_id, wallets) }
        }
        #expect(busiest.wallets.count >= 5)
        var held: [String: Decimal] = [:]
        for wallet in busiest.wallets {
            for position in try client.positions(user: wallet, sizeThreshold: 0) where position.conditionID == busiest.condition {
                held["\(wallet) \(position.tokenID)"] = position.size
            }
        }
        let holders = try client.holders(market: busiest.condition)
        #expect(holders.count == 2)
        for token in holders {
            #expect(token.holders.count <= 20 && zip(token.holders, token.holders.dropFirst()).allSatisfy { $0.amount >= $1.amount })
            for holder in token.holders { #expect(held["\(holder.proxyWallet) \(token.token)"] == holder.amount) }
        }
        let marketPositions = try client.marketPositions(market: busiest.condition, status: "ALL")
        #expect(marketPositions.flatMap(\.positions).count == held.count, "one row per wallet and token")
        for position in marketPositions.flatMap(\.positions) {
            #expect(held["\(position.proxyWallet) \(position.tokenID)"] == position.size)
            #expect(position.totalPnl == (position.realizedPnl ?? 0) + (position.cashPnl ?? 0))
        }

        // The leaderboard: best first, and a wallet's P&L is what its own routes add up to.
        let board = try client.leaderboard(limit: 50)
        #expect(board.count == 50 && zip(board, board.dropFirst()).allSatisfy { ($0.pnl ?? 0) >= ($1.pnl ?? 0) })
        let leader = try #require(board.first)
        let open = try client.positions(user: leader.proxyWallet, sizeThreshold: 0).compactMap(\.cashPnl).reduce(0, +)
        let closed = try Self.allClosed(client, leader.proxyWallet).compactMap(\.realizedPnl).reduce(0, +)
        #expect(leader.pnl == open + closed, "leader \(leader.proxyWallet): \(String(describing: leader.pnl)) vs \(open + closed)")
        #expect(try client.leaderboard(user: leader.proxyWallet).first?.rank == 1)

        // Informed wallets' open holdings sit on the hidden fate more often than noise traders'.
        func onFate(_ archetype: String) throws -> Double {
            var hits = 0, total = 0
            for fate in revealed.open_markets.prefix(60) {
                for token in try client.marketPositions(market: fate.condition_id, status: "OPEN") {
                    for position in token.positions where archetypes[position.proxyWallet] == archetype {
                        total += 1
                        if position.market.outcomeIndex == fate.winning_outcome_index { hits += 1 }
                    }
                }
            }
            return total == 0 ? 0 : Double(hits) / Double(total)
        }
        let informed = try onFate("informed"), noise = try onFate("noise")
        #expect(informed > noise + 0.1, "informed \(informed), noise \(noise)")
    }

    /// The v2 wallet routes: the recorded v2 shapes, cursor paging, and the same holdings as v1.
    @Test func v2WalletRoutes_haveTheRecordedShapesAndAgreeWithV1() throws {
        let simulator = try Self.start(wallets: 200)
        defer { simulator.stop() }
        let client = Self.client(simulator)
        let truth = try Self.truth(simulator)
        let wallet = try #require(truth.first { $0.archetype == "informed" }).address
        func json(_ target: String) throws -> [String: Any] {
            let response = simulator.application.request("GET", target, listener: "data")
            #expect(response.status == .ok, "\(target): \(response.text)")
            return try JSONSerialization.jsonObject(with: Data(response.body)) as! [String: Any]
        }
        func recorded(_ path: String) throws -> [String: Any] {
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixturesDirectory + "/data-api-wallets/" + path)))
                as! [String: Any]
        }
        func firstRowKeys(_ page: [String: Any]) -> Set<String> { Set(((page["data"] as? [[String: Any]])?.first ?? [:]).keys) }
        #expect(
            firstRowKeys(try json("/v2/positions?user=\(wallet)")) == firstRowKeys(try recorded("positions/v2-positions-open-limit2.json")))
        #expect(firstRowKeys(try json("/v2/activity?user=\(wallet)")) == firstRowKeys(try recorded("activity/v2-activity-limit2.json")))
        #expect(
            firstRowKeys(try json("/v2/leaderboard?limit=5"))
                == firstRowKeys(try recorded("leaderboard/v2-leaderboard-week-pnl-limit2.json")))
        #expect(
            Set((try json("/v2/leaderboard?user=\(wallet)")["data"] as! [String: Any]).keys)
                == Set((try recorded("leaderboard/v2-leaderboard-user-week.json")["data"] as! [String: Any]).keys))
        #expect(Set((try json("/v2/value?user=\(wallet)")["data"] as! [String: Any]).keys) == ["proxy_wallet", "value"])

        // Paged three at a time by cursor, v2 holds what v1 shows: open and redeemable positions
        // as /positions lists them, closed ones as /closed-positions does.
        var rows: [WalletPosition] = []
        var cursor: String?
        repeat {
            let target = "/v2/positions?user=\(wallet)&limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try JSONDecoder().decode(
                DataAPIList<WalletPosition>.self, from: Data(simulator.application.request("GET", target, listener: "data").body))
            rows += page.items
            cursor = page.pagination?.nextCursor
        } while cursor != nil
        let v1Open = try client.positions(user: wallet, sizeThreshold: 0)
        let v1Closed = try Self.allClosed(client, wallet)
        #expect(rows.count == v1Open.count + v1Closed.count)
        #expect(Set(rows.filter { $0.status != "CLOSED" }.map(\.tokenID)) == Set(v1Open.map(\.tokenID)))
        #expect(Set(rows.filter { $0.status == "CLOSED" }.map(\.tokenID)) == Set(v1Closed.map(\.tokenID)))
        let redeemable = rows.filter { $0.status == "REDEEMABLE" }
        #expect(redeemable.allSatisfy { $0.redeemable })
        #expect(simulator.application.request("GET", "/v2/positions?user=\(wallet)&offset=3", listener: "data").status.code == 400)
    }

    /// v2's statistics: the recorded shapes, the P&L split that tells a liquidity provider from a
    /// trader, and the biggest wins as the winners' own closed positions show them.
    @Test func v2WalletStatistics_splitLiquidityIncomeFromTradingAndRankTheBiggestWins() throws {
        let simulator = try Self.start(wallets: 200)
        defer { simulator.stop() }
        let client = Self.client(simulator)
        let truth = try Self.truth(simulator)
        func body(_ target: String) -> Data { Data(simulator.application.request("GET", target, listener: "data").body) }
        func recorded(_ path: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.fixturesDirectory + "/data-api-wallets/" + path))
        }
        func keys(_ data: Data, _ path: [String]) throws -> Set<String> {
            var value: Any = try JSONSerialization.jsonObject(with: data)
            for step in path { value = (value as? [String: Any])?[step] ?? ((value as? [Any])?.first as? [String: Any])?[step] as Any }
            if let list = value as? [[String: Any]] { return Set(list.first?.keys.map { $0 } ?? []) }
            return Set((value as? [String: Any])?.keys.map { $0 } ?? [])
        }
        let provider = try #require(truth.first { $0.archetype == "liquidity_provider" }).address
        let informed = try #require(truth.first { $0.archetype == "informed" }).address
        let stats = body("/v2/user-stats?user=\(provider)")
        #expect(try keys(stats, ["data"]) == keys(try recorded("other-v2/v2-user-stats.json"), ["data"]))
        #expect(try keys(stats, ["data", "all_time_pnl"]) == keys(try recorded("other-v2/v2-user-stats.json"), ["data", "all_time_pnl"]))
        let pnl = body("/v2/user-pnl?user=\(informed)&interval=1w&fidelity=1d")
        #expect(try keys(pnl, ["data"]) == keys(try recorded("other-v2/v2-user-pnl-1w-1d.json"), ["data"]))
        let winners = body("/v2/biggest-winners?limit=5")
        #expect(try keys(winners, ["data"]) == keys(try recorded("other-v2/v2-biggest-winners-week-limit2.json"), ["data"]))

        // Decoded by the client's types: a liquidity provider's settled P&L is LP P&L with reward
        // and rebate income; an informed trader's is market P&L.
        let providerStats = try JSONDecoder().decode(DataAPIObject<WalletStats>.self, from: stats).item
        #expect(providerStats.allTime?.realizedLPPnl != 0 && providerStats.allTime?.realizedMarketPnl == 0)
        #expect((providerStats.allTime?.rewardIncome ?? 0) > 0 && (providerStats.allTime?.makerRebate ?? 0) > 0)
        let informedStats = try JSONDecoder().decode(DataAPIObject<WalletStats>.self, from: body("/v2/user-stats?user=\(informed)")).item
        let closed = try Self.allClosed(client, informed).compactMap(\.realizedPnl).reduce(0, +)
        let lost = try client.positions(user: informed, sizeThreshold: 0).filter(\.redeemable).compactMap(\.initialValue).reduce(0, +)
        #expect(informedStats.allTime?.realizedMarketPnl == closed - lost, "settled P&L is what the closed and dead positions hold")
        #expect(try JSONDecoder().decode(DataAPIObject<WalletPnLSeries>.self, from: pnl).item.points.count == 7)

        // The biggest wins, best first, each its winner's own closed position.
        let wins = try JSONDecoder().decode(DataAPIList<BiggestWin>.self, from: winners).items
        #expect(wins.count == 5 && zip(wins, wins.dropFirst()).allSatisfy { ($0.pnl ?? 0) >= ($1.pnl ?? 0) })
        let top = try #require(wins.first)
        #expect(try Self.allClosed(client, top.proxyWallet).contains { $0.conditionID == top.conditionID && $0.realizedPnl == top.pnl })
    }

    /// The scoring methods on the simulated population, all read through the client: ranked by
    /// shrunk edge (at least 20 resolved markets), the top 20 of 800 wallets are mostly the truly
    /// informed, and every liquidity provider, market maker and protocol wallet is classified out
    /// of smart money before ranking.
    @Test func scoringThePopulation_ranksInformedWalletsFirstAndClassifiesLiquidityOut() throws {
        let simulator = try Self.start(wallets: 800, seed: 11)
        defer { simulator.stop() }
        let client = Self.client(simulator)
        let truth = try Self.truth(simulator)
        var skills: [String: WalletSkill] = [:]
        var classes: [String: WalletClass] = [:]
        for wallet in truth {
            let open = try client.positions(user: wallet.address, sizeThreshold: 0)
            let closed = try Self.allClosed(client, wallet.address)
            let buys =
                closed.map { ResolvedBuy(price: $0.averagePrice ?? 0, stake: ($0.averagePrice ?? 0) * ($0.totalBought ?? 0), won: true) }
                + open.filter(\.redeemable).map { ResolvedBuy(price: $0.averagePrice ?? 0, stake: $0.initialValue ?? 0, won: false) }
            skills[wallet.address] = WalletSkill(buys)
            // Indicators from the same rows: markets held on both sides, positions bought for nothing.
            let sides = Dictionary(grouping: open.map(\.conditionID) + closed.map(\.conditionID), by: { $0 }).values
            let bothSides = sides.isEmpty ? 0 : Double(sides.filter { $0.count >= 2 }.count) / Double(sides.count)
            let rows = open.count + closed.count
            let free =
                rows == 0
                ? 0 : Double(open.filter { $0.averagePrice == 0 }.count + closed.filter { $0.averagePrice == 0 }.count) / Double(rows)
            classes[wallet.address] = WalletClass.classify(.init(liquidityIncomeShare: 0, bothSidesShare: bothSides, zeroCostShare: free))
        }
        let traders = truth.filter { classes[$0.address] == .trader }
        #expect(traders.allSatisfy { !["liquidity_provider", "market_maker", "protocol"].contains($0.archetype) }, "classified out")
        let shrinkage = EdgeShrinkage(population: traders.compactMap { skills[$0.address] })
        let ranked = traders.filter { (skills[$0.address]?.resolved ?? 0) >= 20 }
            .sorted { shrinkage.shrunk(skills[$0.address]!) > shrinkage.shrunk(skills[$1.address]!) }
        let top = ranked.prefix(20)
        let informed = top.filter { $0.archetype == "informed" }.count
        #expect(informed >= 16, "\(informed) of the top 20 are truly informed: \(top.map(\.archetype))")
    }
}
