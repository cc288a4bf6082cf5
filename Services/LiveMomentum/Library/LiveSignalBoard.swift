import Foundation
import LiveTier
import Postgres
import PrescientCore

/// The live tier's recent momentum signals as the strategy reads them (from `live_signals`,
/// written by the live-signals service): the newest per asset stored within the last
/// `maxAge` seconds, kept for `ttl` seconds so a batch of portfolios reads them once.
public final class LiveSignalBoard: Sendable {
    /// One asset's newest signal.
    public struct Entry: Sendable {
        public let id: Int64
        public let conditionID: String
        public let asset: String
        public let rising: Bool
        public let confidence: String
        public let weight: Decimal
        public let mid: Decimal
        public let velocity: Decimal
        public let eliteNotional: Decimal
        public let eliteWallets: Int
        public let reason: String
    }

    let pool: PostgresPool
    let ttl: TimeInterval
    private let cache = Locked<(read: Date, maxAge: Int, entries: [String: [Entry]])?>(nil)

    public init(pool: PostgresPool, ttl: TimeInterval = 2) {
        self.pool = pool
        self.ttl = ttl
    }

    /// The newest signal of each asset stored within `maxAge` seconds, by condition id.
    public func entries(maxAge: Int) throws -> [String: [Entry]] {
        if let cached = cache.value, cached.maxAge == maxAge, Date().timeIntervalSince(cached.read) < ttl { return cached.entries }
        var entries: [String: [Entry]] = [:]
        for row in try pool.execute(
            """
            SELECT DISTINCT ON (asset_id) id, condition_id, asset_id, direction, confidence, mid, velocity, elite_notional,
                   jsonb_array_length(elite_wallets) AS elite_wallets, reason
            FROM live_signals WHERE created_at >= now() - make_interval(secs => \(maxAge))
            ORDER BY asset_id, detected_at DESC, id DESC
            """
        ).rows {
            let confidence: String = try row.decode("confidence")
            let entry = Entry(
                id: try row.decode("id"), conditionID: try row.decode("condition_id"), asset: try row.decode("asset_id"),
                rising: (try row.decode("direction", as: String.self)) == "up", confidence: confidence,
                weight: MomentumDetection.Confidence(rawValue: confidence)?.weight ?? MomentumDetection.Confidence.low.weight,
                mid: try row.decode("mid"), velocity: try row.decode("velocity"), eliteNotional: try row.decode("elite_notional"),
                eliteWallets: try row.decode("elite_wallets"), reason: try row.decode("reason"))
            entries[entry.conditionID, default: []].append(entry)
        }
        cache.mutate { $0 = (Date(), maxAge, entries) }
        return entries
    }
}
