import Foundation
import LiveTier
import Polymarket
import PrescientCore

extension LiveTierRunner.Settings {
    /// `POLYMARKET_WS_URL` (Polymarket's market channel), `LIVE_SNAPSHOT_INTERVAL_S` (10),
    /// `LIVE_BACKFILL_S` (3600), `LIVE_PING_S` (10), `LIVE_STALE_AFTER_S` (30), and the detector's
    /// `LIVE_WINDOW_S` (60), `LIVE_MIN_VELOCITY` (0.0005 a second), `LIVE_MAX_SPREAD_BPS` (500),
    /// `LIVE_MIN_DEPTH` (100 shares), `LIVE_BASELINE_WINDOWS` (5), `LIVE_COOLDOWN_S` (300).
    init(environment: EnvironmentReader) throws {
        channelURL = environment.string("POLYMARKET_WS_URL", default: "wss://ws-subscriptions-clob.polymarket.com/ws/market")
        guard channelURL.hasPrefix("ws://") || channelURL.hasPrefix("wss://") else {
            throw ConfigurationError(variable: "POLYMARKET_WS_URL", problem: "must start with ws:// or wss://, got '\(channelURL)'")
        }
        intervalSeconds = try environment.int("LIVE_SNAPSHOT_INTERVAL_S", default: 10, range: 1...3_600)
        backfillSeconds = Int64(try environment.int("LIVE_BACKFILL_S", default: 3_600, range: 0...604_800))
        feed.pingInterval = try environment.double("LIVE_PING_S", default: 10, range: 1...300)
        feed.staleAfter = try environment.double("LIVE_STALE_AFTER_S", default: 30, range: 1...3_600)
        detector.window = Int64(try environment.int("LIVE_WINDOW_S", default: 60, range: 1...86_400))
        detector.minVelocity = try environment.decimal("LIVE_MIN_VELOCITY", default: Decimal(string: "0.0005")!, range: 0...1)
        detector.maxSpreadBps = try environment.decimal("LIVE_MAX_SPREAD_BPS", default: 500, range: 0...20_000)
        detector.minDepth = try environment.decimal("LIVE_MIN_DEPTH", default: 100, range: 0...100_000_000)
        detector.baselineWindows = try environment.int("LIVE_BASELINE_WINDOWS", default: 5, range: 1...1_000)
        detector.cooldown = Int64(try environment.int("LIVE_COOLDOWN_S", default: 300, range: 0...86_400))
    }
}
