import Foundation
import LiveTier
import Logging
import Polymarket
import PrescientCore

/// The live tier at work: one market-channel feed over the watchlist's assets (replaced whole
/// when the list changes, the channel having no unsubscribe), every event folded into 10-second
/// snapshots and shown to the momentum detector at once; a detection is stored from the feed's
/// own thread (tick to signal without waiting for the interval to close); closed snapshots are
/// written in batches by `flush`. New assets are backfilled from `/prices-history`.
final class LiveTierRunner: @unchecked Sendable {
    // Safe because the mutable state lives in `state` (a `Locked`); the rest is immutable or
    // itself thread-safe.
    struct Settings: Sendable {
        var channelURL: String
        var feed = MarketChannelFeed.Settings()
        var intervalSeconds = 10
        var detector = MomentumDetector.Settings()
        /// Seconds of `/prices-history` read when an asset joins (0: none).
        var backfillSeconds: Int64 = 3_600
    }

    struct State {
        var folder: SnapshotFolder
        var detector: MomentumDetector
        var pending: [MarketSnapshot] = []
        var assets: [String] = []
        var feed: MarketChannelFeed?
        /// Outages of feeds replaced since.
        var pastOutages: [MarketChannelFeed.Outage] = []
        /// The latest event time seen (ms), which closes intervals of quiet assets.
        var watermark: Int64 = 0
        var events = 0
        /// Asset updates shown to the detector (a `price_change` moves one or more assets).
        var ticks = 0
        var detections = 0
        var latencies: [Double] = []
        var lastFlush: Date?
        var snapshotsWritten = 0
        var storeFailures = 0
    }

    let settings: Settings
    let snapshots: SnapshotRepository
    let signals: LiveSignalRepository
    let client: PolymarketClient
    let logger: Logger
    private let state: Locked<State>

    init(
        settings: Settings, snapshots: SnapshotRepository, signals: LiveSignalRepository, client: PolymarketClient, logger: Logger
    ) {
        self.settings = settings
        self.snapshots = snapshots
        self.signals = signals
        self.client = client
        self.logger = logger
        state = Locked(
            State(
                folder: SnapshotFolder(intervalSeconds: settings.intervalSeconds), detector: MomentumDetector(settings: settings.detector)))
    }

    /// Subscribes to exactly `assets` (with their markets' ids for the backfill): nothing happens
    /// when the set is unchanged; otherwise open intervals are written, the old feed stops, new
    /// assets are backfilled and a new feed starts. Returns whether it resubscribed.
    @discardableResult
    func watch(_ assets: [String: String]) -> Bool {
        let wanted = assets.keys.sorted()
        let change = state.mutate { state -> (old: MarketChannelFeed?, added: [String], flushed: [MarketSnapshot])? in
            guard wanted != state.assets else { return nil }
            let added = Set(wanted).subtracting(state.assets).sorted()
            let old = state.feed
            state.pastOutages += old?.outages ?? []
            state.feed = nil
            state.assets = wanted
            let flushed = state.pending + state.folder.flush()
            state.pending = []
            return (old, added, flushed)
        }
        guard let (old, added, flushed) = change else { return false }
        old?.stop()
        store(flushed)
        for asset in added { backfill(asset, market: assets[asset] ?? "") }
        guard !wanted.isEmpty else { return true }
        let feed = MarketChannelFeed(url: settings.channelURL, assets: wanted, settings: settings.feed, logger: logger) {
            [weak self] _, events in self?.receive(events)
        }
        let current = state.mutate { state -> Bool in
            guard state.assets == wanted else { return false }
            state.feed = feed
            return true
        }
        if current { feed.start() }
        logger.info(
            "live tier subscribed", metadata: ["assets": "\(wanted.count)", "added": "\(added.count)", "shards": "\(feed.shards.count)"])
        return true
    }

