import Foundation
import LiveTier
import Postgres
import PrescientCore

/// `live_snapshots`: 10-second rows in a table partitioned by day (UTC). A day's partition is
/// made before its first row lands (under an advisory lock, so replicas do not race), and
/// partitions wholly older than the retention are dropped whole. Owns that SQL.
struct SnapshotRepository: Sendable {
    let pool: PostgresPool
    /// Days kept; older partitions are dropped by `applyRetention`.
    let retentionDays: Int
    private let madeDays = Locked(Set<Int64>())
    static let partitionLock: Int64 = 0x4C49_5645_5041_5254

    init(pool: PostgresPool, retentionDays: Int) {
        self.pool = pool
        self.retentionDays = retentionDays
    }

    enum Source: String {
        case channel, backfill
    }

    /// Upserts snapshots (a later fold of the same interval replaces the earlier); returns the rows written.
    @discardableResult
    func store(_ snapshots: [MarketSnapshot], source: Source) throws -> Int {
        guard !snapshots.isEmpty else { return 0 }
        try ensurePartitions(days: Set(snapshots.map { Self.day(of: $0.bucketStart) }))
        var written = 0
        for start in stride(from: 0, to: snapshots.count, by: 5_000) {
            let batch = Array(snapshots[start..<min(start + 5_000, snapshots.count)])
            written += try pool.execute(
                """
                INSERT INTO live_snapshots (asset_id, condition_id, bucket_start, best_bid, best_ask, mid, spread_bps, bid_depth,
                    ask_depth, last_trade, trades, volume, events, source)
                SELECT a, c, to_timestamp(b / 1000.0), bb, ba, m, s, bd, ad, lt, t, v, e, \(source.rawValue)
                FROM unnest(\(batch.map(\.asset))::text[], \(batch.map(\.market))::text[], \(batch.map(\.bucketStart))::bigint[],
                            \(batch.map(\.bestBid))::numeric[], \(batch.map(\.bestAsk))::numeric[], \(batch.map(\.mid))::numeric[],
                            \(batch.map(\.spreadBps))::numeric[], \(batch.map(\.bidDepth))::numeric[], \(batch.map(\.askDepth))::numeric[],
                            \(batch.map(\.lastTrade))::numeric[], \(batch.map(\.trades))::int[], \(batch.map(\.volume))::numeric[],
                            \(batch.map(\.events))::int[]) AS x(a, c, b, bb, ba, m, s, bd, ad, lt, t, v, e)
                ON CONFLICT (asset_id, bucket_start) DO UPDATE SET
                    best_bid = EXCLUDED.best_bid, best_ask = EXCLUDED.best_ask, mid = EXCLUDED.mid, spread_bps = EXCLUDED.spread_bps,
                    bid_depth = EXCLUDED.bid_depth, ask_depth = EXCLUDED.ask_depth, last_trade = EXCLUDED.last_trade,
                    trades = live_snapshots.trades + EXCLUDED.trades, volume = live_snapshots.volume + EXCLUDED.volume,
                    events = live_snapshots.events + EXCLUDED.events, source = EXCLUDED.source
                WHERE live_snapshots.source = 'backfill' OR EXCLUDED.source = 'channel'
                """
            ).affectedRows
        }
        return written
    }

