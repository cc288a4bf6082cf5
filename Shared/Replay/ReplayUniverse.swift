import Foundation
import Polymarket
import Postgres
import PrescientCore
import Weather

/// The recorded weather markets as a replay's `markets` and `market_snapshots` tables (in the
/// run's own schema), kept at what was known at each step, so strategies read them through the
/// same `MarketPool` queries they use live.
///
/// Each bucket is a market of its event's negRisk group (`neg_risk_market_id` = the event slug,
/// category `weather`), tick 0.001, taker fee `feeRate` (exponent 1), its NO token
/// `ReplayQuotes.noToken`. At a step a market is in the open universe from its first recorded
/// point until trading ends; its YES price, best bid and best ask are the book model's; and each
/// recorded point up to the step is a `market_snapshots` row at its own time (source `replay`),
/// which the strategies' lookbacks read. The recordings carry no liquidity or volume: both are 0.
public struct ReplayUniverse: Sendable {
    public struct Market: Sendable {
        public let id: String
        public let event: WeatherHistory.Event
        public let bucket: WeatherHistory.Bucket
    }

    public let markets: [Market]
    let feeRate: Decimal
    private let state = Locked<State>(State())

    struct State {
        var open: [String: Decimal] = [:]
        /// Per YES token, the index of its first recorded point not yet written.
        var nextPoint: [String: Int] = [:]
    }

    public init(history: WeatherHistory, feeRate: Decimal) {
        var markets: [Market] = []
        for event in history.events {
            for (index, bucket) in event.buckets.enumerated() {
                markets.append(Market(id: "\(event.slug)#\(index)", event: event, bucket: bucket))
            }
        }
        self.markets = markets
        self.feeRate = feeRate
    }

    /// Writes every market, out of the open universe, into the run schema.
    public func load(into pool: PostgresPool) throws {
        for start in stride(from: 0, to: markets.count, by: 1_000) {
            let slice = markets[start..<min(start + 1_000, markets.count)]
            _ = try pool.execute(
                """
                INSERT INTO markets (id, condition_id, event_id, question, slug, category, yes_token_id, no_token_id, end_date, start_date,
                    active, closed, accepting_orders, enable_order_book, neg_risk, neg_risk_market_id, tick_size, order_min_size,
                    fees_enabled, fee_rate, fee_exponent, fee_source, passes_quality_filter, in_open_universe, liquidity, volume, raw)
                SELECT t.id, t.id, t.slug, t.question, t.slug, 'weather', t.yes, 'NO-' || t.yes, to_timestamp(t.ending), to_timestamp(t.starting),
                    TRUE, FALSE, TRUE, TRUE, TRUE, t.slug, 0.001, 5, \(feeRate > 0), \(feeRate), 1, 'replay_fee_rate', TRUE, FALSE, 0, 0,
                    '{}'::jsonb
                FROM unnest(\(slice.map(\.id))::text[], \(slice.map(\.event.slug))::text[], \(slice.map(Self.question))::text[],
                            \(slice.map(\.bucket.token))::text[], \(slice.map { String($0.event.endTime) })::bigint[],
                            \(slice.map { String($0.bucket.points.first?.time ?? $0.event.endTime) })::bigint[])
                     AS t(id, slug, question, yes, ending, starting)
                """)
        }
        // Parsed as the weather service parses stored markets: what the weather strategy and the
        // region limit read.
        try WeatherMarketRepository(pool: pool).store(
            markets.compactMap { market in
                guard let city = WeatherCity.named(market.event.city) else { return nil }
                return WeatherMarketRepository.Parsed(
                    marketID: market.id,
                    market: WeatherMarket(
                        city: city.name, targetDate: market.event.targetDate, bucket: market.bucket.bucket, station: city.station),
                    region: city.region)
            })
    }

    static func question(_ market: Market) -> String {
        "Highest temperature in \(market.event.city) on \(market.event.targetDate): \(market.bucket.label)?"
    }

    /// Brings the tables to `now`: markets open now with their prices (and those that closed out of
    /// the open universe), and every recorded point up to `now` not yet written as a snapshot.
    public func advance(to now: Int64, quotes: ReplayQuotes, pool: PostgresPool) throws {
        var changedIDs: [String] = [], prices: [String] = [], bids: [String] = [], asks: [String] = []
        var closing: [String] = []
        var snapshotRows: (ids: [String], tokens: [String], prices: [String], times: [String]) = ([], [], [], [])
        state.mutate { state in
            for market in markets {
                let token = market.bucket.token
                let tradable = now < market.event.endTime
                guard tradable, let point = quotes.known.point(token, at: now) else {
                    if state.open.removeValue(forKey: market.id) != nil { closing.append(market.id) }
                    continue
                }
                if state.open[market.id] != point.price {
                    state.open[market.id] = point.price
                    let book = quotes.model.book(token: token, point: point)
                    changedIDs.append(market.id)
                    prices.append(DecimalText.format(point.price))
                    bids.append(book.bids.first.map { DecimalText.format($0.price) } ?? "")
                    asks.append(book.asks.first.map { DecimalText.format($0.price) } ?? "")
                }
                var next = state.nextPoint[token] ?? 0
                let points = market.bucket.points
                while next < points.count && points[next].time <= now {
                    snapshotRows.ids.append(market.id)
                    snapshotRows.tokens.append(token)
                    snapshotRows.prices.append(DecimalText.format(points[next].price))
                    snapshotRows.times.append(String(points[next].time))
                    next += 1
                }
                state.nextPoint[token] = next
            }
        }
        try pool.withTransaction { db in
            if !changedIDs.isEmpty {
                try db.execute(
                    """
                    UPDATE markets m SET yes_price = t.price, no_price = 1 - t.price, best_bid = NULLIF(t.bid, '')::numeric,
                        best_ask = NULLIF(t.ask, '')::numeric, in_open_universe = TRUE, updated_at = now()
                    FROM unnest(\(changedIDs)::text[], \(prices)::numeric[], \(bids)::text[], \(asks)::text[]) AS t(id, price, bid, ask)
                    WHERE m.id = t.id
                    """)
            }
            if !closing.isEmpty {
                try db.execute(
                    "UPDATE markets SET in_open_universe = FALSE, closed = TRUE, accepting_orders = FALSE, updated_at = now() WHERE id = ANY(\(closing)::text[])"
                )
            }
            if !snapshotRows.ids.isEmpty {
                try db.execute(
                    """
                    INSERT INTO market_snapshots (market_id, token_id, price, source, captured_at)
                    SELECT t.id, t.token, t.price, 'replay', to_timestamp(t.at)
                    FROM unnest(\(snapshotRows.ids)::text[], \(snapshotRows.tokens)::text[], \(snapshotRows.prices)::numeric[],
                                \(snapshotRows.times)::bigint[]) AS t(id, token, price, at)
                    """)
            }
        }
    }
}
