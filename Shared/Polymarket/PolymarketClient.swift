import Foundation
import HTTPClient
import Logging
import PrescientCore

/// Typed access to the Gamma, CLOB and Data APIs over a `PolymarketTransport`.
public struct PolymarketClient: Sendable {
    public let transport: PolymarketTransport
    var configuration: PolymarketConfiguration { transport.configuration }

    public init(transport: PolymarketTransport) {
        self.transport = transport
    }

    /// One keyset page: the raw body (for verbatim storage), the decoded items and the cursor.
    public struct Page<Item: Sendable>: Sendable {
        public let body: [UInt8]
        public let items: [Item]
        public let nextCursor: String?
        /// Where each item lies in `body`, when the page was read by slicing (events pages).
        public var itemRanges: [Range<Int>]? = nil
    }

    // MARK: Gamma

    /// `GET /events/keyset` (limit ≤ 500). Pass the previous page's `nextCursor` as `afterCursor`.
    public func eventsPage(closed: Bool? = false, limit: Int = 500, afterCursor: String? = nil, withMarkets: Bool = true)
        throws -> Page<GammaEvent>
    {
        var query = ["limit=\(min(max(limit, 1), 500))"]
        if let closed { query.append("closed=\(closed)") }
        if let afterCursor { query.append("after_cursor=\(QueryEncoding.encode(afterCursor))") }
        // Read straight from the bytes (no JSONDecoder tree of a multi-megabyte page): the exports
        // slice the same bytes again to store each object verbatim.
        let url = configuration.gammaURL + "/events/keyset?" + query.joined(separator: "&")
        var page: (items: [GammaEvent], ranges: [Range<Int>], cursor: String?)?
        let body = try transport.send(.gammaEvents, url: url) { bytes in
            guard let read = Self.readEventsPage(bytes, withMarkets: withMarkets) else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not a keyset page of events"))
            }
            page = read
        }
        return Page(body: body, items: page!.items, nextCursor: page!.cursor, itemRanges: page!.ranges)
    }

    /// `{"events": [...], "next_cursor": "…"}` read with a slicer; events without an id are skipped.
    /// Nil for a body that is not well-formed JSON of that shape.
    static func readEventsPage(_ bytes: [UInt8], withMarkets: Bool) -> (items: [GammaEvent], ranges: [Range<Int>], cursor: String?)? {
        let slicer = JSONSlicer(bytes)
        guard slicer.isWellFormed, let members = slicer.members(ofObject: slicer.wellFormedRoot),
            let list = members.first(where: { $0.key == "events" }), let ranges = slicer.elements(ofArray: list.value)
        else { return nil }
        var events: [GammaEvent] = []
        var kept: [Range<Int>] = []
        for range in ranges {
            guard let event = GammaEvent.read(slicer, object: range, withMarkets: withMarkets) else { continue }
            events.append(event)
            kept.append(range)
        }
        let cursor = members.first(where: { $0.key == "next_cursor" }).flatMap { slicer.string(at: $0.value) }
        return (events, kept, (cursor?.isEmpty ?? true) ? nil : cursor)
    }

    /// `GET /markets/keyset` (limit ≤ 100).
    public func marketsPage(closed: Bool? = false, limit: Int = 100, afterCursor: String? = nil) throws -> Page<GammaMarket> {
        var query = ["limit=\(min(max(limit, 1), 100))"]
        if let closed { query.append("closed=\(closed)") }
        if let afterCursor { query.append("after_cursor=\(QueryEncoding.encode(afterCursor))") }
        return try keysetPage(.gammaMarkets, path: "/markets/keyset", query: query)
    }

    /// Every page of `/events/keyset`, following cursors until none is returned. The next page is
    /// fetched while `onPage` handles the current one (at most two pages are held at once).
    public func allEvents(
        closed: Bool? = false, pageLimit: Int = 500, withMarkets: Bool = true, onPage: (Page<GammaEvent>) throws -> Void
    ) throws {
        var page = try eventsPage(closed: closed, limit: pageLimit, afterCursor: nil, withMarkets: withMarkets)
        while true {
            guard let cursor = page.nextCursor else {
                try onPage(page)
                return
            }
            let following = ParallelWork.start { [self] in
                try eventsPage(closed: closed, limit: pageLimit, afterCursor: cursor, withMarkets: withMarkets)
            }
            // Whatever `onPage` does, the prefetch is waited for before leaving.
            do {
                try onPage(page)
            } catch {
                _ = try? following.wait()
                throw error
            }
            page = try following.wait()
        }
    }

    func keysetPage<Item: Decodable & Sendable>(
        _ family: EndpointFamily, path: String, query: [String]
    ) throws -> Page<Item> {
        let url = configuration.gammaURL + path + "?" + query.joined(separator: "&")
        var decoded: KeysetEnvelope<Item>?
        let body = try transport.send(family, url: url) { bytes in
            decoded = try JSONDecoder().decodeBounded(KeysetEnvelope<Item>.self, from: bytes)
        }
        let envelope = decoded!
        return Page(body: body, items: envelope.items, nextCursor: envelope.nextCursor)
    }

    /// `GET /markets?condition_ids=a&condition_ids=b&…&closed=true` (at most 100 ids a request):
    /// the closed ones among these markets, resolved or awaiting resolution. Gamma's array
    /// parameters repeat their key, and a lookup without `closed=true` leaves closed markets out;
    /// a market not returned is still trading.
    public func closedMarkets(conditionIDs: [String]) throws -> [GammaMarket] {
        var result: [GammaMarket] = []
        for start in stride(from: 0, to: conditionIDs.count, by: 100) {
            let keys = conditionIDs[start..<min(start + 100, conditionIDs.count)].map { "condition_ids=\(QueryEncoding.encode($0))" }
            let list: LenientList<GammaMarket> = try decode(
                .gammaMarkets, url: configuration.gammaURL + "/markets?" + keys.joined(separator: "&") + "&closed=true")
            result += list.elements
        }
        return result
    }

    // MARK: CLOB

    /// `GET /book?token_id=…`
    public func book(tokenID: String) throws -> OrderBook {
        try decode(.clobBook, url: configuration.clobURL + "/book?token_id=\(QueryEncoding.encode(tokenID))")
    }

    /// `POST /books` with `[{"token_id": …}]`.
    public func books(tokenIDs: [String]) throws -> [OrderBook] {
        let body = try JSONEncoder().encode(tokenIDs.map { ["token_id": $0] })
        return try decode(.clobBooks, method: "POST", url: configuration.clobURL + "/books", body: Array(body))
    }

    /// `GET /midpoint?token_id=…` → `{"mid":"0.5"}`.
    public func midpoint(tokenID: String) throws -> Decimal? {
        let result: Midpoint = try decode(.clobPricing, url: configuration.clobURL + "/midpoint?token_id=\(QueryEncoding.encode(tokenID))")
        return result.mid.flatMap(PolymarketDecimal.parse)
    }

    /// `POST /midpoints` with `[{"token_id": …}]` → `{"<token>":"0.5", …}`.
    public func midpoints(tokenIDs: [String]) throws -> [String: Decimal] {
        let body = try JSONEncoder().encode(tokenIDs.map { ["token_id": $0] })
        let result: [String: String] = try decode(
            .clobPricing, method: "POST", url: configuration.clobURL + "/midpoints", body: Array(body))
        return result.compactMapValues(PolymarketDecimal.parse)
    }

    /// `GET /prices-history?market=<token>&interval=…&fidelity=…`
    public func pricesHistory(tokenID: String, interval: String? = "1d", fidelity: Int? = nil, startTs: Int64? = nil, endTs: Int64? = nil)
        throws -> PriceHistory
    {
        var query = ["market=\(QueryEncoding.encode(tokenID))"]
        if let interval { query.append("interval=\(interval)") }
        if let fidelity { query.append("fidelity=\(fidelity)") }
        if let startTs { query.append("startTs=\(startTs)") }
        if let endTs { query.append("endTs=\(endTs)") }
        return try decode(.clobPricesHistory, url: configuration.clobURL + "/prices-history?" + query.joined(separator: "&"))
    }

    // MARK: Data API

    /// `GET /trades` (v1): a wallet's fills (`user`), or a market's (`market`, a condition id);
    /// `takerOnly` as the API defaults it (true).
    public func trades(
        limit: Int = 100, offset: Int = 0, market: String? = nil, user: String? = nil, side: String? = nil, takerOnly: Bool? = nil
    ) throws -> [DataTrade] {
        try dataList(
            .dataTrades, "/trades",
            [
                ("limit", "\(limit)"), ("offset", offset > 0 ? "\(offset)" : nil), ("market", market), ("user", user), ("side", side),
                ("takerOnly", takerOnly.map { $0 ? "true" : "false" }),
            ])
    }

    /// `GET /holders?market=<conditionId>` (v1): one entry per token with its top holders (at
    /// most 20 per token, as published).
    public func holders(market: String, limit: Int = 20) throws -> [TokenHolders] {
        try dataList(.dataOther, "/holders", [("market", market), ("limit", "\(min(limit, 20))")])
    }

    /// `GET /v1/market-positions?market=…` (v1 only): up to 500 positions per token of one market,
    /// each with its holder's P&L there — the way to see 33 wallets per side.
    public func marketPositions(market: String, status: String = "OPEN", limit: Int = 500, offset: Int = 0) throws -> [MarketPositions] {
        try dataList(
            .dataPositions, "/v1/market-positions",
            [("market", market), ("status", status), ("limit", "\(min(limit, 500))"), ("offset", offset > 0 ? "\(offset)" : nil)])
    }

    /// `GET /positions?user=…` (v1): the wallet's open positions (a redeemed winner is gone from here).
    public func positions(user: String, market: String? = nil, sizeThreshold: Decimal = 1, limit: Int = 500, offset: Int = 0) throws
        -> [WalletPosition]
    {
        try dataList(
            .dataPositions, "/positions",
            [
                ("user", user), ("market", market), ("sizeThreshold", DecimalText.format(sizeThreshold)), ("limit", "\(min(limit, 500))"),
                ("offset", offset > 0 ? "\(offset)" : nil),
            ])
    }

    /// `GET /closed-positions?user=…` (v1): closed positions, at most 50 a page.
    public func closedPositions(user: String, limit: Int = 50, offset: Int = 0) throws -> [ClosedWalletPosition] {
        try dataList(
            .dataClosedPositions, "/closed-positions",
            [("user", user), ("limit", "\(min(limit, 50))"), ("offset", offset > 0 ? "\(offset)" : nil)])
    }

    /// `GET /activity?user=…` (v1) within a time window (`start`/`end`, epoch seconds): walk
    /// history by windows, since offsets stop at 3,000.
    public func activity(user: String, start: Int64? = nil, end: Int64? = nil, types: [String] = [], limit: Int = 500, offset: Int = 0)
        throws -> [WalletActivity]
    {
        try dataList(
            .dataOther, "/activity",
            [
                ("user", user), ("start", start.map { "\($0)" }), ("end", end.map { "\($0)" }),
                ("type", types.isEmpty ? nil : types.joined(separator: ",")), ("limit", "\(min(limit, 500))"),
                ("offset", offset > 0 ? "\(min(offset, 3_000))" : nil),
            ])
    }

    /// `GET /value?user=…`: the dollar value of the wallet's open positions.
    public func value(user: String) throws -> WalletValue? {
        let list: DataAPIList<WalletValue> = try decode(.dataOther, url: dataURL("/value", [("user", user)]))
        return list.items.first
    }

    /// `GET /traded?user=…`: how many markets the wallet has traded.
    public func traded(user: String) throws -> WalletTraded {
        try decode(.dataOther, url: dataURL("/traded", [("user", user)]))
    }

    /// `GET /v1/leaderboard`: Polymarket's own ranking (`timePeriod` DAY/WEEK/MONTH/ALL, `orderBy`
    /// PNL/VOL, `limit` 1–50, `offset` 0–1000; `user` for one wallet's row).
    public func leaderboard(
        timePeriod: String = "MONTH", orderBy: String = "PNL", category: String? = nil, limit: Int = 50, offset: Int = 0,
        user: String? = nil
    ) throws -> [LeaderboardEntry] {
        try dataList(
            .dataOther, "/v1/leaderboard",
            [
                ("timePeriod", timePeriod), ("orderBy", orderBy), ("category", category), ("limit", "\(min(max(limit, 1), 50))"),
                ("offset", offset > 0 ? "\(min(offset, 1_000))" : nil), ("user", user),
            ])
    }

    /// A Data API list call (either generation's answer decodes).
    func dataList<Item: Decodable & Sendable>(_ family: EndpointFamily, _ path: String, _ parameters: [(String, String?)]) throws -> [Item]
    {
        let list: DataAPIList<Item> = try decode(family, url: dataURL(path, parameters))
        return list.items
    }

    func dataURL(_ path: String, _ parameters: [(String, String?)]) -> String {
        let query = parameters.compactMap { name, value in value.map { "\(name)=\(QueryEncoding.encode($0))" } }.joined(separator: "&")
        return configuration.dataURL + path + (query.isEmpty ? "" : "?" + query)
    }

    func decode<T: Decodable>(_ family: EndpointFamily, method: String = "GET", url: String, body: [UInt8]? = nil) throws -> T {
        var decoded: T?
        _ = try transport.send(family, method: method, url: url, body: body) { bytes in
            decoded = try JSONDecoder().decodeBounded(T.self, from: bytes)
        }
        return decoded!
    }
}

struct Midpoint: Decodable {
    let mid: String?
}

/// `{"events"|"markets": [...], "next_cursor": "…"}`; `next_cursor` is absent on the last page.
struct KeysetEnvelope<Item: Decodable>: Decodable {
    let items: [Item]
    let nextCursor: String?

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        let itemsKey = c.allKeys.first { $0.stringValue == "events" || $0.stringValue == "markets" }
        guard let itemsKey else {
            throw DecodingError.keyNotFound(Key(stringValue: "events"), .init(codingPath: [], debugDescription: "no items array"))
        }
        items = try c.decode(LenientList<Item>.self, forKey: itemsKey).elements
        let cursor = try? c.decodeIfPresent(String.self, forKey: Key(stringValue: "next_cursor"))
        nextCursor = (cursor?.isEmpty ?? true) ? nil : cursor
    }
}

/// Percent-encoding for query values.
public enum QueryEncoding {
    public static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
