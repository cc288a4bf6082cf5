import Foundation
import Polymarket
import PrescientCore

/// The recorded market universe loaded into memory, with events derived from the markets'
/// nested `events[]` (the dataset has no event dump of the same day).
struct MarketUniverse: Sendable {
    var markets: [SimulatedMarket] = []
    var events: [SimulatedEvent] = []
    var marketIndexByID: [String: Int] = [:]
    var marketIndexByCondition: [String: Int] = [:]
    var marketIndexByToken: [String: Int] = [:]
    var eventIndexByID: [String: Int] = [:]
    /// Market indexes sorted by numeric id (the keyset order of `/markets/keyset`).
    var marketOrder: [Int] = []
    /// Markets that have no parent event (reachable through `/markets` only).
    var orphanMarketCount = 0
    /// When the data was recorded (epoch seconds): the simulated clock's zero.
    var epoch = MarketUniverse.recordedMarketsEpoch

    /// Loads a JSON array of Gamma market objects (plain or gzip), or of recorded event runs.
    static func load(path: String, scale: Int) throws -> MarketUniverse {
        let bytes = try Gzip.readFile(path)
        let slicer = JSONSlicer(bytes)
        // Served verbatim and read without a decoder: checked whole once, as decoding it used to.
        guard slicer.isWellFormed, let root = slicer.root, let ranges = slicer.elements(ofArray: root) else {
            throw SimulatorError.dataset("\(path) is not a well-formed JSON array")
        }
        if holdsEventRuns(slicer, elements: ranges) {
            return try loadEventRuns(bytes: bytes, slicer: slicer, runs: ranges, path: path)
        }
        // Read from the bytes (as the exports do; equal to the decoder on every recorded file):
        // decoding the whole file first held a second copy of the universe as objects.
        var universe = MarketUniverse()
        var eventSummaries: [String: ArraySlice<UInt8>] = [:]
        for range in ranges {
            guard let market = GammaMarket.read(slicer, object: range) else {
                throw SimulatorError.dataset("\(path): market object \(universe.markets.count + 1) does not decode")
            }
            var summary: ArraySlice<UInt8>?
            var eventID: String?
            let member = slicer.member("events", ofObject: range)
            if let member, let first = slicer.elements(ofArray: member.value)?.first {
                summary = bytes[first]
                // The parent event the market is listed under: its id, as the event reader takes it.
                eventID = SlicedFields(slicer, object: first)?.string("id").flatMap { $0.isEmpty ? nil : $0 }
            }
            if let eventID, eventSummaries[eventID] == nil, let summary { eventSummaries[eventID] = summary }
            universe.append(market: market, eventID: eventID, bytes: MarketBytes(bytes[range], eventsMember: member?.removal))
        }
        if scale > universe.markets.count {
            universe.cloneUp(to: scale)
        }
        universe.buildEvents(summaries: eventSummaries)
        universe.marketOrder = universe.markets.indices.sorted { universe.markets[$0].numericID < universe.markets[$1].numericID }
        return universe
    }

    mutating func append(market: GammaMarket, eventID: String?, bytes: MarketBytes) {
        let simulated = SimulatedMarket(
            id: market.id, numericID: Int64(market.id) ?? Int64(markets.count), conditionID: market.conditionID,
            eventID: eventID, tokenIDs: market.clobTokenIDs, bestBid: market.bestBid, bestAsk: market.bestAsk,
            lastTradePrice: market.lastTradePrice, outcomePrices: market.outcomePrices,
            tickSize: market.tickSize ?? Decimal(string: "0.01")!, minOrderSize: market.orderMinSize ?? 5,
            negRisk: market.negRisk ?? false, closed: market.closed ?? false, volume24hr: market.volume24hr ?? 0, bytes: bytes)
        let index = markets.count
        markets.append(simulated)
        marketIndexByID[simulated.id] = index
        marketIndexByCondition[simulated.conditionID] = index
        for token in simulated.tokenIDs { marketIndexByToken[token] = index }
    }

    /// Synthesises markets by cloning recorded ones with fresh ids, for load beyond the recording.
    mutating func cloneUp(to total: Int) {
        let recorded = markets.count
        guard recorded > 0 else { return }
        let maxID = markets.map(\.numericID).max() ?? 0
        var clone = 0
        while markets.count < total {
            let source = markets[clone % recorded]
            let round = clone / recorded + 1
            let newID = String(maxID + Int64(clone) + 1)
            let newCondition = "0x" + String(format: "%064x", clone + 1)
            let newTokens = source.tokenIDs.enumerated().map {
                "\($0.element.prefix(60))\(round)\(String(format: "%010d", clone * 2 + $0.offset))"
            }
            let newEvent = source.eventID.map { "\($0)\(String(format: "%03d", round))" }
            let payload = JSONPatch.replacing(
                [
                    "id": Array("\"\(newID)\"".utf8), "conditionId": Array("\"\(newCondition)\"".utf8),
                    "clobTokenIds": JSONPatch.stringifiedArray(newTokens),
                ],
                in: source.payload)
            let simulated = SimulatedMarket(
                id: newID, numericID: maxID + Int64(clone) + 1, conditionID: newCondition, eventID: newEvent,
                tokenIDs: newTokens, bestBid: source.bestBid, bestAsk: source.bestAsk, lastTradePrice: source.lastTradePrice,
                outcomePrices: source.outcomePrices, tickSize: source.tickSize, minOrderSize: source.minOrderSize,
                negRisk: source.negRisk, closed: source.closed, volume24hr: source.volume24hr, bytes: MarketBytes(payload))
            let index = markets.count
            markets.append(simulated)
            marketIndexByID[newID] = index
            marketIndexByCondition[newCondition] = index
            for token in newTokens { marketIndexByToken[token] = index }
            clone += 1
        }
    }

    mutating func buildEvents(summaries: [String: ArraySlice<UInt8>]) {
        var byID: [String: Int] = [:]
        for (index, market) in markets.enumerated() {
            guard let eventID = market.eventID else {
                orphanMarketCount += 1
                continue
            }
            if let eventIndex = byID[eventID] {
                events[eventIndex].marketIndexes.append(index)
                continue
            }
            // A cloned event reuses its source event's summary with the new id.
            var summary = summaries[eventID] ?? []
            if summary.isEmpty {
                let sourceID = String(eventID.dropLast(3))
                if let source = summaries[sourceID] {
                    summary = JSONPatch.replacing(["id": Array("\"\(eventID)\"".utf8)], in: Array(source))[...]
                }
            }
            guard !summary.isEmpty else {
                orphanMarketCount += 1
                continue
            }
            byID[eventID] = events.count
            events.append(
                SimulatedEvent(id: eventID, numericID: Int64(eventID) ?? Int64(events.count), summaryBytes: summary, marketIndexes: [index])
            )
        }
        events.sort { $0.numericID < $1.numericID }
        eventIndexByID = Dictionary(uniqueKeysWithValues: events.enumerated().map { ($0.element.id, $0.offset) })
    }
}

enum SimulatorError: Error, CustomStringConvertible {
    case dataset(String)

    var description: String {
        switch self {
        case .dataset(let message): return "dataset error: \(message)"
        }
    }
}
