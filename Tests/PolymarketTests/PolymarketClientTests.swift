import Foundation
import HTTPClient
import Logging
import Polymarket
import TestSupport
import Testing

/// The client against the real simulator process and its fault injection.
@Suite("Polymarket client resilience", .serialized, .tags(.stack))
struct PolymarketClientTests {
    static let simulator = Result {
        try ServiceProcess.simulator(arguments: SimulatedWorld.simulatorArguments())
    }

    func makeClient(
        _ simulator: ServiceProcess, attempts: Int = 4, threshold: Int = 50, timeout: Double = 2, maxBackoff: Double = 0.05
    ) -> PolymarketClient {
        var configuration = PolymarketConfiguration()
        configuration.gammaURL = simulator.gammaURL
        configuration.clobURL = simulator.clobURL
        configuration.dataURL = simulator.dataURL
        configuration.maxAttempts = attempts
        configuration.baseBackoff = 0.01
        configuration.maxBackoff = maxBackoff
        configuration.requestTimeout = timeout
        configuration.breakerFailureThreshold = threshold
        configuration.breakerCooldown = 0.5
        let transport = PolymarketTransport(
            configuration: configuration, http: HTTPClient(defaultTimeout: timeout),
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        return PolymarketClient(transport: transport)
    }

    func setFaults(_ simulator: ServiceProcess, _ json: String) throws {
        let response = try HTTPClient().sendJSON("POST", simulator.baseURL + "/sim/faults", body: Array(json.utf8))
        #expect(response.status == 200)
    }

    @Test func keysetPaging_followsCursorsUntilTheLastPage() throws {
        let simulator = try Self.simulator.get()
        try setFaults(simulator, "{}")
        let client = makeClient(simulator)
        var events = 0
        var markets = 0
        var pages = 0
        try client.allEvents(closed: false, pageLimit: 5) { page in
            pages += 1
            events += page.items.count
            markets += page.items.reduce(0) { $0 + ($1.markets?.count ?? 0) }
        }
        #expect(pages > 1)
        #expect(markets == 500)
        var marketPages = 0
        var cursor: String?
        var seen = Set<String>()
        repeat {
            let page = try client.marketsPage(limit: 100, afterCursor: cursor)
            marketPages += 1
            for market in page.items { seen.insert(market.id) }
            cursor = page.nextCursor
        } while cursor != nil
        #expect(seen.count == 500)
        #expect(marketPages == 5)
        _ = events
    }

    @Test func transientFailures_areRetriedUntilSuccess() throws {
        let simulator = try Self.simulator.get()
        try setFaults(simulator, #"{"rate_429":0.3,"rate_500":0.3,"rate_malformed":0.2}"#)
        defer { try? setFaults(simulator, "{}") }
        let client = makeClient(simulator, attempts: 30)
        for _ in 0..<10 {
            let page = try client.marketsPage(limit: 5)
            #expect(page.items.count == 5)
        }
        #expect(client.transport.statistics.retries > 0)
    }

    @Test func timeouts_areRetried() throws {
        let simulator = try Self.simulator.get()
        try setFaults(simulator, #"{"rate_timeout":0.5,"timeout_ms":1500}"#)
        defer { try? setFaults(simulator, "{}") }
        let client = makeClient(simulator, attempts: 20, timeout: 0.5)
        let page = try client.marketsPage(limit: 3)
        #expect(page.items.count == 3)
    }

    @Test func persistentFailure_givesUpWithTheLastStatus() throws {
        let simulator = try Self.simulator.get()
        try setFaults(simulator, #"{"rate_500":1}"#)
        defer { try? setFaults(simulator, "{}") }
        let client = makeClient(simulator, attempts: 3)
        do {
            _ = try client.marketsPage(limit: 3)
            Issue.record("a permanently failing API must fail")
        } catch let error as PolymarketError {
            guard case .http(let status, _, _) = error else {
                Issue.record("expected an HTTP error, got \(error)")
                return
            }
            #expect(status == 500)
        }
        #expect(client.transport.statistics.requests == 3)
    }

    @Test func circuitBreaker_failsFastWhileOpenAndRecovers() throws {
        let simulator = try Self.simulator.get()
        try setFaults(simulator, #"{"rate_500":1}"#)
        let client = makeClient(simulator, attempts: 1, threshold: 3)
        for _ in 0..<3 { _ = try? client.marketsPage(limit: 1) }
        let requestsBefore = client.transport.statistics.requests
        do {
            _ = try client.marketsPage(limit: 1)
            Issue.record("an open circuit must fail fast")
        } catch let error as PolymarketError {
            guard case .circuitOpen = error else {
                Issue.record("expected circuitOpen, got \(error)")
                return
            }
        }
        #expect(client.transport.statistics.requests == requestsBefore)
        try setFaults(simulator, "{}")
        Thread.sleep(forTimeInterval: 0.6)
        #expect(try client.marketsPage(limit: 1).items.count == 1)
        #expect(client.transport.breaker(for: "gamma")?.state == .closed)
    }

    @Test func retryAfter_isHonoured() throws {
        let simulator = try Self.simulator.get()
        try setFaults(simulator, #"{"rate_429":1,"retry_after_s":1}"#)
        defer { try? setFaults(simulator, "{}") }
        // Without Retry-After the backoff would be at most 0.01 s (baseBackoff).
        let client = makeClient(simulator, attempts: 2, maxBackoff: 5)
        let started = Date()
        _ = try? client.marketsPage(limit: 1)
        #expect(Date().timeIntervalSince(started) >= 0.9)
        #expect(client.transport.statistics.retries == 1)
    }

    @Test func clobEndpoints_returnBooksMidpointsAndHistory() throws {
        let simulator = try Self.simulator.get()
        try setFaults(simulator, "{}")
        let client = makeClient(simulator)
        let market = try #require(try client.marketsPage(limit: 20).items.first { $0.bestBid != nil })
        let token = try #require(market.yesTokenID)
        let book = try client.book(tokenID: token)
        #expect(book.assetID == token)
        #expect(book.bestBid != nil && book.bestAsk != nil)
        #expect(book.bids.last == book.bestBid)
        let books = try client.books(tokenIDs: market.clobTokenIDs)
        #expect(books.count == 2)
        let mid = try #require(try client.midpoint(tokenID: token))
        #expect(mid > 0 && mid < 1)
        let mids = try client.midpoints(tokenIDs: market.clobTokenIDs)
        #expect(mids.count == 2)
        let history = try client.pricesHistory(tokenID: token, interval: "1h", fidelity: 5)
        #expect(history.history.count == 13)
        #expect(try client.trades(limit: 10).count == 10)
    }
}
