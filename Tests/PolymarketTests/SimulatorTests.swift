import Foundation
import HTTPClient
import Logging
import Polymarket
import TestSupport
import Testing

/// The simulator's own behaviour: clock, resolution, determinism and scaling.
@Suite("Polymarket simulator", .serialized, .tags(.stack))
struct SimulatorTests {
    static let dataset = SimulatedWorld.smallDataset

    func start(_ extra: [String] = []) throws -> ServiceProcess {
        try ServiceProcess.simulator(arguments: SimulatedWorld.simulatorArguments(Self.dataset) + extra)
    }

    func client(_ simulator: ServiceProcess) -> PolymarketClient {
        var configuration = PolymarketConfiguration()
        configuration.gammaURL = simulator.gammaURL
        configuration.clobURL = simulator.clobURL
        configuration.dataURL = simulator.dataURL
        configuration.maxAttempts = 1
        return PolymarketClient(
            transport: PolymarketTransport(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }))
    }

    /// POSTs to the control port (`/sim/…`) or, for the CLOB's batch reads, the CLOB's.
    func post(_ simulator: ServiceProcess, _ path: String, _ json: String) throws -> HTTPClientResponse {
        let host = path.hasPrefix("/sim/") ? simulator.gammaURL : simulator.clobURL
        return try HTTPClient().sendJSON("POST", host + path, body: Array(json.utf8))
    }

    func firstQuotedMarket(_ client: PolymarketClient) throws -> GammaMarket {
        try #require(try client.marketsPage(limit: 50).items.first { $0.bestBid != nil && $0.bestAsk != nil })
    }

    @Test func withAnAPIToken_readsThatUsePOSTStayOpenAndControlNeedsTheToken() throws {
        let simulator = try ServiceProcess.simulator(
            arguments: SimulatedWorld.simulatorArguments(Self.dataset),
            environment: ["PRESCIENT_API_TOKEN": "secret-0123456789"])
        let token = try #require(try firstQuotedMarket(client(simulator)).yesTokenID)
        #expect(try post(simulator, "/books", #"[{"token_id":"\#(token)"}]"#).status == 200)
        #expect(try post(simulator, "/midpoints", #"[{"token_id":"\#(token)"}]"#).status == 200)
        #expect(try post(simulator, "/sim/advance", #"{"seconds":60}"#).status == 401)
    }

    @Test func lookupByConditionIDs_behavesAsGamma_repeatedKeysAndClosedOnlyOnRequest() throws {
        let simulator = try start()
        let markets = try client(simulator).marketsPage(limit: 3).items
        let ids = markets.map(\.conditionID)
        try #require(ids.count == 3)
        #expect(try post(simulator, "/sim/resolve", #"{"condition_id":"\#(ids[0])","outcome":"YES"}"#).status == 200)
        let http = HTTPClient()
        func count(_ query: String) throws -> Int {
            let response = try http.get(simulator.baseURL + "/markets?" + query)
            return (try JSONSerialization.jsonObject(with: Data(response.body)) as? [Any])?.count ?? -1
        }
        let repeated = ids.map { "condition_ids=\($0)" }.joined(separator: "&")
        #expect(try count(repeated) == 2, "without closed=true the resolved market is left out")
        #expect(try count(repeated + "&closed=true") == 1)
        #expect(try count("condition_ids=" + ids.joined(separator: ",") + "&closed=false") == 0, "a comma-joined value is one id")
        let closed = try client(simulator).closedMarkets(conditionIDs: ids)
        #expect(closed.map(\.conditionID) == [ids[0]])
    }

    @Test func advancingTheClock_movesPricesDeterministically() throws {
        let first = try start(["--seed", "7"])
        let second = try start(["--seed", "7"])
        let token = try #require(try firstQuotedMarket(client(first)).yesTokenID)
        let before = try client(first).midpoint(tokenID: token)
        var moved = false
        for _ in 0..<5 {
            #expect(try post(first, "/sim/advance", #"{"seconds":3600}"#).status == 200)
            #expect(try post(second, "/sim/advance", #"{"seconds":3600}"#).status == 200)
            let a = try client(first).book(tokenID: token)
            let b = try client(second).book(tokenID: token)
            #expect(a.bids == b.bids && a.asks == b.asks)
            if try client(first).midpoint(tokenID: token) != before { moved = true }
        }
        #expect(moved)
        #expect(try post(first, "/sim/reset", "{}").status == 200)
        #expect(try client(first).midpoint(tokenID: token) == before)
    }

    @Test func resolvingAMarket_closesItInGammaAndRemovesItsBook() throws {
        let simulator = try start()
        let api = client(simulator)
        let market = try firstQuotedMarket(api)
        let token = try #require(market.yesTokenID)
        #expect(try post(simulator, "/sim/resolve", #"{"condition_id":"\#(market.conditionID)","outcome":"NO"}"#).status == 200)
        #expect(throws: PolymarketError.self) { _ = try api.book(tokenID: token) }
        let openIDs = try api.marketsPage(closed: false, limit: 100).items.map(\.id)
        #expect(!openIDs.contains(market.id))
        let closed = try api.marketsPage(closed: true, limit: 100).items
        let resolved = try #require(closed.first { $0.id == market.id })
        #expect(resolved.closed == true)
        #expect(resolved.outcomePrices == [0, 1])
        #expect(resolved.umaResolutionStatus == "resolved")
        // Same outcome again is fine; a different one conflicts.
        #expect(try post(simulator, "/sim/resolve", #"{"condition_id":"\#(market.conditionID)","outcome":"NO"}"#).status == 200)
        #expect(try post(simulator, "/sim/resolve", #"{"condition_id":"\#(market.conditionID)","outcome":"YES"}"#).status == 409)
    }

    @Test func booksAreSortedLikeTheRealCLOB() throws {
        let simulator = try start()
        let api = client(simulator)
        let markets = try api.marketsPage(limit: 30).items.filter { $0.bestBid != nil }
        let books = try api.books(tokenIDs: markets.compactMap(\.yesTokenID))
        #expect(books.count == markets.count)
        for book in books {
            #expect(book.bids.map(\.price) == book.bids.map(\.price).sorted())
            #expect(book.asks.map(\.price) == book.asks.map(\.price).sorted(by: >))
            let bid = try #require(book.bestBid?.price)
            let ask = try #require(book.bestAsk?.price)
            #expect(bid < ask)
        }
    }

    @Test func scaleOption_clonesRecordedMarketsWithFreshIDs() throws {
        let simulator = try start(["--scale", "1200"])
        let api = client(simulator)
        var ids = Set<String>()
        var tokens = Set<String>()
        var cursor: String?
        repeat {
            let page = try api.marketsPage(limit: 100, afterCursor: cursor)
            for market in page.items {
                ids.insert(market.id)
                tokens.formUnion(market.clobTokenIDs)
            }
            cursor = page.nextCursor
        } while cursor != nil
        #expect(ids.count == 1_200)
        #expect(tokens.count == 2_400)
        var nested = 0
        try api.allEvents(closed: false) { page in nested += page.items.reduce(0) { $0 + ($1.markets?.count ?? 0) } }
        #expect(nested == 1_200)
    }

    @Test func pricesHistory_servesRecordedSeriesAndSynthesisedOnes() throws {
        let simulator = try start()
        let api = client(simulator)
        let token = try #require(try firstQuotedMarket(api).yesTokenID)
        let day = try api.pricesHistory(tokenID: token, interval: "1d", fidelity: 60)
        #expect(day.history.count == 25)
        #expect(day.history.allSatisfy { $0.p > 0 && $0.p < 1 })
        let holders = try api.holders(market: "0x0")
        #expect(holders.isEmpty)
    }
}
