import Foundation
import HTTPServer
import PrescientCore

/// The CLOB's market listings: `/markets`, `/simplified-markets`, `/sampling-markets`,
/// `/sampling-simplified-markets` (cursor-paged: `next_cursor` is the base64 of the offset,
/// "MA==" the first page, "LTE=" past the last) and `/markets/{condition_id}`.
extension Simulator {
    /// Markets per page of the CLOB's listings.
    static let clobPageSize = 1_000
    /// The cursor the CLOB gives past the last page (base64 of "-1").
    static let clobEndCursor = "LTE="

    func registerClobMarkets(on router: inout Router) {
        router.get("/markets") { [self] request in try clobPage(request, samplingOnly: false, simplified: false) }
        router.get("/simplified-markets") { [self] request in try clobPage(request, samplingOnly: false, simplified: true) }
        router.get("/sampling-markets") { [self] request in try clobPage(request, samplingOnly: true, simplified: false) }
        router.get("/sampling-simplified-markets") { [self] request in try clobPage(request, samplingOnly: true, simplified: true) }
        router.get("/markets/{condition_id}") { [self] request in
            guard let conditionID = request.pathParameters["condition_id"],
                let index = universe.marketIndexByCondition[conditionID], isListed(universe.markets[index])
            else {
                throw HTTPError.notFound("market not found")
            }
            return .json(try clobMarket(universe.markets[index]))
        }
    }

    func clobMarket(_ market: SimulatedMarket) throws -> ClobMarket {
        try ClobMarket(market, payload: render(market, withEvents: false), closedNow: isClosed(market))
    }

    /// One page of a listing, in the universe's order.
    func clobPage(_ request: HTTPRequest, samplingOnly: Bool, simplified: Bool) throws -> HTTPResponse {
        struct Page<Item: Encodable>: Encodable {
            let limit: Int
            let count: Int
            let next_cursor: String
            let data: [Item]
        }
        let offset = try Self.clobCursorOffset(request.query["next_cursor"])
        var items: [ClobMarket] = []
        var position = offset
        let listed = universe.markets.filter(isListed)
        if samplingOnly {
            // Reward-paying markets only: the filter needs each market built, so walk from the offset.
            while position < listed.count && items.count < Self.clobPageSize {
                let market = try clobMarket(listed[position])
                if market.paysRewards { items.append(market) }
                position += 1
            }
        } else {
            let end = min(listed.count, offset + Self.clobPageSize)
            items = try listed[min(offset, end)..<end].map(clobMarket)
            position = end
        }
        let next = position >= listed.count ? Self.clobEndCursor : Data(String(position).utf8).base64EncodedString()
        if simplified {
            return .json(Page(limit: Self.clobPageSize, count: items.count, next_cursor: next, data: items.map(\.simplified)))
        }
        return .json(Page(limit: Self.clobPageSize, count: items.count, next_cursor: next, data: items))
    }

    /// The offset a `next_cursor` names: none or "MA==" is the start; "LTE=" (past the end)
    /// and anything that is not the base64 of a non-negative integer are refused.
    static func clobCursorOffset(_ cursor: String?) throws -> Int {
        guard let cursor, !cursor.isEmpty else { return 0 }
        guard cursor != clobEndCursor else { throw HTTPError.badRequest("the listing has no page after the last", code: "invalid_cursor") }
        guard let data = Data(base64Encoded: cursor), let offset = Int(String(decoding: data, as: UTF8.self)), offset >= 0 else {
            throw HTTPError.badRequest("next_cursor '\(cursor)' is not a cursor this listing gave", code: "invalid_cursor")
        }
        return offset
    }
}
