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

    /// Set to true in a decoder's `userInfo` to skip the nested markets (the events export needs
    /// only the events, and building 36k market values it would drop costs seconds).
    public static let skipMarkets = CodingUserInfoKey(rawValue: "prescient.skipMarkets")!

    enum CodingKeys: String, CodingKey {
        case id, slug, ticker, title, category, tags, startDate, endDate, active, closed, archived, negRisk,
            enableNegRisk, liquidity, volume, volume24hr, openInterest, markets
    }

    struct Tag: Decodable {
        let slug: String?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = c.lenientString(.id), !id.isEmpty else {
            throw DecodingError.keyNotFound(CodingKeys.id, .init(codingPath: c.codingPath, debugDescription: "event without id"))
        }
        self.id = id
        slug = c.lenientString(.slug)
        ticker = c.lenientString(.ticker)
        title = c.lenientString(.title)
        category = c.lenientString(.category)
        tagSlugs = ((try? c.decodeIfPresent([Tag].self, forKey: .tags)) ?? nil)?.compactMap(\.slug) ?? []
        startDate = c.lenientString(.startDate).flatMap(ISO8601Lenient.parse)
        endDate = c.lenientString(.endDate).flatMap(ISO8601Lenient.parse)
        active = c.lenientBool(.active)
        closed = c.lenientBool(.closed)
        archived = c.lenientBool(.archived)
        negRisk = c.lenientBool(.negRisk) ?? c.lenientBool(.enableNegRisk)
        liquidity = c.lenientDecimal(.liquidity, usuallyNumber: true)
        volume = c.lenientDecimal(.volume, usuallyNumber: true)
        volume24hr = c.lenientDecimal(.volume24hr, usuallyNumber: true)
        openInterest = c.lenientDecimal(.openInterest, usuallyNumber: true)
        if decoder.userInfo[Self.skipMarkets] as? Bool == true {
            markets = nil
        } else {
            markets = try? c.decodeIfPresent(LenientList<GammaMarket>.self, forKey: .markets)?.elements
        }
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
