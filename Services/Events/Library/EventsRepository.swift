import Foundation
import MarketData
import Polymarket
import Postgres

/// Storage of events: bulk upsert through COPY, candidate marking and queries. Owns its SQL.
public struct EventsRepository: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    static let columns = """
        id, slug, ticker, title, category, tag_slugs, start_date, end_date, active, closed, archived, neg_risk, \
        liquidity, volume, volume_24hr, open_interest, market_count, raw
        """

    /// Upserts the events `produce` emits in one transaction (streamed into COPY as they come) and
    /// flags events missing from the export as out of the open universe. If `produce` throws,
    /// nothing is written. Returns (upserted, newly flagged inactive).
    func replaceOpenUniverse(
        on connection: PostgresConnection, produce: (_ emit: (EventPage.Entry) throws -> Void) throws -> Void
    ) throws -> (Int, Int) {
        try connection.withTransaction { db in
            let staged = try StagingTable.load(
                "events", columns: Self.columns, on: db, produce: produce, key: { $0.event.id }
            ) { entry, writer in
                let event = entry.event
                writer.field(event.id)
                writer.field(event.slug)
                writer.field(event.ticker)
                writer.field(event.title ?? "")
                writer.field(event.category)
                writer.field(event.tagSlugs)
                writer.field(event.startDate)
                writer.field(event.endDate)
                writer.field(event.active ?? true)
                writer.field(event.closed ?? false)
                writer.field(event.archived ?? false)
                writer.field(event.negRisk ?? false)
                writer.field(event.liquidity)
                writer.field(event.volume)
                writer.field(event.volume24hr)
                writer.field(event.openInterest)
                writer.field(entry.marketCount)
                entry.eventPayload.withUnsafeBufferPointer { writer.field(bytes: $0) }
            }
            try db.execute(
                """
                INSERT INTO events (\(unescaped: Self.columns), in_open_universe, updated_at)
                SELECT \(unescaped: Self.columns), TRUE, now() FROM events_staging
                ON CONFLICT (id) DO UPDATE SET
                    slug = EXCLUDED.slug, ticker = EXCLUDED.ticker, title = EXCLUDED.title, category = EXCLUDED.category,
                    tag_slugs = EXCLUDED.tag_slugs, start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
                    active = EXCLUDED.active, closed = EXCLUDED.closed, archived = EXCLUDED.archived,
                    neg_risk = EXCLUDED.neg_risk, liquidity = EXCLUDED.liquidity, volume = EXCLUDED.volume,
                    volume_24hr = EXCLUDED.volume_24hr, open_interest = EXCLUDED.open_interest,
                    market_count = EXCLUDED.market_count, raw = EXCLUDED.raw, in_open_universe = TRUE, updated_at = now()
                WHERE events.raw IS DISTINCT FROM EXCLUDED.raw OR NOT events.in_open_universe
                    OR events.market_count IS DISTINCT FROM EXCLUDED.market_count
                """)
            let retired = try db.execute(
                """
                UPDATE events SET in_open_universe = FALSE, is_candidate = FALSE, updated_at = now()
                WHERE in_open_universe AND NOT EXISTS (SELECT 1 FROM events_staging s WHERE s.id = events.id)
                """
            ).affectedRows
            return (staged, retired)
        }
    }

    /// Marks open events meeting the thresholds as trading candidates (and clears the rest).
    func markCandidates(minLiquidity: Decimal, minVolume: Decimal, maxDaysToEnd: Int?, now: Date) throws -> Int {
        try pool.withTransaction { db in
            let latestEnd: Date? = maxDaysToEnd.map { now.addingTimeInterval(Double($0) * 86_400) }
            try db.execute("UPDATE events SET is_candidate = FALSE WHERE is_candidate")
            return try db.execute(
                """
                UPDATE events SET is_candidate = TRUE
                WHERE in_open_universe AND NOT closed
                  AND COALESCE(liquidity, 0) >= \(minLiquidity)
                  AND COALESCE(volume, 0) >= \(minVolume)
                  AND (end_date IS NULL OR end_date > \(now))
                  AND (\(latestEnd)::timestamptz IS NULL OR end_date <= \(latestEnd))
                """
            ).affectedRows
        }
    }

    /// A page of events matching the filters, most liquid first, and how many match in all.
    func list(_ filter: EventFilter) throws -> (rows: [EventRecord], total: Int) {
        try filter.listing.page(
            of: "events",
            """
            WHERE (\(filter.listing.includeInactive) OR in_open_universe)
              AND (\(filter.candidatesOnly) = FALSE OR is_candidate)
              AND \(fragment: filter.listing.conditions)
              AND (\(filter.tag)::text IS NULL OR \(filter.tag) = ANY(tag_slugs) OR category = \(filter.tag))
            """, pool: pool, row: EventRecord.init(row:))
    }

    func find(id: String) throws -> EventRecord? {
        try pool.execute("SELECT * FROM events WHERE id = \(id)").rows.first.map(EventRecord.init(row:))
    }
}

/// Filters of `GET /events`: the shared ones, a tag (or category), candidates only.
struct EventFilter: Sendable {
    var listing = Listing()
    var tag: String?
    var candidatesOnly = false
}
