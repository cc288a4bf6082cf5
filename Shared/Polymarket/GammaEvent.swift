import Foundation
import PrescientCore

/// A Gamma event; `/events` nests its full markets, while markets embed events without them.
public struct GammaEvent: Decodable, Sendable {
    public var id: String
    public var slug: String?
    public var ticker: String?
    public var title: String?
    public var category: String?
    public var tagSlugs: [String]
    public var startDate: Date?
    public var endDate: Date?
    public var active: Bool?
    public var closed: Bool?
    public var archived: Bool?
    public var negRisk: Bool?
    public var liquidity: Decimal?
    public var volume: Decimal?
    public var volume24hr: Decimal?
    public var openInterest: Decimal?
    public var markets: [GammaMarket]?

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try self.init(fields: DecoderFields(container: container))
        markets = try? container.decodeIfPresent(LenientList<GammaMarket>.self, forKey: AnyCodingKey("markets"))?.elements
    }

    /// Reads an event object straight from its bytes, with its nested markets when `withMarkets`.
    /// Nil when the bytes are not an object with an id.
    public static func read(_ slicer: JSONSlicer, object range: Range<Int>, withMarkets: Bool) -> GammaEvent? {
        guard let fields = SlicedFields(slicer, object: range), var event = try? GammaEvent(fields: fields) else { return nil }
        if withMarkets, let list = fields.arrayElements("markets") {
            event.markets = list.compactMap { GammaMarket.read(slicer, object: $0) }
        }
        return event
    }

    /// The one mapping from Gamma's fields, whichever way they are read (markets are left out).
    init(fields c: some LenientFields) throws {
        guard let id = c.string("id"), !id.isEmpty else {
            throw DecodingError.keyNotFound(AnyCodingKey("id"), .init(codingPath: [], debugDescription: "event without id"))
        }
        self.id = id
        slug = c.string("slug")
        ticker = c.string("ticker")
        title = c.string("title")
        category = c.string("category")
        tagSlugs = c.objectList("tags")?.compactMap { $0.string("slug") } ?? []
        startDate = c.string("startDate").flatMap(ISO8601Lenient.parse)
        endDate = c.string("endDate").flatMap(ISO8601Lenient.parse)
        active = c.bool("active")
        closed = c.bool("closed")
        archived = c.bool("archived")
        negRisk = c.bool("negRisk") ?? c.bool("enableNegRisk")
        liquidity = c.decimal("liquidity", usuallyNumber: true)
        volume = c.decimal("volume", usuallyNumber: true)
        volume24hr = c.decimal("volume24hr", usuallyNumber: true)
        openInterest = c.decimal("openInterest", usuallyNumber: true)
        markets = nil
    }
}

/// An array whose undecodable elements are skipped instead of failing the whole array.
public struct LenientList<Element: Decodable>: Decodable {
    public var elements: [Element]
    /// How many elements were skipped.
    public var skipped: Int

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var elements: [Element] = []
        var skipped = 0
        while !container.isAtEnd {
            if let element = try? container.decode(Element.self) {
                elements.append(element)
            } else {
                _ = try? container.decode(Skip.self)
                skipped += 1
            }
        }
        self.elements = elements
        self.skipped = skipped
    }

    struct Skip: Decodable {}
}
