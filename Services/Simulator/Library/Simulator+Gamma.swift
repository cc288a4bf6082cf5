import Foundation
import HTTPServer
import PrescientCore

extension Simulator {
    static let maxEventsPage = 500
    static let maxMarketsPage = 100

    func registerGamma(on router: inout Router) {
        router.get("/events/keyset") { [self] request in try eventsKeyset(request) }
        router.get("/markets/keyset") { [self] request in try marketsKeyset(request) }
        router.get("/events/{id}") { [self] request in
            let id = request.pathParameters["id"] ?? ""
            guard let index = universe.eventIndexByID[id] else { throw HTTPError.notFound("no event \(id)") }
            return .json(bytes: renderEvent(universe.events[index]))
        }
        router.get("/markets/{id}") { [self] request in
            let id = request.pathParameters["id"] ?? ""
            guard let index = universe.marketIndexByID[id] else { throw HTTPError.notFound("no market \(id)") }
            return .json(bytes: render(universe.markets[index], withEvents: true))
        }
        // Offset paging was retired by Polymarket on 2026-05-01; clients must use the keyset routes.
        router.get("/markets") { [self] request in try marketsByCondition(request) }
        router.get("/events") { _ in
            throw HTTPError(HTTPStatus(410, "Gone"), code: "offset_paging_retired", message: "use /events/keyset")
        }
    }

    /// `GET /markets?condition_ids=a&condition_ids=b&closed=true`: a lookup of specific markets as
    /// Gamma answers it. `condition_ids` is an array parameter sent as repeated keys (a comma-joined
    /// value is one id that matches nothing), and `closed` filters as on the listing: without
    /// `closed=true` a closed (resolved) market is not returned. The recorded resolved markets
    /// (the wallet population's history) are found too.
    func marketsByCondition(_ request: HTTPRequest) throws -> HTTPResponse {
        let ids = request.queryValues("condition_ids").filter { !$0.isEmpty }
        guard !ids.isEmpty else {
            throw HTTPError(HTTPStatus(410, "Gone"), code: "offset_paging_retired", message: "use /markets/keyset")
        }
        guard ids.count <= 100 else { throw HTTPError.badRequest("condition_ids accepts at most 100 ids") }
        let closed = try Self.closedFilter(request) ?? false
        var payloads = ids.compactMap { universe.marketIndexByCondition[$0] }.map { universe.markets[$0] }
            .filter { isClosed($0) == closed }.map { render($0, withEvents: true) }
        // Markets resolved before the recording (the wallet population's history) are closed ones.
        let outside = ids.filter { universe.marketIndexByCondition[$0] == nil }
        if closed && !outside.isEmpty { payloads += outside.compactMap { recordedResolved[$0] } }
        return .json(bytes: Self.joinArray(payloads))
    }

    func eventsKeyset(_ request: HTTPRequest) throws -> HTTPResponse {
        let limit = try Self.limit(request, max: Self.maxEventsPage)
        let closedFilter = try Self.closedFilter(request)
        var position = try Self.cursorPosition(request, prefix: "e")
        var items: [[UInt8]] = []
        var lastID: Int64?
        let events = universe.events
        var index = events.partitionIndex { $0.numericID > position }
        while index < events.count && items.count < limit {
            let event = events[index]
            index += 1
            let listed = event.marketIndexes.map { universe.markets[$0] }.filter(isListed)
            guard !listed.isEmpty else { continue }
            let eventClosed = listed.allSatisfy(isClosed)
            if let closedFilter, closedFilter != eventClosed { continue }
            items.append(renderEvent(event, markets: listed))
            lastID = event.numericID
        }
        position = lastID ?? position
        let more = index < events.count && lastID != nil
        return .json(bytes: Self.page(key: "events", items: items, nextCursor: more ? Self.cursor(prefix: "e", position) : nil))
    }

    func marketsKeyset(_ request: HTTPRequest) throws -> HTTPResponse {
        let limit = try Self.limit(request, max: Self.maxMarketsPage)
        let closedFilter = try Self.closedFilter(request)
        let position = try Self.cursorPosition(request, prefix: "m")
        var items: [[UInt8]] = []
        var lastID: Int64?
        let order = universe.marketOrder
        var index = order.partitionIndex { universe.markets[$0].numericID > position }
        while index < order.count && items.count < limit {
            let market = universe.markets[order[index]]
            index += 1
            guard isListed(market) else { continue }
            if let closedFilter, closedFilter != isClosed(market) { continue }
            items.append(render(market, withEvents: true))
            lastID = market.numericID
        }
        let more = index < order.count && lastID != nil
        return .json(
            bytes: Self.page(key: "markets", items: items, nextCursor: more ? Self.cursor(prefix: "m", lastID!) : nil))
    }

    func renderEvent(_ event: SimulatedEvent, markets: [SimulatedMarket]? = nil) -> [UInt8] {
        let nested = (markets ?? event.marketIndexes.map { universe.markets[$0] }).map { render($0, withEvents: false) }
        return JSONPatch.replacing(["markets": Self.joinArray(nested)], in: event.summary)
    }

    static func joinArray(_ items: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(items.reduce(2) { $0 + $1.count + 1 })
        for (offset, item) in items.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: item)
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    static func page(key: String, items: [[UInt8]], nextCursor: String?) -> [UInt8] {
        var bytes = Array("{\"\(key)\":".utf8) + joinArray(items)
        if let nextCursor { bytes += Array(",\"next_cursor\":\"\(nextCursor)\"".utf8) }
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    static func limit(_ request: HTTPRequest, max: Int) throws -> Int {
        guard let text = request.query["limit"] else { return 20 }
        guard let value = Int(text), value >= 1 else {
            throw HTTPError(.unprocessableContent, code: "invalid_limit", message: "limit must be a positive integer")
        }
        guard value <= max else {
            throw HTTPError(.unprocessableContent, code: "invalid_limit", message: "limit must be at most \(max)")
        }
        return value
    }

    static func closedFilter(_ request: HTTPRequest) throws -> Bool? {
        guard let text = request.query["closed"] else { return nil }
        switch text {
        case "true": return true
        case "false": return false
        default: throw HTTPError(.unprocessableContent, code: "invalid_closed", message: "closed must be true or false")
        }
    }

    /// Cursors are opaque to clients: base64 of `<kind>:<last id>`.
    static func cursor(prefix: String, _ position: Int64) -> String {
        Data("\(prefix):\(position)".utf8).base64EncodedString()
    }

    static func cursorPosition(_ request: HTTPRequest, prefix: String) throws -> Int64 {
        guard let cursor = request.query["after_cursor"] ?? request.query["cursor"], !cursor.isEmpty else { return Int64.min }
        guard let data = Data(base64Encoded: cursor), let text = String(data: data, encoding: .utf8),
            text.hasPrefix(prefix + ":"), let position = Int64(text.dropFirst(prefix.count + 1))
        else {
            throw HTTPError(.unprocessableContent, code: "invalid_cursor", message: "after_cursor is not a cursor this endpoint issued")
        }
        return position
    }
}

extension Array {
    /// The first index whose element satisfies `belongsToSecondPartition` (binary search on a sorted array).
    func partitionIndex(where belongsToSecondPartition: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if belongsToSecondPartition(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
