import Foundation
import Polymarket
import Postgres

/// `live_trades`: the Data API's trades in watched markets, each stored once, and their
/// matching against the wallet profiles for attribution. Owns that SQL.
struct TradeRepository: Sendable {
    let pool: PostgresPool
    /// Resolved markets a wallet needs to count as elite (the wallets service's `WALLETS_MIN_RESOLVED`).
    let minResolved: Int

    /// Stores the trades not stored before; returns how many were new.
    @discardableResult
    func store(_ trades: [DataTrade]) throws -> Int {
        let usable = trades.filter {
            $0.proxyWallet != nil && $0.asset != nil && $0.conditionID != nil && $0.size != nil && $0.price != nil
                && $0.timestamp != nil && $0.side != nil
        }
        guard !usable.isEmpty else { return 0 }
        let keys = usable.map { trade in
            [trade.transactionHash ?? "", trade.proxyWallet!.lowercased(), trade.asset!, trade.side!, "\(trade.size!)", "\(trade.price!)"]
                .joined(separator: "/")
        }
        return try pool.execute(
            """
            INSERT INTO live_trades (dedupe_key, transaction_hash, condition_id, asset_id, wallet, side, size, price, traded_at)
            SELECT k, h, c, a, w, s, z, p, to_timestamp(t)
            FROM unnest(\(keys)::text[], \(usable.map { $0.transactionHash ?? "" })::text[], \(usable.map { $0.conditionID! })::text[],
                        \(usable.map { $0.asset! })::text[], \(usable.map { $0.proxyWallet!.lowercased() })::text[],
                        \(usable.map { $0.side!.uppercased() })::text[], \(usable.map { $0.size! })::numeric[],
                        \(usable.map { $0.price! })::numeric[], \(usable.map { $0.timestamp! })::bigint[]) AS x(k, h, c, a, w, s, z, p, t)
            ON CONFLICT (dedupe_key) DO NOTHING
            """
        ).affectedRows
    }

    /// The newest trade stored for a market (where a poll can stop paging).
    func newest(_ conditionID: String) throws -> Date? {
        try pool.execute("SELECT max(traded_at) AS newest FROM live_trades WHERE condition_id = \(conditionID)").rows.first
            .flatMap { try $0.decodeIfPresent("newest") }
    }

    /// Elite wallets' trades with a move: in `market` between `from` and `to`, buying `asset` or
    /// selling `otherAsset` (with a rise of `asset`; the reverse with a fall), by traders with
    /// at least `minResolved` resolved markets and a positive shrunk edge; summed per wallet.
    func eliteTrades(market: String, asset: String, otherAsset: String?, rising: Bool, from: Date, to: Date) throws
        -> [EliteTrade.Summary]
    {
        let backing = rising ? "BUY" : "SELL", opposing = rising ? "SELL" : "BUY"
        return try pool.execute(
            """
            SELECT t.wallet, count(*)::int AS trades, sum(t.size) AS shares, sum(t.size * t.price) AS notional,
                   p.shrunk_edge, p.omega, p.resolved_markets, min(t.traded_at) AS first_trade_at
            FROM live_trades t JOIN wallet_profiles p ON p.address = t.wallet
            WHERE t.condition_id = \(market) AND t.traded_at BETWEEN \(from) AND \(to)
              AND ((t.asset_id = \(asset) AND t.side = \(backing)) OR (t.asset_id = \(otherAsset) AND t.side = \(opposing)))
              AND p.wallet_class = 'trader' AND p.resolved_markets >= \(minResolved) AND p.shrunk_edge > 0
            GROUP BY t.wallet, p.shrunk_edge, p.omega, p.resolved_markets
            ORDER BY sum(t.size * t.price) DESC, t.wallet
            """
        ).rows.map { row in
            EliteTrade.Summary(
                wallet: try row.decode("wallet"), trades: try row.decode("trades"), shares: try row.decode("shares"),
                notional: try row.decode("notional"), shrunkEdge: try row.decode("shrunk_edge"), omega: try row.decodeIfPresent("omega"),
                resolvedMarkets: try row.decode("resolved_markets"), firstTradeAt: try row.decode("first_trade_at"))
        }
    }
}
