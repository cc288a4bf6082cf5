import Contracts
import Foundation
import Logging
import Polymarket
import PrescientCore
import WalletScoring

/// Runs the detectors over the trades of the watched markets (the Top 33 and every market a
/// portfolio holds, or the markets named) read from the Data API's `/trades?market=`, and stores
/// what they find. The contrarian detector weighs each wallet's record on its own contrarian buys
/// from its stored profile.
struct AlertDetection: Sendable {
    let client: PolymarketClient
    let repository: AlertRepository
    let profiles: WalletProfileRepository
    let detectors: TradeDetectors
    /// Recent trades read per market.
    let tradesPerMarket: Int
    let logger: Logger

    /// What one detection pass did.
    struct Result: Encodable {
        let markets: Int
        let trades: Int
        let alerts_new: [String: Int]
        let duration_ms: Int
    }

    static let maximumMarkets = 500

    func run(markets named: [String]?) throws -> Result {
        let started = Date()
        let markets = try named ?? repository.watchedMarkets()
        let context = try repository.context(markets)
        var found: [(market: String, alert: TradeAlert)] = []
        var tradeCount = 0
        for market in markets {
            let trades = try client.trades(limit: tradesPerMarket, market: market).compactMap(Self.observed)
            tradeCount += trades.count
            let contrarianWallets = Set(trades.filter { $0.isBuy && $0.price <= detectors.contrarianPrice }.map(\.wallet))
            let records = try profiles.find(Array(contrarianWallets)).mapValues {
                TradeDetectors.Record(resolved: $0.contrarianResolved, edge: NSDecimalNumber(decimal: $0.contrarianEdge).doubleValue)
            }
            for alert in detectors.detect(trades, volume24h: context[market]?.volume24h ?? 0, records: records) {
                found.append((market, alert))
            }
        }
        let stored = try repository.store(found)
        logger.info("alerts detected", metadata: ["markets": "\(markets.count)", "new": "\(stored.values.reduce(0, +))"])
        return Result(
            markets: markets.count, trades: tradeCount, alerts_new: stored, duration_ms: Int(Date().timeIntervalSince(started) * 1000))
    }

    static func observed(_ trade: DataTrade) -> ObservedTrade? {
        guard let wallet = trade.proxyWallet?.lowercased(), let outcome = trade.outcomeIndex, let size = trade.size,
            let price = trade.price, let timestamp = trade.timestamp
        else { return nil }
        return ObservedTrade(
            id: trade.transactionHash ?? "\(wallet)-\(timestamp)", wallet: wallet, outcome: outcome,
            isBuy: (trade.side ?? "BUY").uppercased() == "BUY", size: size, price: price, timestamp: timestamp)
    }
}
