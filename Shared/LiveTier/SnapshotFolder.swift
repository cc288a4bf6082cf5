import Foundation
import Polymarket
import PrescientCore

/// Folds the market channel's events into snapshots: each asset keeps a local book (replaced
/// whole by a `book`, which is also how a reconnect resynchronises it; moved level by level by
/// `price_change`, whose best bid and ask it trusts), its last trade and the interval's trades.
/// When an event of an asset falls in a later interval than its open one, the open one is
/// closed and returned as a snapshot of the state at its end.
public struct SnapshotFolder: Sendable {
    /// Interval length in milliseconds.
    public let interval: Int64

    struct AssetState {
        var market = ""
        var bids: [Decimal: Decimal] = [:]
        var asks: [Decimal: Decimal] = [:]
        var bestBid: Decimal?
        var bestAsk: Decimal?
        var lastTrade: Decimal?
        var bucket: Int64?
        var trades = 0
        var volume: Decimal = 0
        var events = 0
    }

    private var assets: [String: AssetState] = [:]

    public init(intervalSeconds: Int = 10) {
        interval = Int64(intervalSeconds) * 1_000
    }

    /// Folds one event (stamped `timestamp` ms when the event carries none) and returns the
    /// snapshots it closed.
    public mutating func fold(_ event: MarketChannelEvent, receivedAt timestamp: Int64) -> [MarketSnapshot] {
        switch event {
        case .book(let asset, let market, let bids, let asks, let stamp):
            return update(asset, at: stamp ?? timestamp) { state in
                state.market = market
                state.bids = Dictionary(bids.map { ($0.price, $0.size) }, uniquingKeysWith: { $1 })
                state.asks = Dictionary(asks.map { ($0.price, $0.size) }, uniquingKeysWith: { $1 })
                state.bestBid = state.bids.filter { $0.value > 0 }.keys.max()
                state.bestAsk = state.asks.filter { $0.value > 0 }.keys.min()
            }
        case .priceChange(let market, let changes, let stamp):
            return changes.flatMap { change in
                update(change.asset, at: stamp ?? timestamp) { state in
                    state.market = market
                    if change.side.uppercased() == "BUY" {
                        state.bids[change.price] = change.size
                    } else {
                        state.asks[change.price] = change.size
                    }
                    if change.size == 0 {
                        state.bids = state.bids.filter { $0.value > 0 }
                        state.asks = state.asks.filter { $0.value > 0 }
                    }
                    state.bestBid = change.bestBid ?? state.bids.keys.max()
                    state.bestAsk = change.bestAsk ?? state.asks.keys.min()
                }
            }
        case .lastTradePrice(let asset, let market, let price, let size, _, let stamp):
            return update(asset, at: stamp ?? timestamp) { state in
                state.market = market
                state.lastTrade = price
                state.trades += 1
                state.volume += size ?? 0
            }
        case .bestBidAsk(let asset, let market, let bid, let ask, let stamp):
            return update(asset, at: stamp ?? timestamp) { state in
                state.market = market
                state.bestBid = bid
                state.bestAsk = ask
            }
        case .tickSizeChange, .marketResolved, .other:
            return []
        }
    }

    /// The asset's state now, as a snapshot of its open interval (nil before its first event).
    public func current(_ asset: String) -> MarketSnapshot? { assets[asset].flatMap { snapshot(asset, $0) } }

    /// Closes the open intervals of every asset that end at or before `timestamp` (ms): an asset
    /// with no event in a later interval is closed by the clock, not left open until its next event.
    public mutating func close(before timestamp: Int64) -> [MarketSnapshot] {
        var closed: [MarketSnapshot] = []
        for asset in assets.keys.sorted() {
            guard var state = assets[asset], let bucket = state.bucket, bucket + interval <= timestamp else { continue }
            if let snapshot = snapshot(asset, state) { closed.append(snapshot) }
            state.bucket = nil
            state.trades = 0
            state.volume = 0
            state.events = 0
            assets[asset] = state
        }
        return closed
    }

    /// Closes every open interval (at shutdown, or when the watchlist changes).
    public mutating func flush() -> [MarketSnapshot] {
        let open = assets.keys.sorted().compactMap { asset in assets[asset].flatMap { snapshot(asset, $0) } }
        for asset in assets.keys { assets[asset]?.bucket = nil }
        return open
    }

    private mutating func update(_ asset: String, at timestamp: Int64, _ change: (inout AssetState) -> Void) -> [MarketSnapshot] {
        var state = assets[asset] ?? AssetState()
        let bucket = timestamp - timestamp % interval
        var closed: [MarketSnapshot] = []
        if let open = state.bucket, bucket > open {
            if let snapshot = snapshot(asset, state) { closed.append(snapshot) }
            state.trades = 0
            state.volume = 0
            state.events = 0
        }
        if state.bucket == nil || bucket > state.bucket! { state.bucket = bucket }
        change(&state)
        state.events += 1
        assets[asset] = state
        return closed
    }

    private func snapshot(_ asset: String, _ state: AssetState) -> MarketSnapshot? {
        guard let bucket = state.bucket else { return nil }
        var mid: Decimal?
        var spread: Decimal?
        if let bid = state.bestBid, let ask = state.bestAsk, bid > 0, ask >= bid {
            let middle = (bid + ask) / 2
            mid = middle
            spread = ((ask - bid) / middle * 10_000).rounded(scale: 2)
        }
        return MarketSnapshot(
            asset: asset, market: state.market, bucketStart: bucket, bestBid: state.bestBid, bestAsk: state.bestAsk, mid: mid,
            spreadBps: spread, bidDepth: state.bids.values.reduce(0, +), askDepth: state.asks.values.reduce(0, +),
            lastTrade: state.lastTrade, trades: state.trades, volume: state.volume, events: state.events)
    }
}
