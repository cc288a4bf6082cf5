import Foundation
import LiveTier
import Postgres
import PrescientCore

/// `live_signals`: each detection once (a detector fires once per asset and moment), its figures,
/// reason line and elite attribution. Owns that SQL.
struct LiveSignalRepository: Sendable {
    let pool: PostgresPool

    /// Stores a detection; its id, or nil when it was stored before.
    func store(_ detection: MomentumDetection, detector: String = "momentum") throws -> Int64? {
        let figures: [String: String] = [
            "window_s": "\(detection.window)", "mid_before": DecimalText.format(detection.midBefore),
            "depth": DecimalText.format(detection.depth), "window_volume": DecimalText.format(detection.windowVolume),
        ]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: figures, options: .sortedKeys), as: UTF8.self)
        return try pool.execute(
            """
            INSERT INTO live_signals (detector, condition_id, asset_id, direction, detected_at, mid, best_bid, best_ask, spread_bps,
                velocity, acceleration, volume_surge, confidence, implied_probability, figures, reason)
            VALUES (\(detector), \(detection.market), \(detection.asset), \(detection.direction.rawValue),
                to_timestamp(\(detection.time) / 1000.0), \(detection.mid), \(detection.bestBid), \(detection.bestAsk),
                \(detection.spreadBps), round(\(detection.velocity), 8), round(\(detection.acceleration), 8), \(detection.volumeSurge),
                \(detection.confidence.rawValue), \(detection.impliedProbability), \(json)::jsonb, \(detection.reason))
            ON CONFLICT (detector, asset_id, detected_at) DO NOTHING RETURNING id
            """
        ).rows.first.map { try $0.decode("id") }
    }

    /// Signals newest first, filtered.
    func list(since: Date?, market: String?, asset: String?, limit: Int) throws -> [LiveSignalView] {
        try pool.execute(
            """
            SELECT \(unescaped: LiveSignalView.columns) FROM live_signals s
            WHERE (\(since)::timestamptz IS NULL OR s.detected_at >= \(since))
              AND (\(market)::text IS NULL OR s.condition_id = \(market)) AND (\(asset)::text IS NULL OR s.asset_id = \(asset))
            ORDER BY s.detected_at DESC, s.id DESC LIMIT \(limit)
            """
        ).rows.map(LiveSignalView.init)
    }

    /// Signals detected from `since` on, for attribution.
    func recent(since: Date) throws -> [LiveSignalView] {
        try pool.execute(
            "SELECT \(unescaped: LiveSignalView.columns) FROM live_signals s WHERE s.detected_at >= \(since) ORDER BY s.id"
        ).rows.map(LiveSignalView.init)
    }

    /// Replaces a signal's attribution.
    func attribute(_ id: Int64, wallets: [EliteTrade.Summary], notional: Decimal) throws {
        let json = String(decoding: try WireJSON.encoder().encode(wallets), as: UTF8.self)
        _ = try pool.execute(
            """
            UPDATE live_signals SET elite_wallets = \(json)::jsonb, elite_notional = \(notional), attributed_at = now()
            WHERE id = \(id)
            """)
    }
}
