import Foundation
import Polymarket
import PrescientCore
import TestSupport
import Testing

@Suite("Decoding every recorded payload")
struct FixtureDecodingTests {
    func load(_ relative: String) throws -> Data {
        Data(try Gzip.readFile(TestEnvironment.fixturesDirectory + "/" + relative))
    }

    func objectCount(_ data: Data) throws -> Int {
        (try JSONSerialization.jsonObject(with: data) as? [Any])?.count ?? -1
    }

    @Test func wholeActiveUniverse_decodesAll35955Markets() throws {
        let list = try RecordedUniverse.decoded.get()
        #expect(list.skipped == 0)
        #expect(list.markets.count == 35_955)
        #expect(list.markets.allSatisfy { $0.clobTokenIDs.count == 2 && $0.outcomes.count == 2 })
        #expect(list.markets.filter { $0.negRisk == true }.count == 14_866)
        #expect(list.markets.filter { $0.bestBid != nil }.count == 34_278)
        // CLOB token ids are 256-bit integers in decimal: 72 to 78 digits across the recorded universe.
        #expect(
            list.markets.allSatisfy {
                $0.clobTokenIDs.allSatisfy { (72...78).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
            })
        // The raw payloads, sliced without the decoder, carry exactly those ids (the JSON text
        // inside each `clobTokenIds` string, parsed on its own).
        let bytes = try RecordedUniverse.bytes.get()
        let slicer = JSONSlicer(bytes)
        let rows = try #require(slicer.root.flatMap { slicer.elements(ofArray: $0) })
        let rawIDs = rows.map { row -> [String] in
            let text = slicer.value("clobTokenIds", ofObject: row).flatMap(slicer.string(at:)) ?? "[]"
            return ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String]) ?? []
        }
        #expect(rawIDs == list.markets.map(\.clobTokenIDs))
    }

    @Test(arguments: [
        "gamma-markets/markets_active_first500_2026-03-11.json",
        "gamma-markets/markets_open-and-resolved_2026-02-07.json",
        "gamma-markets/markets_resolved_btc-updown-5m_2026-07-24.json",
        "gamma-markets/markets_closed_legacy_2020-2021.json",
    ])
    func marketFiles_decodeEveryObject(file: String) throws {
        let data = try load(file)
        let list = try JSONDecoder().decode(LenientList<GammaMarket>.self, from: data)
        #expect(list.skipped == 0)
        #expect(list.elements.count == (try objectCount(data)))
    }

    @Test func firstMarket_readsStringNumbersAndJSONInsideStrings() throws {
        let markets = try JSONDecoder().decode([GammaMarket].self, from: load("gamma-markets/markets_active_first500_2026-03-11.json"))
        let first = try #require(markets.first)
        #expect(first.id == "531202")
        #expect(first.liquidity == Decimal(string: "1621.93298"))
        #expect(first.outcomes == ["Yes", "No"])
        #expect(first.outcomePrices == [Decimal(string: "0.268")!, Decimal(string: "0.732")!])
        #expect(first.yesTokenID == "75467129615908319583031474642658885479135630431889036121812713428992454630178")
        #expect(first.endDate == ISO8601Lenient.parse("2026-03-31T12:00:00Z"))
        #expect(first.eventID == "21662")
    }

    @Test func feeSchedules_readRateExponentAndTakerOnlyWhereSent() throws {
        let crypto = try JSONDecoder().decode(
            [GammaMarket].self, from: load("gamma-markets/markets_resolved_btc-updown-5m_2026-07-24.json"))
        #expect(crypto.allSatisfy { $0.feeSchedule == FeeSchedule(rate: Decimal(string: "0.07")!, exponent: 1, takerOnly: true) })
        struct Snapshot: Decodable { let gamma_events: [GammaEvent] }
        let snapshots = try JSONDecoder().decode([Snapshot].self, from: load("gamma-events/events_weather_one-run_2026-06-22T00-01Z.json"))
        let weather = snapshots.flatMap(\.gamma_events).flatMap { $0.markets ?? [] }
        #expect(weather.filter { $0.feeSchedule != nil }.count == 88)
        #expect(weather.compactMap(\.feeSchedule).allSatisfy { $0.rate == Decimal(string: "0.05")! && $0.exponent == 1 })
        // Markets without a schedule (fees off) decode to nil, not a default.
        let active = try JSONDecoder().decode([GammaMarket].self, from: load("gamma-markets/markets_active_first500_2026-03-11.json"))
        #expect(active.allSatisfy { $0.feeSchedule == nil })
    }

    @Test func resolvedMarkets_haveOneZeroPricesAndResolvedStatus() throws {
        let markets = try JSONDecoder().decode(
            [GammaMarket].self, from: load("gamma-markets/markets_resolved_btc-updown-5m_2026-07-24.json"))
        #expect(markets.count == 292)
        for market in markets {
            #expect(market.closed == true)
            let prices = market.outcomePrices
            #expect(prices.count == 2)
            #expect(Set(prices) == Set([Decimal(0), Decimal(1)]))
        }
    }

    @Test(arguments: [
        "gamma-events/events_top20_mixed_2025-03-05.json",
        "gamma-events/event_single_open_2026-02-07.json",
        "gamma-events/event_single_closed_2024.json",
    ])
    func eventFiles_decodeWithNestedMarkets(file: String) throws {
        let data = try load(file)
        let object = try JSONSerialization.jsonObject(with: data)
        let events: [GammaEvent] =
            object is [Any]
            ? try JSONDecoder().decode([GammaEvent].self, from: data) : [try JSONDecoder().decode(GammaEvent.self, from: data)]
        #expect(!events.isEmpty)
        for event in events { #expect(!(event.markets ?? []).isEmpty) }
    }

    @Test func topTwentyEvents_carryTagsAnd339Markets() throws {
        let events = try JSONDecoder().decode([GammaEvent].self, from: load("gamma-events/events_top20_mixed_2025-03-05.json"))
        #expect(events.count == 20)
        #expect(events.reduce(0) { $0 + ($1.markets?.count ?? 0) } == 339)
        #expect(events.contains { $0.tagSlugs.contains("sports") })
    }

    @Test func weatherSnapshots_decodeEveryEmbeddedEvent() throws {
        struct Snapshot: Decodable { let gamma_events: [GammaEvent] }
        for file in [
            "gamma-events/events_weather_one-run_2026-06-22T00-01Z.json",
            "gamma-events/events_weather_snapshots_2026-06-16_to_2026-07-03.json.gz",
        ] {
            let snapshots = try JSONDecoder().decode([Snapshot].self, from: load(file))
            let events = snapshots.flatMap(\.gamma_events)
            #expect(!events.isEmpty)
            #expect(events.allSatisfy { !($0.markets ?? []).isEmpty })
        }
    }

    @Test func recordedBooks_bestLevelsAreTheLastElements() throws {
        struct Poll: Decodable { let books: [OrderBook] }
        let polls = try JSONDecoder().decode([Poll].self, from: load("clob-book/books_batch_2026-03-11T21-42Z.json"))
        let books = polls.flatMap(\.books)
        #expect(books.count == 120)
        #expect(books.reduce(0) { $0 + $1.bids.count } == 4_628)
        for book in books {
            #expect(book.bestBid == book.bids.last)
            #expect(book.bestAsk == book.asks.last)
            if let bid = book.bestBid?.price, let ask = book.bestAsk?.price { #expect(bid < ask) }
        }
        let single = try JSONDecoder().decode(OrderBook.self, from: load("clob-book/book_single_nautilus-test-resource.json"))
        #expect(single.bids.count == 5 && single.asks.count == 7)
        #expect(single.bestAsk?.price == Decimal(string: "0.14"))
    }

    @Test func midpointQuotes_decodeIncludingErrorObjects() throws {
        struct Row: Decodable {
            let token_id: String
            let midpoint: Mid?
            struct Mid: Decodable { let mid: String? }
        }
        let rows = try JSONDecoder().decode(
            LenientList<Row>.self, from: load("clob-book/clob_midpoint_price_weather_2026-06-16_to_2026-07-03.json.gz"))
        #expect(rows.elements.count == 9_746)
        #expect(rows.elements.contains { $0.midpoint?.mid.flatMap(PolymarketDecimal.parse) != nil })
    }

    @Test(arguments: ["max", "1d", "1w_f5", "1h"])
    func singleTokenPriceHistories_decode(interval: String) throws {
        let history = try JSONDecoder().decode(
            PriceHistory.self, from: load("clob-prices-history/prices_history_single-token_interval_\(interval).json"))
        let expected = ["max": 4_456, "1d": 1_440, "1w_f5": 2_013, "1h": 62][interval]!
        #expect(history.history.count == expected)
        #expect(zip(history.history, history.history.dropFirst()).allSatisfy { $0.t <= $1.t })
    }

    @Test(arguments: ["nyc", "london", "munich", "tokyo"])
    func weatherBackfills_decodeEverySeries(city: String) throws {
        struct Backfill: Decodable {
            struct Market: Decodable {
                struct Bucket: Decodable { let history: [PriceHistory.Point] }
                let buckets: [Bucket]
            }
            let markets: [Market]
        }
        let folder = TestEnvironment.fixturesDirectory + "/clob-prices-history"
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).first { $0.contains("weather_\(city)") })
        let backfill = try JSONDecoder().decode(Backfill.self, from: load("clob-prices-history/" + name))
        #expect(backfill.markets.count >= 100)
        #expect(backfill.markets.flatMap(\.buckets).reduce(0) { $0 + $1.history.count } > 50_000)
    }

    @Test func dataAPITrades_decodeWithFloatNoise() throws {
        let trades = try JSONDecoder().decode([DataTrade].self, from: load("data-api/trades_latest100_2026-02-07.json"))
        #expect(trades.count == 100)
        #expect(trades.allSatisfy { $0.price != nil && $0.size != nil && $0.timestamp != nil })
        struct Envelope: Decodable { let trade: DataTrade }
        let byWallet = try JSONDecoder().decode([String: [Envelope]].self, from: load("data-api/trades_by_wallet_2026-01.json"))
        #expect(byWallet.values.reduce(0) { $0 + $1.count } == 25)
    }

    @Test func timestamps_parseEveryShapeTheAPIsSend() {
        let shapes = [
            "2026-03-11T20:47:22.525523Z", "2021-12-04T00:00:00Z", "2026-02-07 12:00:00+00", "2022-07-27 14:40:02.064+00",
            "2026-12-31", "2026-03-11T20:47:22.5Z", "2026-03-11T20:47:22+05:30",
        ]
        for shape in shapes { #expect(ISO8601Lenient.parse(shape) != nil, "\(shape)") }
        #expect(ISO8601Lenient.parse("2026-02-07 12:00:00+00") == ISO8601Lenient.parse("2026-02-07T12:00:00Z"))
        #expect(ISO8601Lenient.parse("not a date") == nil)
    }
}
