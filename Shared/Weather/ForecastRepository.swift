import Foundation
import Postgres

/// `weather_forecasts`: every forecast of a city's high for a target day, with when it became
/// known (`issued_at`), its lead, its source and the raw answer it came from; a replay reads only
/// those issued at or before its clock. Owns that SQL.
public struct ForecastRepository: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Stores the forecasts of one answer (the same city, issue time and source are stored once;
    /// the issue time to the second).
    @discardableResult
    public func store(_ records: [ForecastRecord], raw: [UInt8]) throws -> Int {
        guard !records.isEmpty else { return 0 }
        let payload = String(decoding: raw, as: UTF8.self)
        return try pool.execute(
            """
            INSERT INTO weather_forecasts (city, target_date, issued_at, lead_days, source, high, low, unit, raw)
            SELECT c, t::date, to_timestamp(i), l, s, h, lo, u, \(payload)::jsonb
            FROM unnest(\(records.map(\.city))::text[], \(records.map(\.targetDate))::text[], \(records.map { Int64($0.issuedAt.timeIntervalSince1970.rounded(.down)) })::bigint[],
                        \(records.map(\.leadDays))::int[], \(records.map(\.source))::text[], \(records.map { Self.decimal($0.high) })::numeric[],
                        \(records.map { $0.low.map(Self.decimal) })::numeric[], \(records.map(\.unit.rawValue))::text[]) AS x(c, t, i, l, s, h, lo, u)
            ON CONFLICT (city, target_date, issued_at, source) DO NOTHING
            """
        ).affectedRows
    }

    /// A reading as the answer wrote it (22.5 stays 22.5).
    static func decimal(_ value: Double) -> Decimal { Decimal(string: "\(value)") ?? Decimal(value) }

    /// The newest forecast of the city's high for the day issued at or before `asOf`.
    public func latest(city: String, targetDate: String, asOf: Date) throws -> ForecastRecord? {
        try pool.execute(
            """
            SELECT city, to_char(target_date, 'YYYY-MM-DD') AS target_date, issued_at, lead_days, source, high, low, unit
            FROM weather_forecasts WHERE city = \(city) AND target_date = \(targetDate)::date AND issued_at <= \(asOf)
            ORDER BY issued_at DESC, source LIMIT 1
            """
        ).rows.first.map { row in
            ForecastRecord(
                city: try row.decode("city"), targetDate: try row.decode("target_date"), issuedAt: try row.decode("issued_at"),
                leadDays: try row.decode("lead_days"), source: try row.decode("source"), high: try row.decode("high"),
                low: try row.decodeIfPresent("low"), unit: TemperatureUnit(rawValue: try row.decode("unit")) ?? .celsius)
        }
    }
}
