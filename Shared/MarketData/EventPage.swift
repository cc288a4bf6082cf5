import Polymarket
import PrescientCore

/// A `/events/keyset` page cut into its events and their nested markets, each with its exact
/// recorded JSON, so the typed fields and the verbatim payload can be stored side by side.
public struct EventPage: Sendable {
    public struct Entry: Sendable {
        public let event: GammaEvent
        /// The event object with its `markets` emptied (the markets are stored on their own rows).
        public let eventPayload: [UInt8]
        /// The markets read with their payloads (empty unless the page was cut with `readingMarkets`).
        public let markets: [(market: GammaMarket, payload: ArraySlice<UInt8>)]
        /// How many market objects the event nests, decoded or not.
        public let marketCount: Int
    }

    public let entries: [Entry]

    /// Pairs the page's events with their byte ranges (`eventsPage` records where each event it
    /// read lies). With `readingMarkets`, each nested market is read straight from its bytes
    /// (`GammaMarket.read`); a market without an id is skipped, as the decoder's lenient lists do.
    public init(_ page: PolymarketClient.Page<GammaEvent>, readingMarkets: Bool = false) {
        let slicer = JSONSlicer(page.body)
        let pairs = zip(page.items, page.itemRanges ?? [])
        var entries: [Entry] = []
        entries.reserveCapacity(page.items.count)
        for (event, range) in pairs {
            var payload = Array(page.body[range])
            var markets: [(GammaMarket, ArraySlice<UInt8>)] = []
            var marketCount = 0
            if let member = slicer.member("markets", ofObject: range) {
                payload = slicer.bytes(range, replacing: member.value, with: Array("[]".utf8))
                let marketRanges = slicer.elements(ofArray: member.value) ?? []
                marketCount = marketRanges.count
                if readingMarkets {
                    for range in marketRanges {
                        if let market = GammaMarket.read(slicer, object: range) { markets.append((market, page.body[range])) }
                    }
                }
            }
            entries.append(Entry(event: event, eventPayload: payload, markets: markets, marketCount: marketCount))
        }
        self.entries = entries
    }
}
