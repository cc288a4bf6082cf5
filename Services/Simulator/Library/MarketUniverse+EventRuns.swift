import Foundation
import Polymarket
import PrescientCore

extension MarketUniverse {
    /// 2026-03-11T20:30Z, when the market universe file was recorded: its clock's zero.
    static let recordedMarketsEpoch: Int64 = 1_773_261_000

    /// Whether a top-level JSON array holds recorded event runs (objects with `gamma_events`, as in
    /// `gamma-events/events_weather_one-run_…json`) rather than Gamma market objects.
    static func holdsEventRuns(_ slicer: JSONSlicer, elements: [Range<Int>]) -> Bool {
        guard let first = elements.first else { return false }
        return slicer.member("gamma_events", ofObject: first) != nil
    }

    /// Loads recorded event runs: every event's markets, each served with its event's summary as
    /// Gamma nests it, and the clock's zero at the last run's fetch time (to the minute), so the
    /// world starts when it was recorded.
    static func loadEventRuns(bytes: [UInt8], slicer: JSONSlicer, runs: [Range<Int>], path: String) throws -> MarketUniverse {
        var universe = MarketUniverse()
        var summaries: [String: ArraySlice<UInt8>] = [:]
        var latestFetch: Int64 = 0
        for run in runs {
            if let meta = slicer.member("_meta", ofObject: run), let fetched = slicer.member("fetched_at_utc", ofObject: meta.value),
                let time = minuteFloor(String(decoding: bytes[fetched.value], as: UTF8.self))
            {
                latestFetch = max(latestFetch, time)
            }
            guard let events = slicer.member("gamma_events", ofObject: run), let eventRanges = slicer.elements(ofArray: events.value)
            else { throw SimulatorError.dataset("\(path): a run without a gamma_events array") }
            for event in eventRanges {
                guard let markets = slicer.member("markets", ofObject: event), let marketRanges = slicer.elements(ofArray: markets.value)
                else { continue }
                let summary = slicer.bytes(event, cutting: markets.removal)
                for range in marketRanges {
                    let payload = Array(bytes[range])
                    let full = JSONPatch.replacing(["events": [UInt8(ascii: "[")] + summary + [UInt8(ascii: "]")]], in: payload)
                    let market: GammaMarket
                    do {
                        market = try JSONDecoder().decode(GammaMarket.self, from: Data(full))
                    } catch {
                        throw SimulatorError.dataset("\(path): a market does not decode: \(error)")
                    }
                    if let eventID = market.eventID, summaries[eventID] == nil { summaries[eventID] = summary[...] }
                    universe.append(
                        market: market, eventID: market.eventID,
                        bytes: MarketBytes(full[...], eventsMember: Self.appendedEvents(in: full, to: payload)))
                }
            }
        }
        guard latestFetch > 0 else { throw SimulatorError.dataset("\(path): no run has a _meta.fetched_at_utc") }
        universe.epoch = latestFetch
        universe.buildEvents(summaries: summaries)
        universe.marketOrder = universe.markets.indices.sorted { universe.markets[$0].numericID < universe.markets[$1].numericID }
        return universe
    }

    /// Where `full` differs from the recorded `object` it was made from by appending the `events`
    /// member before the closing brace, so that cutting it gives back the recorded bytes exactly;
    /// when the recorded object had an `events` member of its own (replaced), that member.
    static func appendedEvents(in full: [UInt8], to object: [UInt8]) -> Range<Int>? {
        let closing = object.count - 1
        if closing > 0, object[closing] == UInt8(ascii: "}"), full.count > object.count,
            full.last == UInt8(ascii: "}"), full[..<closing].elementsEqual(object[..<closing])
        {
            return closing..<(full.count - 1)
        }
        let slicer = JSONSlicer(full)
        return slicer.root.flatMap { slicer.member("events", ofObject: $0)?.removal }
    }

    /// `"2026-06-22T00:01:32.875303+00:00"` (a JSON string) → the epoch second of 00:01:00Z.
    static func minuteFloor(_ quoted: String) -> Int64? {
        let text = quoted.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard text.count >= 16, text.hasSuffix("+00:00") || text.hasSuffix("Z") else { return nil }
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: String(text.prefix(16)) + ":00Z").map { Int64($0.timeIntervalSince1970) }
    }
}