    /// Folds a batch of channel events; detections are stored before this returns.
    func receive(_ events: [MarketChannelEvent]) {
        let received = Date()
        let now = Int64(received.timeIntervalSince1970 * 1_000)
        let detections = state.mutate { state -> [MomentumDetection] in
            var found: [MomentumDetection] = []
            for event in events {
                state.events += 1
                let closed = state.folder.fold(event, receivedAt: now)
                state.pending += closed
                for (asset, time, traded) in Self.touches(event, receivedAt: now) {
                    state.ticks += 1
                    state.watermark = max(state.watermark, time)
                    guard let current = state.folder.current(asset) else { continue }
                    if let detection = state.detector.observe(MomentumDetector.Tick(current, at: time, traded: traded)) {
                        found.append(detection)
                    }
                }
            }
            return found
        }
        for detection in detections {
            do {
                if try signals.store(detection) != nil {
                    let latency = Date().timeIntervalSince(received)
                    state.mutate { state in
                        state.detections += 1
                        state.latencies.append(latency)
                        if state.latencies.count > 10_000 { state.latencies.removeFirst(state.latencies.count - 10_000) }
                    }
                    logger.info("live signal", metadata: ["asset": "\(detection.asset)", "reason": "\(detection.reason)"])
                }
            } catch {
                state.mutate { $0.storeFailures += 1 }
                logger.error("storing a live signal failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Writes the closed snapshots (and those the clock closed: intervals ended before the
    /// latest event of any asset).
    func flush() {
        let batch = state.mutate { state -> [MarketSnapshot] in
            let closed = state.pending + state.folder.close(before: state.watermark)
            state.pending = []
            return closed
        }
        store(batch)
    }

    /// Stops the feed and writes what is open.
    func stop() {
        let (feed, open) = state.mutate { state -> (MarketChannelFeed?, [MarketSnapshot]) in
            let feed = state.feed
            state.feed = nil
            return (feed, state.pending + state.folder.flush())
        }
        feed?.stop()
        store(open)
    }

    func store(_ batch: [MarketSnapshot]) {
        guard !batch.isEmpty else { return }
        do {
            let written = try snapshots.store(batch, source: .channel)
            state.mutate { state in
                state.snapshotsWritten += written
                state.lastFlush = Date()
            }
        } catch {
            // Kept for the next flush rather than lost.
            state.mutate { state in
                state.pending = batch + state.pending
                state.storeFailures += 1
            }
            logger.error("writing snapshots failed", metadata: ["rows": "\(batch.count)", "error": "\(error)"])
        }
    }

    /// The last `backfillSeconds` of an asset's `/prices-history` (one point a minute) as
    /// snapshots marked `backfill`, also shown to the detector as its history.
    func backfill(_ asset: String, market: String) {
        guard settings.backfillSeconds > 0 else { return }
        do {
            let history = try client.pricesHistory(tokenID: asset, interval: "1h", fidelity: 1)
            guard let newest = history.history.last?.t else { return }
            let points = history.history.filter { $0.t >= newest - settings.backfillSeconds }
            let interval = Int64(settings.intervalSeconds) * 1_000
            let rows = points.map { point in
                MarketSnapshot(
                    asset: asset, market: market, bucketStart: point.t * 1_000 - (point.t * 1_000) % interval, bestBid: nil, bestAsk: nil,
                    mid: point.p, spreadBps: nil, bidDepth: 0, askDepth: 0, lastTrade: nil, trades: 0, volume: 0, events: 0)
            }
            try snapshots.store(rows, source: .backfill)
            state.mutate { state in
                for row in rows {
                    _ = state.detector.observe(MomentumDetector.Tick(row, at: row.bucketStart))
                }
            }
        } catch {
            logger.warning("backfill failed", metadata: ["asset": "\(asset)", "error": "\(error)"])
        }
    }

    /// Each asset an event touches, when, and the shares it traded.
    static func touches(_ event: MarketChannelEvent, receivedAt now: Int64) -> [(String, Int64, Decimal)] {
        switch event {
        case .book(let asset, _, _, _, let stamp): return [(asset, stamp ?? now, 0)]
        case .priceChange(_, let changes, let stamp): return changes.map { ($0.asset, stamp ?? now, 0) }
        case .lastTradePrice(let asset, _, _, let size, _, let stamp): return [(asset, stamp ?? now, size ?? 0)]
        case .bestBidAsk(let asset, _, _, _, let stamp): return [(asset, stamp ?? now, 0)]
        case .tickSizeChange, .marketResolved, .other: return []
        }
    }

    /// What `GET /live/status` shows.
    struct Status: Encodable {
        let assets: Int
        let shards: Int
        let connects: Int
        let events: Int
        let ticks: Int
        let detections: Int
        let snapshotsPending: Int
        let snapshotsWritten: Int
        let storeFailures: Int
        let lastFlush: Date?
        let tickToSignalP50Ms: Double?
        let tickToSignalP95Ms: Double?
        let outages: [OutageView]

        enum CodingKeys: String, CodingKey {
            case assets, shards, connects, events, ticks, detections, outages
            case snapshotsPending = "snapshots_pending", snapshotsWritten = "snapshots_written", storeFailures = "store_failures",
                lastFlush = "last_flush"
            case tickToSignalP50Ms = "tick_to_signal_p50_ms", tickToSignalP95Ms = "tick_to_signal_p95_ms"
        }
    }

    struct OutageView: Encodable {
        let shard: Int
        let from: Date
        let to: Date?
        let reason: String
    }

    var status: Status {
        let current = state.value
        let sorted = current.latencies.sorted()
        func percentile(_ q: Double) -> Double? {
            sorted.isEmpty
                ? nil : (sorted[min(sorted.count - 1, Int((Double(sorted.count) * q).rounded(.up)) - 1)] * 1_000_000).rounded() / 1_000
        }
        let feed = current.feed
        return Status(
            assets: current.assets.count, shards: feed?.shards.count ?? 0, connects: feed?.connects ?? 0, events: current.events,
            ticks: current.ticks, detections: current.detections, snapshotsPending: current.pending.count,
            snapshotsWritten: current.snapshotsWritten, storeFailures: current.storeFailures,
            lastFlush: current.lastFlush, tickToSignalP50Ms: percentile(0.5), tickToSignalP95Ms: percentile(0.95),
            outages: (current.pastOutages + (feed?.outages ?? [])).map {
                OutageView(shard: $0.shard, from: $0.from, to: $0.to, reason: $0.reason)
            })
    }
}
