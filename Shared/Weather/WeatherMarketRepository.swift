import Foundation
import Postgres
import PrescientCore

/// `weather_markets`: the stored markets read as weather markets (city, region, target day,
/// bucket, unit, station), which the weather strategy trades and the correlation limit groups
/// by region and day. Owns that SQL.
public struct WeatherMarketRepository: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// A parsed market.
    public struct Parsed: Sendable, Equatable {
        public let marketID: String
        public let market: WeatherMarket
        public let region: String

        public init(marketID: String, market: WeatherMarket, region: String) {
            self.marketID = marketID
            self.market = market
            self.region = region
        }
    }

    /// Parses the stored open markets of "Highest temperature in …" events not parsed yet (their
    /// event's title, the market's `groupItemTitle`, end date and resolution source) and stores
    /// those of a known city; returns how many were stored.
    @discardableResult
    public func parseStoredMarkets() throws -> Int {
        let rows = try pool.execute(
            """
            SELECT m.id, e.title, COALESCE(m.raw->>'groupItemTitle', '') AS bucket, m.raw->>'endDate' AS end_date,
                   COALESCE(m.raw->>'resolutionSource', e.raw->>'resolutionSource') AS source
            FROM markets m JOIN events e ON e.id = m.event_id
            WHERE NOT m.closed AND e.title LIKE 'Highest temperature in %'
              AND NOT EXISTS (SELECT 1 FROM weather_markets w WHERE w.market_id = m.id)
            """
        ).rows
        var parsed: [Parsed] = []
        for row in rows {
            guard
                let market = WeatherMarket.parse(
                    eventTitle: try row.decode("title"), bucketTitle: try row.decode("bucket"),
                    endDate: try row.decodeIfPresent("end_date"),
                    resolutionSource: try row.decodeIfPresent("source")),
                let city = WeatherCity.named(market.city)
            else { continue }
            parsed.append(Parsed(marketID: try row.decode("id"), market: market, region: city.region))
        }
        return try store(parsed)
    }

    /// Stores parsed markets (a market parsed before keeps its row).
    @discardableResult
    public func store(_ parsed: [Parsed]) throws -> Int {
        guard !parsed.isEmpty else { return 0 }
        return try pool.execute(
            """
            INSERT INTO weather_markets (market_id, city, region, target_date, bucket, unit, station)
            SELECT * FROM unnest(\(parsed.map(\.marketID))::text[], \(parsed.map(\.market.city))::text[], \(parsed.map(\.region))::text[],
                                 \(parsed.map(\.market.targetDate))::date[], \(parsed.map(\.market.bucket.description))::text[],
                                 \(parsed.map(\.market.bucket.unit.rawValue))::text[], \(parsed.map(\.market.station))::text[])
            ON CONFLICT (market_id) DO NOTHING
            """
        ).affectedRows
    }

    /// The parsed markets among `marketIDs`, by id.
    public func parsed(_ marketIDs: [String]) throws -> [String: Parsed] {
        guard !marketIDs.isEmpty else { return [:] }
        var result: [String: Parsed] = [:]
        for row in try pool.execute(
            """
            SELECT market_id, city, region, to_char(target_date, 'YYYY-MM-DD') AS target_date, bucket, station
            FROM weather_markets WHERE market_id = ANY(\(marketIDs)::text[])
            """
        ).rows {
            guard let bucket = TemperatureBucket.parse(try row.decode("bucket")) else { continue }
            let id: String = try row.decode("market_id")
            result[id] = Parsed(
                marketID: id,
                market: WeatherMarket(
                    city: try row.decode("city"), targetDate: try row.decode("target_date"), bucket: bucket,
                    station: try row.decodeIfPresent("station")),
                region: try row.decode("region"))
        }
        return result
    }
}
