import Foundation
import PrescientCore

/// Momentum as it happens (CASCADIAN Phase 2), evaluated at every tick of an asset:
/// - velocity: (mid now − mid `window` seconds ago) / `window`, in price per second, where the
///   mid at a past moment is the last mid seen at or before it (so a detection needs `window`
///   seconds of history);
/// - acceleration: velocity now − velocity one window earlier (price per second, over one window;
///   0 until two windows of history exist);
/// - volume surge: shares traded in the last window ÷ the market's own baseline (its average
///   traded per window over the `baselineWindows` windows before it; nil without a baseline);
/// - guards: the spread at most `maxSpreadBps`, and at least `minDepth` shares on the side a
///   follower would take (asks for up, bids for down).
/// It fires when |velocity| ≥ `minVelocity` and the guards hold, at most once per asset and
/// direction per `cooldown` seconds.
public struct MomentumDetector: Sendable {
    /// Thresholds; environment names in the live-signals service's README section.
    public struct Settings: Sendable, Equatable {
        public var window: Int64 = 60
        public var minVelocity: Decimal = Decimal(string: "0.0005")!
        public var maxSpreadBps: Decimal = 500
        public var minDepth: Decimal = 100
        public var baselineWindows = 5
        public var cooldown: Int64 = 300
        public var surgeHigh: Decimal = Decimal(string: "1.5")!
        public var surgeMedium: Decimal = Decimal(string: "1.2")!

        public init() {}
    }

    /// What the detector sees at one tick of one asset.
    public struct Tick: Sendable {
        public let asset: String
        public let market: String
        /// Epoch milliseconds.
        public let time: Int64
        public let mid: Decimal?
        public let bestBid: Decimal?
        public let bestAsk: Decimal?
        public let spreadBps: Decimal?
        public let bidDepth: Decimal
        public let askDepth: Decimal
        /// Shares traded by this tick (0 when it is not a trade).
        public let traded: Decimal

        public init(
            asset: String, market: String, time: Int64, mid: Decimal?, bestBid: Decimal?, bestAsk: Decimal?, spreadBps: Decimal?,
            bidDepth: Decimal, askDepth: Decimal, traded: Decimal
        ) {
            self.asset = asset
            self.market = market
            self.time = time
            self.mid = mid
            self.bestBid = bestBid
            self.bestAsk = bestAsk
            self.spreadBps = spreadBps
            self.bidDepth = bidDepth
            self.askDepth = askDepth
            self.traded = traded
        }

        /// The tick of a snapshot's state (its time: the interval's start).
        public init(_ snapshot: MarketSnapshot, at time: Int64? = nil, traded: Decimal = 0) {
            self.init(
                asset: snapshot.asset, market: snapshot.market, time: time ?? snapshot.bucketStart, mid: snapshot.mid,
                bestBid: snapshot.bestBid, bestAsk: snapshot.bestAsk, spreadBps: snapshot.spreadBps, bidDepth: snapshot.bidDepth,
                askDepth: snapshot.askDepth, traded: traded)
        }
    }

    struct History {
        var mids: [(time: Int64, mid: Decimal)] = []
        var trades: [(time: Int64, size: Decimal)] = []
        var firstSeen: Int64
        var lastFired: [MomentumDetection.Direction: Int64] = [:]
    }

    public let settings: Settings
    private var histories: [String: History] = [:]

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Takes one tick; returns a detection when it fires.
    public mutating func observe(_ tick: Tick) -> MomentumDetection? {
        let windowMs = settings.window * 1_000
        var history = histories[tick.asset] ?? History(firstSeen: tick.time)
        defer { histories[tick.asset] = history }
        if tick.traded > 0 { history.trades.append((tick.time, tick.traded)) }
        guard let mid = tick.mid else { return nil }
        if let last = history.mids.last, last.time > tick.time { return nil }
        history.mids.append((tick.time, mid))
        let keep = tick.time - windowMs * Int64(2 + settings.baselineWindows)
        if let first = history.mids.firstIndex(where: { $0.time >= keep }), first > 1 { history.mids.removeFirst(first - 1) }
        if let first = history.trades.firstIndex(where: { $0.time >= keep }), first > 0 { history.trades.removeFirst(first) }

        guard let before = Self.mid(in: history, at: tick.time - windowMs) else { return nil }
        let window = Decimal(settings.window)
        let velocity = (mid - before) / window
        guard abs(velocity) >= settings.minVelocity, velocity != 0 else { return nil }
        let direction: MomentumDetection.Direction = velocity > 0 ? .up : .down
        if let fired = history.lastFired[direction], tick.time - fired < settings.cooldown * 1_000 { return nil }
        guard let spread = tick.spreadBps, spread <= settings.maxSpreadBps else { return nil }
        let depth = direction == .up ? tick.askDepth : tick.bidDepth
        guard depth >= settings.minDepth else { return nil }

        let earlier = Self.mid(in: history, at: tick.time - 2 * windowMs)
        let acceleration = earlier.map { velocity - (before - $0) / window } ?? 0
        let recent = history.trades.filter { $0.time > tick.time - windowMs }.reduce(Decimal(0)) { $0 + $1.size }
        let baselineStart = max(history.firstSeen, tick.time - windowMs * Int64(1 + settings.baselineWindows))
        let baselineSpan = tick.time - windowMs - baselineStart
        var surge: Decimal?
        if baselineSpan >= windowMs {
            let baseline = history.trades.filter { $0.time > baselineStart && $0.time <= tick.time - windowMs }
                .reduce(Decimal(0)) { $0 + $1.size }
            let perWindow = baseline * Decimal(windowMs) / Decimal(baselineSpan)
            if perWindow > 0 { surge = (recent / perWindow).rounded(scale: 4) }
        }
        let accelerating = direction == .up ? acceleration > 0 : acceleration < 0
        let confidence: MomentumDetection.Confidence
        if abs(velocity) >= 2 * settings.minVelocity, accelerating, let surge, surge >= settings.surgeHigh {
            confidence = .high
        } else if let surge, surge >= settings.surgeMedium {
            confidence = .medium
        } else if abs(velocity) >= 2 * settings.minVelocity {
            confidence = .medium
        } else {
            confidence = .low
        }
        history.lastFired[direction] = tick.time
        return MomentumDetection(
            asset: tick.asset, market: tick.market, time: tick.time, direction: direction, mid: mid, midBefore: before,
            bestBid: tick.bestBid, bestAsk: tick.bestAsk, spreadBps: spread, depth: depth, velocity: velocity,
            acceleration: acceleration, windowVolume: recent, volumeSurge: surge, confidence: confidence, window: settings.window)
    }

    /// The last mid at or before `time`; nil when the history does not reach back that far.
    static func mid(in history: History, at time: Int64) -> Decimal? {
        guard history.firstSeen <= time else { return nil }
        return history.mids.last(where: { $0.time <= time })?.mid
    }
}
