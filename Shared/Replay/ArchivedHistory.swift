import Foundation
import Postgres
import PrescientCore
import Weather

/// Weather history from what this suite archived itself, so a replay can run over the markets the
/// live services stored rather than only over the recordings: the temperature markets parsed into
/// `weather_markets` with their `markets` and `events` rows (the bucket's label, the event's slug
/// and end), and every price the suite captured for their YES tokens in `market_snapshots` (the
/// price updater's midpoints, the live tier's book snapshots — with their touch where one was
/// stored; a replay's own rows are left out). An event is resolved as the recorded loader resolves
/// one: exactly one bucket whose stored state shows UMA's proposed or final resolution with the
/// YES price at 0.999 or more; the others stay open in the replay. Owns that SQL.
public struct ArchivedHistory: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// The archived weather events whose target day lies in `from` … `to` (YYYY-MM-DD).
    public func load(from: String, to: String) throws -> WeatherHistory {
        let rows = try pool.execute(
            """
            SELECT m.id, COALESCE(m.event_id, m.id) AS event_id, m.yes_token_id, w.city, w.bucket,
                   to_char(w.target_date, 'YYYY-MM-DD') AS target_date, COALESCE(m.raw->>'groupItemTitle', w.bucket) AS label,
                   COALESCE(e.slug, m.event_id, m.id) AS slug,
                   extract(epoch FROM COALESCE(e.end_date, m.end_date))::bigint AS end_time,
                   COALESCE(m.uma_resolution_status, '') AS status, COALESCE(m.yes_price, 0) AS yes_price
            FROM weather_markets w JOIN markets m ON m.id = w.market_id LEFT JOIN events e ON e.id = m.event_id
            WHERE w.target_date BETWEEN \(from)::date AND \(to)::date AND m.yes_token_id IS NOT NULL
              AND COALESCE(e.end_date, m.end_date) IS NOT NULL
            ORDER BY m.id
            """
        ).rows
        struct Row {
            let eventID, token, city, targetDate, label, slug, status: String
            let bucket: TemperatureBucket
            let endTime: Int64
            let yesPrice: Decimal
        }
        let markets: [Row] = try rows.compactMap { row in
            guard let bucket = TemperatureBucket.parse(try row.decode("bucket")) else { return nil }
            return Row(
                eventID: try row.decode("event_id"), token: try row.decode("yes_token_id"), city: try row.decode("city"),
                targetDate: try row.decode("target_date"), label: try row.decode("label"), slug: try row.decode("slug"),
                status: try row.decode("status"), bucket: bucket, endTime: try row.decode("end_time"), yesPrice: try row.decode("yes_price")
            )
        }
        let points = try self.points(tokens: markets.map(\.token))
        let threshold = Decimal(string: "0.999")!
        var events: [WeatherHistory.Event] = []
        for (_, group) in Dictionary(grouping: markets, by: \.eventID) {
            let winners = group.filter { ["proposed", "resolved"].contains($0.status) && $0.yesPrice >= threshold }
            let resolved = winners.count == 1
            let first = group[0]
            var event = WeatherHistory.Event(
                city: first.city, targetDate: first.targetDate, slug: first.slug, endTime: first.endTime, unit: first.bucket.unit,
                buckets: group.map { market in
                    WeatherHistory.Bucket(
                        label: market.label, bucket: market.bucket, token: market.token,
                        resolvedYes: resolved && winners[0].token == market.token, points: points[market.token] ?? [])
                }.sorted { ($0.bucket.lower ?? Int.min) < ($1.bucket.lower ?? Int.min) })
            event.resolved = resolved
            events.append(event)
        }
        return WeatherHistory(events: events.sorted { ($0.endTime, $0.city) < ($1.endTime, $1.city) })
    }

    /// How many archived weather markets have a target day in `from` … `to`.
    public func marketCount(from: String, to: String) throws -> Int {
        try pool.execute(
            "SELECT count(*) AS n FROM weather_markets WHERE target_date BETWEEN \(from)::date AND \(to)::date"
        )[0].decode("n")
    }

    /// The captured prices of `tokens`, oldest first, one a second (the first captured).
    func points(tokens: [String]) throws -> [String: [WeatherHistory.Point]] {
        guard !tokens.isEmpty else { return [:] }
        var result: [String: [WeatherHistory.Point]] = [:]
        for row in try pool.execute(
            """
            SELECT DISTINCT ON (token_id, floor(extract(epoch FROM captured_at))::bigint)
                   token_id, floor(extract(epoch FROM captured_at))::bigint AS time, price, best_bid, best_ask
            FROM market_snapshots WHERE token_id = ANY(\(tokens)::text[]) AND source <> 'replay'
            ORDER BY token_id, floor(extract(epoch FROM captured_at))::bigint, captured_at, id
            """
        ).rows {
            result[try row.decode("token_id"), default: []].append(
                WeatherHistory.Point(
                    time: try row.decode("time"), price: try row.decode("price"), bid: try row.decodeIfPresent("best_bid"),
                    ask: try row.decodeIfPresent("best_ask")))
        }
        return result
    }
}
