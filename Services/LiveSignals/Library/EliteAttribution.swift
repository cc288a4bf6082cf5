import Foundation
import Logging
import MarketData
import Polymarket

/// CASCADIAN Phase 3: the trades of watched markets, read from the Data API's
/// `/trades?market=` (through the client's rate limiter, so within the published limits), are
/// stored, and each recent signal is matched to the trades of elite wallets (traders with enough
/// resolved markets and a positive shrunk edge in their profiles) that went its way between
/// `before` seconds ahead of it and `after` seconds after it.
struct EliteAttribution: Sendable {
    let client: PolymarketClient
    let trades: TradeRepository
    let signals: LiveSignalRepository
    let watchlist: WatchlistRepository
    let clock: MarketClock
    /// Signals younger than this (market time) are attributed again at each pass.
    var lookback: TimeInterval = 3_600
    var before: TimeInterval = 120
    var after: TimeInterval = 300
    /// Pages of 500 trades read per market and pass at most.
    var maxPages = 3
    let logger: Logger

    struct Result: Sendable, Encodable {
        let markets: Int
        let newTrades: Int
        let signalsAttributed: Int
        let failures: [String]

        enum CodingKeys: String, CodingKey {
            case markets, failures
            case newTrades = "new_trades", signalsAttributed = "signals_attributed"
        }
    }

    func run() throws -> Result {
        let entries = try watchlist.entries()
        var stored = 0
        var failures: [String] = []
        for entry in entries {
            do {
                stored += try poll(entry.conditionID)
            } catch {
                failures.append("\(entry.conditionID): \(error)")
            }
        }
        let otherToken = Dictionary(
            entries.flatMap { [($0.yesToken, $0.noToken), ($0.noToken, $0.yesToken)] }, uniquingKeysWith: { first, _ in first })
        var attributed = 0
        for signal in try signals.recent(since: try clock.now().addingTimeInterval(-lookback)) {
            let found = try trades.eliteTrades(
                market: signal.conditionID, asset: signal.assetID, otherAsset: otherToken[signal.assetID], rising: signal.direction == "up",
                from: signal.detectedAt.addingTimeInterval(-before), to: signal.detectedAt.addingTimeInterval(after))
            guard found != signal.eliteWallets || signal.attributedAt == nil else { continue }
            try signals.attribute(signal.id, wallets: found, notional: found.map(\.notional).reduce(0, +))
            attributed += 1
        }
        if !failures.isEmpty { logger.warning("trade polling failed for some markets", metadata: ["failures": "\(failures.count)"]) }
        return Result(markets: entries.count, newTrades: stored, signalsAttributed: attributed, failures: failures)
    }

    /// Reads a market's trades, newest first, until one already stored (or `maxPages` pages).
    func poll(_ conditionID: String) throws -> Int {
        let newest = try trades.newest(conditionID)
        var stored = 0
        for page in 0..<maxPages {
            let rows = try client.trades(limit: 500, offset: page * 500, market: conditionID)
            stored += try trades.store(rows)
            let oldest = rows.compactMap(\.timestamp).min()
            if rows.count < 500 { break }
            if let newest, let oldest, Date(timeIntervalSince1970: TimeInterval(oldest)) <= newest { break }
        }
        return stored
    }
}
