import Foundation
import HTTPClient
import Postgres
import PrescientCore
import TestSupport
import Testing

@Suite("Events and markets exports end to end", .serialized, .tags(.stack, .database))
struct MarketDataExportTests {
    @Test func exports_storeTheDatasetAndASecondExportUpdatesInsteadOfDuplicating() throws {
        let stack = try MarketDataStack()
        let facts = try DatasetFacts(SimulatedWorld.smallDataset)

        let events = try stack.get(stack.events.baseURL + "/events/export-all-active-events-db")
        #expect(events.status == 200)
        #expect(events.json["status"] as? String == "success")
        #expect(events.json["events_exported"] as? Int == facts.events)
        #expect(events.json["duration_ms"] is Int)
        let markets = try stack.get(stack.markets.baseURL + "/markets/export-all-markets-db")
        #expect(markets.status == 200)
        #expect(markets.json["markets_exported"] as? Int == facts.marketsWithEvent)
        #expect(try stack.count("SELECT count(*) AS n FROM events") == facts.events)
        #expect(try stack.count("SELECT count(*) AS n FROM markets") == facts.marketsWithEvent)
        #expect(try stack.count("SELECT count(*) AS n FROM markets WHERE raw->>'id' = id AND NOT raw ? 'events'") == facts.marketsWithEvent)

        // Again: same rows, no duplicates, nothing retired.
        let again = try stack.get(stack.markets.baseURL + "/markets/export-all-markets-db")
        #expect(again.json["markets_exported"] as? Int == facts.marketsWithEvent)
        #expect(again.json["markets_marked_inactive"] as? Int == 0)
        // Unchanged payloads are not sent again, and are kept as they were.
        #expect(
            try stack.count("SELECT count(*) AS n FROM markets WHERE raw->>'id' = id AND raw_hash IS NOT NULL") == facts.marketsWithEvent)
        _ = try stack.get(stack.events.baseURL + "/events/export-all-active-events-db")
        #expect(try stack.count("SELECT count(*) AS n FROM events") == facts.events)
        #expect(try stack.count("SELECT count(*) AS n FROM markets") == facts.marketsWithEvent)
    }

    @Test func marketsThatLeaveOrCloseAreFlaggedButNeverDeleted() throws {
        let stack = try MarketDataStack()
        let facts = try DatasetFacts(SimulatedWorld.smallDataset)
        _ = try stack.get(stack.markets.baseURL + "/markets/export-all-markets-db")
        let open = try stack.pool.execute(
            "SELECT id, condition_id FROM markets WHERE passes_quality_filter AND id <> \(facts.firstMarketID) ORDER BY id LIMIT 1")[0]
        let resolvedCondition = try open.decode("condition_id", as: String.self)
        let resolvedID = try open.decode("id", as: String.self)

        #expect(try stack.post(stack.simulator.baseURL + "/sim/delist", json: #"{"market_id":"\#(facts.firstMarketID)"}"#).status == 200)
        #expect(
            try stack.post(stack.simulator.baseURL + "/sim/resolve", json: #"{"condition_id":"\#(resolvedCondition)","outcome":"YES"}"#)
                .status == 200)
        let export = try stack.get(stack.markets.baseURL + "/markets/export-all-markets-db")
        #expect(export.json["markets_marked_inactive"] as? Int == 1)

        #expect(try stack.count("SELECT count(*) AS n FROM markets") == facts.marketsWithEvent)
        let delisted = try stack.pool.execute(
            "SELECT in_open_universe, passes_quality_filter FROM markets WHERE id = \(facts.firstMarketID)")[0]
        #expect(try delisted.decode("in_open_universe", as: Bool.self) == false)
        #expect(try delisted.decode("passes_quality_filter", as: Bool.self) == false)
        let resolved = try stack.pool.execute("SELECT closed, passes_quality_filter, yes_price FROM markets WHERE id = \(resolvedID)")[0]
        #expect(try resolved.decode("closed", as: Bool.self))
        #expect(try resolved.decode("passes_quality_filter", as: Bool.self) == false)
        #expect(try resolved.decode("yes_price", as: Decimal.self) == 1)
        // The changed payload itself was stored, not only its typed columns.
        #expect(try stack.count("SELECT count(*) AS n FROM markets WHERE id = '\(resolvedID)' AND raw->>'closed' = 'true'") == 1)
        // Read-only queries hide closed and departed markets unless asked.
        let listed = try stack.get(stack.markets.baseURL + "/markets/\(facts.firstMarketID)")
        #expect(listed.json["in_open_universe"] as? Bool == false)
    }

    @Test func candidatesAndFilteredMarketExport_followTheSingePortfolioFlow() throws {
        let stack = try MarketDataStack()
        _ = try stack.get(stack.events.baseURL + "/events/export-all-active-events-db")
        let filter = try stack.get(stack.events.baseURL + "/events/filter-trading-candidates-db?min_liquidity=50000&min_volume=100000")
        #expect(filter.status == 200)
        let candidates = try #require(filter.json["trading_candidates"] as? Int)
        #expect(candidates > 0)
        #expect(try stack.count("SELECT count(*) AS n FROM events WHERE is_candidate") == candidates)
        #expect(try stack.count("SELECT count(*) AS n FROM events WHERE is_candidate AND (liquidity < 50000 OR volume < 100000)") == 0)
        let filtered = try stack.get(stack.markets.baseURL + "/markets/export-filtered-markets-db?min_liquidity=1000&min_volume=0")
        #expect(filtered.status == 200)
        let exported = try #require(filtered.json["markets_exported"] as? Int)
        #expect(exported > 0)
        #expect(try stack.count("SELECT count(*) AS n FROM markets m JOIN events e ON e.id = m.event_id WHERE NOT e.is_candidate") == 0)
        let listed = try stack.get(stack.events.baseURL + "/events?candidates_only=true&limit=500")
        #expect(listed.json["total"] as? Int == candidates)
    }

    @Test func wholeRecordedUniverse_flowsIntoPostgres() throws {
        let stack = try MarketDataStack(dataset: SimulatedWorld.fullDataset)
        let facts = try DatasetFacts(SimulatedWorld.fullDataset)
        #expect(facts.markets == 35_955)
        #expect(facts.events == 8_183)
        let events = try stack.get(stack.events.baseURL + "/events/export-all-active-events-db")
        #expect(events.json["events_exported"] as? Int == 8_183)
        let markets = try stack.get(stack.markets.baseURL + "/markets/export-all-markets-db")
        // One recorded market has no parent event, so no /events page can carry it.
        #expect(facts.marketsWithEvent == 35_954)
        #expect(markets.json["markets_exported"] as? Int == facts.marketsWithEvent)
        #expect(try stack.count("SELECT count(*) AS n FROM markets") == 35_954)
        #expect(try stack.count("SELECT sum(market_count)::int AS n FROM events") == 35_954)
    }
}
