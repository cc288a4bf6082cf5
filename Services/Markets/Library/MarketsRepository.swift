import Foundation
import MarketData
import Polymarket
import Postgres
import PrescientCore

/// Storage of markets: bulk upsert through COPY, retirement of markets that left the open
/// universe (never deleted), and queries. Owns its SQL.
public struct MarketsRepository: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// One market to store, with the event it came from and its verbatim payload.
    struct Row {
        let market: GammaMarket
        let eventID: String?
        let category: String?
        let payload: ArraySlice<UInt8>
        let passesQualityFilter: Bool
    }

    static let columns = """
        id, condition_id, event_id, question, slug, category, yes_token_id, no_token_id, yes_price, no_price, \
        best_bid, best_ask, last_trade_price, spread, liquidity, volume, volume_24hr, one_day_price_change, \
        one_week_price_change, start_date, end_date, active, closed, accepting_orders, enable_order_book, neg_risk, \
        neg_risk_market_id, tick_size, order_min_size, fees_enabled, fee_rate, fee_exponent, fee_source, uma_resolution_status, \
        passes_quality_filter, raw_hash, raw
        """

    /// Upserts the rows `produce` emits, in one transaction. Rows stream into COPY as they are
    /// produced, so the server parses one page while the next is fetched. With `retireMissing`,
    /// open markets that were not emitted are flagged out of the open universe. If `produce`
    /// throws, nothing is written. Returns (stored, retired).
    func store(
        retireMissing: Bool, on connection: PostgresConnection, produce: (_ emit: (Row) throws -> Void) throws -> Void
    ) throws -> (Int, Int) {
        try connection.withTransaction { db in
            // Payloads already stored unchanged are not sent again (staged as NULL, kept by the upsert).
            var stored: [String: Int64] = [:]
            for row in try db.execute("SELECT id, raw_hash FROM markets WHERE raw_hash IS NOT NULL").rows {
                stored[try row.decode("id")] = try row.decode("raw_hash")
            }
            let staged = try StagingTable.load(
                "markets", columns: Self.columns, nullable: ["raw"], on: db, produce: produce, key: { $0.market.id }
            ) { row, writer in
                let market = row.market
                writer.field(market.id)
                writer.field(market.conditionID)
                writer.field(row.eventID)
                writer.field(market.question ?? "")
                writer.field(market.slug)
                writer.field(row.category)
                writer.field(market.yesTokenID)
                writer.field(market.noTokenID)
                writer.field(market.outcomePrices.first)
                writer.field(market.outcomePrices.count > 1 ? market.outcomePrices[1] : nil)
                writer.field(market.bestBid)
                writer.field(market.bestAsk)
                writer.field(market.lastTradePrice)
                writer.field(market.spread)
                writer.field(market.liquidity)
                writer.field(market.volume)
                writer.field(market.volume24hr)
                writer.field(market.oneDayPriceChange)
                writer.field(market.oneWeekPriceChange)
                writer.field(market.startDate)
                writer.field(market.endDate)
                writer.field(market.active ?? true)
                writer.field(market.closed ?? false)
                writer.field(market.acceptingOrders ?? false)
                writer.field(market.enableOrderBook ?? false)
                writer.field(market.negRisk ?? false)
                writer.field(market.negRiskMarketID)
                writer.field(market.tickSize)
                writer.field(market.orderMinSize)
                writer.field(market.feesEnabled ?? false)
                let fee = market.declaredFee
                writer.field(fee?.schedule.rate)
                writer.field(fee?.schedule.exponent)
                writer.field(market.feesEnabled == true ? fee?.source ?? "category_guess" : nil)
                writer.field(market.umaResolutionStatus)
                writer.field(row.passesQualityFilter)
                let hash = ContentHash.fnv1a64(row.payload)
                writer.field(hash)
                if stored[market.id] == hash {
                    writer.field(nil as String?)
                } else {
                    row.payload.withUnsafeBufferPointer { writer.field(bytes: $0) }
                }
            }
            // Unchanged payloads: only what depends on the parent event (or a return to the open
            // universe) can differ.
            try db.execute(
                """
                UPDATE markets m SET event_id = s.event_id, category = s.category, passes_quality_filter = s.passes_quality_filter,
                    in_open_universe = TRUE, updated_at = now()
                FROM markets_staging s
                WHERE s.id = m.id AND s.raw IS NULL
                  AND (NOT m.in_open_universe OR m.event_id IS DISTINCT FROM s.event_id OR m.category IS DISTINCT FROM s.category
                       OR m.passes_quality_filter IS DISTINCT FROM s.passes_quality_filter)
                """)
            try db.execute(
                """
                INSERT INTO markets (\(unescaped: Self.columns), in_open_universe, updated_at)
                SELECT \(unescaped: Self.columns), TRUE, now() FROM markets_staging WHERE raw IS NOT NULL
                ON CONFLICT (id) DO UPDATE SET
                    condition_id = EXCLUDED.condition_id, event_id = EXCLUDED.event_id, question = EXCLUDED.question,
                    slug = EXCLUDED.slug, category = EXCLUDED.category, yes_token_id = EXCLUDED.yes_token_id,
                    no_token_id = EXCLUDED.no_token_id, yes_price = EXCLUDED.yes_price, no_price = EXCLUDED.no_price,
                    best_bid = EXCLUDED.best_bid, best_ask = EXCLUDED.best_ask, last_trade_price = EXCLUDED.last_trade_price,
                    spread = EXCLUDED.spread, liquidity = EXCLUDED.liquidity, volume = EXCLUDED.volume,
                    volume_24hr = EXCLUDED.volume_24hr, one_day_price_change = EXCLUDED.one_day_price_change,
                    one_week_price_change = EXCLUDED.one_week_price_change, start_date = EXCLUDED.start_date,
                    end_date = EXCLUDED.end_date, active = EXCLUDED.active, closed = EXCLUDED.closed,
                    accepting_orders = EXCLUDED.accepting_orders, enable_order_book = EXCLUDED.enable_order_book,
                    neg_risk = EXCLUDED.neg_risk, neg_risk_market_id = EXCLUDED.neg_risk_market_id,
                    tick_size = EXCLUDED.tick_size, order_min_size = EXCLUDED.order_min_size,
                    fees_enabled = EXCLUDED.fees_enabled, fee_rate = EXCLUDED.fee_rate,
                    fee_exponent = EXCLUDED.fee_exponent, fee_source = EXCLUDED.fee_source, uma_resolution_status = EXCLUDED.uma_resolution_status,
                    passes_quality_filter = EXCLUDED.passes_quality_filter, raw = EXCLUDED.raw,
                    raw_hash = EXCLUDED.raw_hash, in_open_universe = TRUE, updated_at = now()
                WHERE markets.raw_hash IS DISTINCT FROM EXCLUDED.raw_hash OR NOT markets.in_open_universe
                    OR markets.event_id IS DISTINCT FROM EXCLUDED.event_id OR markets.category IS DISTINCT FROM EXCLUDED.category
                    OR markets.passes_quality_filter IS DISTINCT FROM EXCLUDED.passes_quality_filter
                """)
            var retired = 0
            if retireMissing {
                retired = try db.execute(
                    """
                    UPDATE markets SET in_open_universe = FALSE, passes_quality_filter = FALSE, updated_at = now()
                    WHERE in_open_universe AND NOT EXISTS (SELECT 1 FROM markets_staging s WHERE s.id = markets.id)
                    """
                ).affectedRows
            }
            return (staged, retired)
        }
    }

    /// Ids of the events currently marked as trading candidates.
    func candidateEventIDs() throws -> Set<String> {
        Set(
            try pool.execute("SELECT id FROM events WHERE is_candidate AND in_open_universe").rows.map {
                try $0.decode("id", as: String.self)
            })
    }

    /// A page of markets matching the filters, most liquid first, and how many match in all.
    func list(_ filter: MarketFilter) throws -> (rows: [MarketRecord], total: Int) {
        try filter.listing.page(
            of: "markets",
            """
            WHERE (\(filter.listing.includeInactive) OR (in_open_universe AND NOT closed))
              AND (\(filter.tradableOnly) = FALSE OR passes_quality_filter)
              AND \(fragment: filter.listing.conditions)
              AND (\(filter.eventID)::text IS NULL OR event_id = \(filter.eventID))
              AND (\(filter.category)::text IS NULL OR category = \(filter.category)
                   OR event_id IN (SELECT id FROM events WHERE \(filter.category) = ANY(tag_slugs) OR category = \(filter.category)))
            """, pool: pool, row: MarketRecord.init(row:))
    }

    func find(id: String) throws -> MarketRecord? {
        try pool.execute("SELECT * FROM markets WHERE id = \(id) OR condition_id = \(id) LIMIT 1").rows.first.map(MarketRecord.init(row:))
    }
}

/// Filters of `GET /markets`: the shared ones, a category (or tag), an event, tradable only.
struct MarketFilter: Sendable {
    var listing = Listing()
    var category: String?
    var eventID: String?
    var tradableOnly = true
}
