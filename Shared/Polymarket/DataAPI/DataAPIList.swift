import Foundation

/// A Data API list in either generation: v1's bare array, or v2's
/// `{"data":[…],"pagination":{limit,offset,has_more,next_cursor}}`. Rows that do not decode are
/// skipped, as a list from a live API may hold one the client does not understand.
public struct DataAPIList<Item: Decodable & Sendable>: Decodable, Sendable {
    public var items: [Item]
    /// Rows that did not decode (and were left out).
    public var skipped: Int
    /// v2's paging; nil for a v1 answer.
    public var pagination: DataAPIPagination?

    public init(from decoder: any Decoder) throws {
        if let list = try? decoder.singleValueContainer().decode(LenientList<Item>.self) {
            (items, skipped, pagination) = (list.elements, list.skipped, nil)
            return
        }
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        let list = try container.decode(LenientList<Item>.self, forKey: AnyCodingKey("data"))
        (items, skipped) = (list.elements, list.skipped)
        pagination = try container.decodeIfPresent(DataAPIPagination.self, forKey: AnyCodingKey("pagination"))
    }
}

/// v2's paging: the cursor of the next page, absent (or `has_more` false) after the last.
public struct DataAPIPagination: Decodable, Sendable, Equatable {
    public var limit: Int?
    public var offset: Int?
    public var hasMore: Bool
    public var nextCursor: String?

    public init(from decoder: any Decoder) throws {
        let fields = try DecoderFields(decoder)
        limit = fields.int("limit").map(Int.init)
        offset = fields.int("offset").map(Int.init)
        hasMore = fields.bool("has_more") ?? false
        nextCursor = fields.string("next_cursor")
    }
}

/// A Data API object in either generation: bare, or v2's `{"data":{…}}`.
public struct DataAPIObject<Item: Decodable & Sendable>: Decodable, Sendable {
    public var item: Item

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        if container.contains(AnyCodingKey("data")), let wrapped = try? container.decode(Item.self, forKey: AnyCodingKey("data")) {
            item = wrapped
        } else {
            item = try Item(from: decoder)
        }
    }
}
