import Foundation
import HTTPServer
import PrescientCore

/// Gamma's lookups by slug and its browse routes, as far as the recorded data goes:
/// `/markets/slug/{slug}`, `/events/slug/{slug}`, `/tags` (the recorded event files' tags),
/// `/series` (the series embedded in the events), each with `/{id}`, and `/public-search`.
extension Simulator {
    func registerGammaCatalog(on router: inout Router) {
        router.get("/markets/slug/{slug}") { [self] request in
            guard let index = catalog.marketIndexBySlug[request.pathParameters["slug"] ?? ""], isListed(universe.markets[index]) else {
                throw HTTPError.notFound("market not found")
            }
            return .json(bytes: render(universe.markets[index], withEvents: true))
        }
        router.get("/events/slug/{slug}") { [self] request in
            guard let index = catalog.eventIndexBySlug[request.pathParameters["slug"] ?? ""] else {
                throw HTTPError.notFound("event not found")
            }
            return .json(bytes: renderEvent(universe.events[index]))
        }
        router.get("/tags") { [self] request in try .json(bytes: Self.joinArray(Self.offsetPage(catalog.tags, request).map(\.bytes))) }
        router.get("/tags/slug/{slug}") { [self] request in
            try .json(bytes: Self.find(catalog.tags, what: "tag") { $0.slug == request.pathParameters["slug"] })
        }
        router.get("/tags/{id}") { [self] request in
            try .json(bytes: Self.find(catalog.tags, what: "tag") { $0.id == request.pathParameters["id"] })
        }
        router.get("/series") { [self] request in try .json(bytes: Self.joinArray(Self.offsetPage(catalog.series, request).map(\.bytes))) }
        router.get("/series/{id}") { [self] request in
            try .json(bytes: Self.find(catalog.series, what: "series") { $0.id == request.pathParameters["id"] })
        }
        router.get("/public-search") { [self] request in try publicSearch(request) }
    }

    /// `limit` (default 100, at most 1000) and `offset` over a list, as Gamma's browse routes page.
    static func offsetPage<Item>(_ items: [Item], _ request: HTTPRequest) throws -> ArraySlice<Item> {
        let limit = try request.queryInt("limit", default: 100, range: 0...1_000) ?? 100
        let offset = try request.queryInt("offset", default: 0, range: 0...1_000_000) ?? 0
        let start = min(offset, items.count)
        return items[start..<min(items.count, start + limit)]
    }

    static func find(_ entries: [GammaCatalog.Entry], what: String, where matches: (GammaCatalog.Entry) -> Bool) throws -> [UInt8] {
        guard let entry = entries.first(where: matches) else { throw HTTPError.notFound("\(what) not found") }
        return entry.bytes
    }

    /// `?q=` (required) over event titles and tickers and tag labels, case-insensitive, with
    /// `limit_per_type` (default 5, at most 50) and a 1-based `page`; open events only unless
    /// `events_status=closed` or `keep_closed_markets=1`.
    func publicSearch(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let query = request.query["q"]?.trimmingCharacters(in: .whitespaces).lowercased(), !query.isEmpty else {
            throw HTTPError.badRequest("q is required", code: "missing_parameter")
        }
        let perType = try request.queryInt("limit_per_type", default: 5, range: 1...50) ?? 5
        let page = try request.queryInt("page", default: 1, range: 1...10_000) ?? 1
        let wantClosed = request.query["events_status"] == "closed" || request.query["keep_closed_markets"] == "1"
        let matching = universe.events.indices.filter { index in
            guard catalog.eventText[index].contains(query) else { return false }
            let markets = universe.events[index].marketIndexes.map { universe.markets[$0] }
            return wantClosed || markets.contains { !isClosed($0) }
        }
        let start = min((page - 1) * perType, matching.count)
        let events = matching[start..<min(matching.count, start + perType)].map { renderEvent(universe.events[$0]) }
        let tags = catalog.tags.filter { $0.label.lowercased().contains(query) }.prefix(perType).map(\.bytes)
        let hasMore = start + perType < matching.count
        var bytes = Array(#"{"events":"#.utf8) + Self.joinArray(events)
        bytes += Array(#","tags":"#.utf8) + Self.joinArray(Array(tags))
        bytes += Array(#","profiles":[],"pagination":{"hasMore":\#(hasMore),"totalResults":\#(matching.count)}}"#.utf8)
        return .json(bytes: bytes)
    }
}
