import Foundation
import LiveTier
import Logging
import MarketData
import Polymarket
import Portfolios
import PrescientCore
import Trading

/// One scoring pass over every signal of every strategy:
/// 1. live signals enter with their own entry; cycle signals (made within `ingestWindow` seconds)
///    enter when first seen, their entry read from the book then and their time the market
///    clock's now (so a cycle signal's entry lags it by at most one pass);
/// 2. each due horizon (+5, +15, +60 min) gets the asset's mid then: from the snapshots (within
///    `snapshotTolerance`), else the CLOB's midpoint when the horizon is just past, else
///    `/prices-history` (one point a minute);
/// 3. markets that resolved give their signals an outcome (void: none);
/// 4. traded signals get their realised P&L;
/// 5. with a floor configured, a portfolio whose last `muteMinSignals` signals scored after
///    15 minutes hit less often than `muteFloor` is muted (recorded, reversible).
struct SignalScorer: Sendable {
    let scores: ScoreRepository
    let snapshots: SnapshotRepository
    let mutes: MuteRepository
    let client: PolymarketClient
    let clock: MarketClock
    let logger: Logger
    var ingestWindow: TimeInterval = 3_600
    var snapshotTolerance: TimeInterval = 30
    var giveUpAfter: TimeInterval = 86_400
    /// Hit rate under which a portfolio is muted (0: never), over its last `muteMinSignals` scored signals.
    var muteFloor: Double = 0
    var muteMinSignals = 20

    struct Result: Sendable, Encodable {
        var ingested = 0
        var horizons = 0
        var resolvedMarkets = 0
        var realized = 0
        var muted: [PortfolioID] = []
        var failures: [String] = []

        enum CodingKeys: String, CodingKey {
            case ingested, horizons, realized, muted, failures
            case resolvedMarkets = "resolved_markets"
        }
    }

    func run() throws -> Result {
        var result = Result()
        let now = try clock.now()
        result.ingested += try scores.ingestLiveSignals()
        result.ingested += try ingestCycleSignals(now: now, failures: &result.failures)
        for minutes in [5, 15, 60] {
            result.horizons += try fillHorizon(minutes, now: now, failures: &result.failures)
        }
        result.resolvedMarkets = try resolveMarkets(now: now, failures: &result.failures)
        result.realized = try scores.updateRealizedPnl()
        result.muted = try applyMuteFloor()
        if !result.failures.isEmpty {
            logger.warning(
                "scoring pass had failures", metadata: ["failures": "\(result.failures.count)", "first": "\(result.failures[0])"])
        }
        return result
    }

    func ingestCycleSignals(now: Date, failures: inout [String]) throws -> Int {
        let fresh = try scores.unscoredCycleSignals(window: ingestWindow, limit: 5_000)
        guard !fresh.isEmpty else { return 0 }
        var books: [String: OrderBook] = [:]
        let tokens = Array(Set(fresh.map(\.token))).sorted()
        for start in stride(from: 0, to: tokens.count, by: 500) {
            do {
                for book in try client.books(tokenIDs: Array(tokens[start..<min(start + 500, tokens.count)])) { books[book.assetID] = book }
            } catch {
                failures.append("books: \(error)")
            }
        }
        var stored = 0
        for signal in fresh {
            guard let book = books[signal.token], let mid = book.midpoint ?? book.lastTradePrice else { continue }
            let implied = SignalProbability.implied(mid: mid, buying: signal.buying, weight: signal.confidence)
            try scores.insertCycle(
                signal, at: now, bid: book.bestBid?.price, ask: book.bestAsk?.price, mid: mid, impliedProbability: implied)
            stored += 1
        }
        return stored
    }

    func fillHorizon(_ minutes: Int, now: Date, failures: inout [String]) throws -> Int {
        let due = try scores.dueHorizons(minutes: minutes, now: now, giveUpAfter: giveUpAfter, limit: 2_000)
        guard !due.isEmpty else { return 0 }
        let recent = due.filter { now.timeIntervalSince($0.signalAt.addingTimeInterval(TimeInterval(minutes * 60))) <= 90 }
        var current: [String: Decimal] = [:]
        if !recent.isEmpty {
            do {
                current = try client.midpoints(tokenIDs: Array(Set(recent.map(\.asset))).sorted())
            } catch {
                failures.append("midpoints: \(error)")
            }
        }
        var filled = 0
        for pending in due {
            let target = pending.signalAt.addingTimeInterval(TimeInterval(minutes * 60))
            var mid = try snapshots.mid(asset: pending.asset, at: target, tolerance: snapshotTolerance)
            if mid == nil, now.timeIntervalSince(target) <= 90 { mid = current[pending.asset] }
            if mid == nil {
                do {
                    mid = try historicalMid(pending.asset, at: target)
                } catch {
                    failures.append("prices-history \(pending.asset): \(error)")
                }
            }
            guard let mid else { continue }
            try scores.setHorizon(pending, minutes: minutes, mid: mid)
            filled += 1
        }
        return filled
    }

    /// The `/prices-history` point nearest `target`, within 90 seconds.
    func historicalMid(_ asset: String, at target: Date) throws -> Decimal? {
        let seconds = Int64(target.timeIntervalSince1970)
        let history = try client.pricesHistory(tokenID: asset, interval: nil, fidelity: 1, startTs: seconds - 120, endTs: seconds + 120)
        return history.history.filter { abs($0.t - seconds) <= 90 }.min { abs($0.t - seconds) < abs($1.t - seconds) }?.p
    }

    func resolveMarkets(now: Date, failures: inout [String]) throws -> Int {
        let markets = try scores.unresolvedMarkets(limit: 1_000)
        guard !markets.isEmpty else { return 0 }
        let closed: [GammaMarket]
        do {
            closed = try client.closedMarkets(conditionIDs: markets)
        } catch {
            failures.append("closed markets: \(error)")
            return 0
        }
        var resolved = 0
        for market in closed {
            switch MarketResolution(market) {
            case .resolved(let index) where market.clobTokenIDs.indices.contains(index):
                try scores.resolve(market: market.conditionID, winner: market.clobTokenIDs[index], at: now)
                resolved += 1
            case .void:
                try scores.resolve(market: market.conditionID, winner: nil, at: now)
                resolved += 1
            default:
                continue
            }
        }
        return resolved
    }

    /// Mutes the portfolios whose recent hit rate fell under the floor; returns their ids.
    func applyMuteFloor() throws -> [PortfolioID] {
        guard muteFloor > 0 else { return [] }
        var muted: [PortfolioID] = []
        for (portfolio, lastUnmuted) in try mutes.unmutedPortfolios() {
            let hits = try scores.recentHits(portfolioID: portfolio, since: lastUnmuted, count: muteMinSignals)
            guard hits.count >= muteMinSignals else { continue }
            let rate = Double(hits.filter { $0 }.count) / Double(hits.count)
            guard rate < muteFloor else { continue }
            let figures = "{\"hit_rate_15m\":\(rate),\"signals\":\(hits.count),\"floor\":\(muteFloor)}"
            let reason =
                "hit rate after 15 min \(String(format: "%.1f", rate * 100))% over its last \(hits.count) scored signals, "
                + "under the floor of \(String(format: "%.1f", muteFloor * 100))%"
            if try mutes.mute(portfolioID: portfolio, by: "scorecard", reason: reason, figures: figures) != nil {
                logger.warning("portfolio muted by its scorecard", metadata: ["portfolio_id": "\(portfolio)", "reason": "\(reason)"])
                muted.append(portfolio)
            }
        }
        return muted
    }
}