    /// Makes the daily partitions not made yet.
    func ensurePartitions(days: Set<Int64>) throws {
        let missing = days.subtracting(madeDays.value)
        guard !missing.isEmpty else { return }
        try pool.withTransaction { connection in
            _ = try connection.execute("SELECT pg_advisory_xact_lock(\(Self.partitionLock))")
            for day in missing.sorted() {
                let name = Self.partitionName(day)
                let exists = try !connection.execute("SELECT 1 FROM pg_class WHERE relname = \(name)").rows.isEmpty
                guard !exists else { continue }
                let from = Date(timeIntervalSince1970: TimeInterval(day * 86_400)), to = from.addingTimeInterval(86_400)
                // Rows of that day already in the default partition move into the new one.
                _ = try connection.execute(
                    """
                    CREATE TEMP TABLE moving ON COMMIT DROP AS
                    SELECT * FROM live_snapshots_default WHERE bucket_start >= \(from) AND bucket_start < \(to)
                    """)
                _ = try connection.execute(
                    "DELETE FROM live_snapshots_default WHERE bucket_start >= \(from) AND bucket_start < \(to)")
                _ = try connection.execute(
                    """
                    CREATE TABLE \(unescaped: name) PARTITION OF live_snapshots
                    FOR VALUES FROM ('\(unescaped: PostgresTimestamp.format(from))') TO ('\(unescaped: PostgresTimestamp.format(to))')
                    """)
                _ = try connection.execute("INSERT INTO live_snapshots SELECT * FROM moving")
                _ = try connection.execute("DROP TABLE moving")
            }
        }
        madeDays.mutate { $0.formUnion(missing) }
    }

    /// Drops the daily partitions that end more than `retentionDays` before `now`; returns their names.
    func applyRetention(now: Date) throws -> [String] {
        let cutoff = Int64(now.timeIntervalSince1970) / 86_400 - Int64(retentionDays)
        let names: [String] = try pool.execute(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
            WHERE p.relname = 'live_snapshots' AND c.relname ~ '^live_snapshots_[0-9]{8}$' ORDER BY 1
            """
        ).rows.map { try $0.decode("relname") }
        let old = names.filter { name in Self.day(ofPartition: name).map { $0 < cutoff } ?? false }
        for name in old {
            _ = try pool.execute("DROP TABLE IF EXISTS \(unescaped: name)")
        }
        madeDays.mutate { days in days = days.filter { $0 >= cutoff } }
        // Rows the default partition caught for those days go too.
        let cutoffDate = Date(timeIntervalSince1970: TimeInterval(cutoff * 86_400))
        _ = try pool.execute("DELETE FROM live_snapshots_default WHERE bucket_start < \(cutoffDate)")
        return old
    }

    /// An asset's snapshots from `from` on (epoch ms), oldest first.
    func series(asset: String, from: Date, to: Date, limit: Int) throws -> [StoredSnapshot] {
        try pool.execute(
            """
            SELECT asset_id, condition_id, (extract(epoch FROM bucket_start) * 1000)::bigint AS bucket_ms, best_bid, best_ask, mid,
                   spread_bps, bid_depth, ask_depth, last_trade, trades, volume, events, source
            FROM live_snapshots WHERE asset_id = \(asset) AND bucket_start >= \(from) AND bucket_start <= \(to)
            ORDER BY bucket_start LIMIT \(limit)
            """
        ).rows.map(StoredSnapshot.init)
    }

    /// The mid nearest `time` within `tolerance` seconds, from the asset's snapshots (the
    /// scorecard's markouts); nil when none is that close.
    func mid(asset: String, at time: Date, tolerance: TimeInterval) throws -> Decimal? {
        try pool.execute(
            """
            SELECT mid FROM live_snapshots
            WHERE asset_id = \(asset) AND mid IS NOT NULL
              AND bucket_start BETWEEN \(time.addingTimeInterval(-tolerance)) AND \(time.addingTimeInterval(tolerance))
            ORDER BY abs(extract(epoch FROM bucket_start - \(time))) LIMIT 1
            """
        ).rows.first.map { try $0.decode("mid") }
    }

    /// The days (since the epoch) and partition names.
    static func day(of milliseconds: Int64) -> Int64 { Int64((Double(milliseconds) / 86_400_000).rounded(.down)) }

    static func partitionName(_ day: Int64) -> String { "live_snapshots_" + CalendarDay.text(day).replacingOccurrences(of: "-", with: "") }

    static func day(ofPartition name: String) -> Int64? {
        let digits = name.suffix(8)
        guard digits.count == 8, digits.allSatisfy(\.isNumber) else { return nil }
        return CalendarDay.number("\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))")
    }
}
