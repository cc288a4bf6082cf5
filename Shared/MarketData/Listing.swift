import Foundation
import HTTPServer
import Postgres

/// What `GET /events` and `GET /markets` share: the filters both accept, their SQL over a table
/// with `liquidity`, `volume` and `end_date` columns, one page of rows most liquid first with
/// the total count, and the answer's shape.
public struct Listing: Sendable {
    public var minLiquidity: Decimal?
    public var minVolume: Decimal?
    public var endingBefore: Date?
    public var includeInactive = false
    public var limit = 50
    public var offset = 0

    public init() {}

    /// Reads `min_liquidity`, `min_volume`, `ending_before`, `include_inactive`, `limit` (1…500,
    /// default 50) and `offset`; a malformed value is a 400 naming it.
    public init(_ request: HTTPRequest) throws {
        (limit, offset) = try request.paging()
        minLiquidity = try request.queryDecimal("min_liquidity")
        minVolume = try request.queryDecimal("min_volume")
        endingBefore = try request.queryDate("ending_before")
        includeInactive = try request.queryBool("include_inactive") ?? false
    }

    /// The shared conditions, to splice into a `WHERE` clause with `\(fragment:)`.
    public var conditions: PostgresQuery {
        """
        (\(minLiquidity)::numeric IS NULL OR liquidity >= \(minLiquidity))
          AND (\(minVolume)::numeric IS NULL OR volume >= \(minVolume))
          AND (\(endingBefore)::timestamptz IS NULL OR end_date <= \(endingBefore))
        """
    }

    /// One page of `table`'s rows meeting `condition` (a whole `WHERE …` clause), most liquid
    /// first, and how many rows meet it in all; both read on one connection.
    public func page<Row>(
        of table: String, _ condition: PostgresQuery, pool: PostgresPool, row: (PostgresRow) throws -> Row
    ) throws -> (rows: [Row], total: Int) {
        try pool.withConnection { db in
            let total = try db.execute("SELECT count(*) AS n FROM \(unescaped: table) \(fragment: condition)")[0].decode("n", as: Int.self)
            let rows = try db.execute(
                """
                SELECT * FROM \(unescaped: table) \(fragment: condition)
                ORDER BY liquidity DESC NULLS LAST, id LIMIT \(limit) OFFSET \(offset)
                """
            ).rows.map(row)
            return (rows, total)
        }
    }

    /// The answer of a list endpoint: `{"<name>":[…],"total":…,"limit":…,"offset":…}`.
    public struct Page<Item: Encodable & Sendable>: Encodable, Sendable {
        public let name: String
        public let items: [Item]
        public let total: Int
        public let limit: Int
        public let offset: Int

        public init(name: String, items: [Item], total: Int, listing: Listing) {
            self.name = name
            self.items = items
            self.total = total
            limit = listing.limit
            offset = listing.offset
        }

        struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(items, forKey: Key(stringValue: name))
            try container.encode(total, forKey: Key(stringValue: "total"))
            try container.encode(limit, forKey: Key(stringValue: "limit"))
            try container.encode(offset, forKey: Key(stringValue: "offset"))
        }
    }
}

extension Router {
    /// `GET path`, a page of records through `list`, and `GET path/{id}`, one record through
    /// `find` or a 404 naming the `noun`: the two read endpoints events and markets share.
    public mutating func listing<Item: Encodable & Sendable>(
        _ path: String, name: String, noun: String,
        list: @escaping @Sendable (HTTPRequest, Listing) throws -> (rows: [Item], total: Int),
        find: @escaping @Sendable (String) throws -> Item?
    ) {
        get(path) { request in
            let listing = try Listing(request)
            let (items, total) = try list(request, listing)
            return .json(Listing.Page(name: name, items: items, total: total, listing: listing))
        }
        get(path + "/{id}") { request in
            let id = request.pathParameters["id"] ?? ""
            guard let item = try find(id) else { throw HTTPError.notFound("no \(noun) with id \(id)") }
            return .json(item)
        }
    }
}
