import Foundation
import Polymarket
import PrescientCore
import TestSupport
import Testing

/// Reading markets and events straight from their bytes (`GammaMarket.read`, `GammaEvent.read`,
/// used by both exports) must give exactly what the lenient decoder gives, on every recorded one.
@Suite("Markets and events read from their bytes match the decoder")
struct SlicedMarketReadingTests {
    func load(_ relative: String) throws -> [UInt8] {
        try Gzip.readFile(TestEnvironment.fixturesDirectory + "/" + relative)
    }

    /// The fields that differ between two markets, parent events aside (read only by the decoder).
    func differences(_ a: GammaMarket, _ b: GammaMarket) -> [String] {
        zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children).compactMap { left, right in
            guard let label = left.label, label != "events" else { return nil }
            let l = String(describing: left.value)
            let r = String(describing: right.value)
            return l == r ? nil : "\(label): \(l) ≠ \(r)"
        }
    }

    @Test(arguments: [
        "gamma-markets/markets_active_all_2026-03-11.json.gz",
        "gamma-markets/markets_active_first500_2026-03-11.json",
        "gamma-markets/markets_open-and-resolved_2026-02-07.json",
        "gamma-markets/markets_resolved_btc-updown-5m_2026-07-24.json",
        "gamma-markets/markets_closed_legacy_2020-2021.json",
    ])
    func marketLists_readIdenticallyBothWays(file: String) throws {
        let bytes = try RecordedUniverse.read(file)
        let decoded =
            file == RecordedUniverse.file
            ? try RecordedUniverse.decoded.get().markets
            : try JSONDecoder().decode(LenientList<GammaMarket>.self, from: Data(bytes)).elements
        let slicer = JSONSlicer(bytes)
        let ranges = try #require(slicer.root.flatMap { slicer.elements(ofArray: $0) })
        let read = ranges.compactMap { GammaMarket.read(slicer, object: $0) }
        #expect(read.count == decoded.count)
        var mismatches: [String] = []
        for (a, b) in zip(decoded, read) where mismatches.count < 5 {
            let found = differences(a, b)
            if !found.isEmpty { mismatches.append("market \(a.id): \(found.joined(separator: "; "))") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }

    @Test func nestedEventMarkets_readIdenticallyBothWays() throws {
        let bytes = try load("gamma-events/events_top20_mixed_2025-03-05.json")
        let events = try JSONDecoder().decode([GammaEvent].self, from: Data(bytes))
        let slicer = JSONSlicer(bytes)
        let eventRanges = try #require(slicer.root.flatMap { slicer.elements(ofArray: $0) })
        var compared = 0
        for (event, range) in zip(events, eventRanges) {
            let marketRanges = slicer.value("markets", ofObject: range).flatMap { slicer.elements(ofArray: $0) } ?? []
            let read = marketRanges.compactMap { GammaMarket.read(slicer, object: $0) }
            #expect(read.count == (event.markets ?? []).count)
            for (a, b) in zip(event.markets ?? [], read) {
                #expect(differences(a, b).isEmpty, "\(differences(a, b))")
                compared += 1
            }
        }
        #expect(compared == 339)
    }

    @Test func escapedStrings_andOddTypes_readLikeTheDecoder() throws {
        let json = #"""
            [{"id": 12, "question": "Caf\u00e9 \"quoted\" \\ line\nnext \ud83d\ude80", "liquidity": 1234.5, "volume": "99.10",
              "active": "true", "closed": 0, "outcomes": ["Yes", "No"], "outcomePrices": "[\"0.25\", \"0.75\"]",
              "clobTokenIds": null, "bestBid": "0.24", "bestAsk": 0.26, "negRisk": "1",
              "feeSchedule": {"rate": "0.07", "exponent": 2.0}, "umaResolutionStatuses": "", "extra": {"nested": [1, {"a": "}"}]}},
             {"question": "no id"}, {"id": ""}]
            """#
        let bytes = Array(json.utf8)
        let decoded = try JSONDecoder().decode(LenientList<GammaMarket>.self, from: Data(bytes)).elements
        let slicer = JSONSlicer(bytes)
        let read = try #require(slicer.root.flatMap { slicer.elements(ofArray: $0) }).compactMap { GammaMarket.read(slicer, object: $0) }
        #expect(decoded.count == 1)
        #expect(read.count == 1)
        #expect(read.first?.question == "Café \"quoted\" \\ line\nnext 🚀")
        #expect(read.first?.feeSchedule == FeeSchedule(rate: Decimal(string: "0.07")!, exponent: 2))
        if let a = decoded.first, let b = read.first { #expect(differences(a, b).isEmpty, "\(differences(a, b))") }
    }

    @Test(arguments: [
        "gamma-events/events_top20_mixed_2025-03-05.json", "gamma-events/event_single_open_2026-02-07.json",
        "gamma-events/event_single_closed_2024.json",
    ])
    func events_readIdenticallyBothWays(file: String) throws {
        let bytes = try load(file)
        let slicer = JSONSlicer(bytes)
        let root = try #require(slicer.root)
        let ranges = slicer.elements(ofArray: root) ?? [root]
        let decoded =
            ranges.count == 1 && bytes.first != UInt8(ascii: "[")
            ? [try JSONDecoder().decode(GammaEvent.self, from: Data(bytes))]
            : try JSONDecoder().decode([GammaEvent].self, from: Data(bytes))
        let read = ranges.compactMap { GammaEvent.read(slicer, object: $0, withMarkets: true) }
        #expect(read.count == decoded.count)
        for (a, b) in zip(decoded, read) {
            let fields = zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children).compactMap { left, right -> String? in
                guard let label = left.label, label != "markets" else { return nil }
                return String(describing: left.value) == String(describing: right.value) ? nil : label
            }
            #expect(fields.isEmpty, "event \(a.id): \(fields)")
            #expect((a.markets ?? []).count == (b.markets ?? []).count)
            for (x, y) in zip(a.markets ?? [], b.markets ?? []) { #expect(differences(x, y).isEmpty, "\(differences(x, y))") }
        }
        #expect(decoded.contains { !$0.tagSlugs.isEmpty } || file.contains("single"))
    }
}
