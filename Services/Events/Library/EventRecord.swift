import Foundation
import Postgres

/// An event as the events service returns it.
public struct EventRecord: Codable, Sendable {
    public var id: String
    public var slug: String?
    public var title: String
    public var category: String?
    public var tagSlugs: [String]
    public var startDate: Date?
    public var endDate: Date?
    public var active: Bool
    public var closed: Bool
    public var negRisk: Bool
    public var liquidity: Decimal?
    public var volume: Decimal?
    public var volume24hr: Decimal?
    public var marketCount: Int
    public var inOpenUniverse: Bool
    public var isCandidate: Bool
    public var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, slug, title, category, tagSlugs = "tag_slugs", startDate = "start_date", endDate = "end_date", active,
            closed, negRisk = "neg_risk", liquidity, volume, volume24hr = "volume_24hr", marketCount = "market_count",
            inOpenUniverse = "in_open_universe", isCandidate = "is_candidate", updatedAt = "updated_at"
    }

    init(row: PostgresRow) throws {
        id = try row.decode("id")
        slug = try row.decodeIfPresent("slug")
        title = try row.decode("title")
        category = try row.decodeIfPresent("category")
        tagSlugs = (try row.decodeIfPresent("tag_slugs", as: String.self)).map(Self.parseArray) ?? []
        startDate = try row.decodeIfPresent("start_date")
        endDate = try row.decodeIfPresent("end_date")
        active = try row.decode("active")
        closed = try row.decode("closed")
        negRisk = try row.decode("neg_risk")
        liquidity = try row.decodeIfPresent("liquidity")
        volume = try row.decodeIfPresent("volume")
        volume24hr = try row.decodeIfPresent("volume_24hr")
        marketCount = try row.decode("market_count")
        inOpenUniverse = try row.decode("in_open_universe")
        isCandidate = try row.decode("is_candidate")
        updatedAt = try row.decode("updated_at")
    }

    /// Reads a Postgres text array such as `{a,"b c"}`.
    static func parseArray(_ text: String) -> [String] {
        let inner = text.dropFirst().dropLast()
        guard !inner.isEmpty else { return [] }
        return inner.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
    }
}
