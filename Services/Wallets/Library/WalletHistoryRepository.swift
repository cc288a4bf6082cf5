import Foundation
import Postgres
import WalletScoring

/// Each wallet's fills and income as last read from the Data API (`wallet_fills`,
/// `wallet_income`): replaced whole on every refresh, read back to build profiles as of any
/// moment and to date the scanner's entries. Owns that SQL.
struct WalletHistoryRepository: Sendable {
    let pool: PostgresPool

    /// Replaces the stored histories of these wallets, in one transaction.
    func replace(_ histories: [WalletHistory]) throws {
        guard !histories.isEmpty else { return }
        try pool.withTransaction { db in
            let addresses = histories.map(\.address)
            try db.execute("DELETE FROM wallet_fills WHERE address = ANY(\(addresses)::text[])")
            try db.execute("DELETE FROM wallet_income WHERE address = ANY(\(addresses)::text[])")
            try db.copyFrom(
                "COPY wallet_fills (address, ts, condition_id, outcome_index, side, price, size, usdc, category) FROM STDIN"
            ) { writer in
                for history in histories {
                    for fill in history.fills {
                        writer.field(history.address)
                        writer.field(Date(timeIntervalSince1970: TimeInterval(fill.timestamp)))
                        writer.field(fill.market)
                        writer.field(fill.outcome)
                        writer.field(fill.isBuy ? "BUY" : "SELL")
                        writer.field(fill.price)
                        writer.field(fill.size)
                        writer.field(fill.usdc)
                        writer.field(fill.category)
                        try writer.endRow()
                    }
                }
            }
            try db.copyFrom("COPY wallet_income (address, ts, type, amount) FROM STDIN") { writer in
                for history in histories {
                    for income in history.income {
                        writer.field(history.address)
                        writer.field(Date(timeIntervalSince1970: TimeInterval(income.timestamp)))
                        writer.field("INCOME")
                        writer.field(income.amount)
                        try writer.endRow()
                    }
                }
            }
        }
    }

    /// The stored histories of `addresses` (every stored wallet when nil), with rows before
    /// `before` only when it is given.
    func histories(addresses: [String]?, before: Date? = nil) throws -> [String: WalletHistory] {
        var result: [String: WalletHistory] = [:]
        let limit = before ?? Date.distantFuture
        for row in try pool.execute(
            """
            SELECT address, extract(epoch FROM ts)::bigint AS ts, condition_id, outcome_index, side, price, size, usdc, category
            FROM wallet_fills WHERE (\(addresses == nil) OR address = ANY(\(addresses ?? [])::text[])) AND ts < \(limit)
            ORDER BY address, ts
            """
        ).rows {
            let address: String = try row.decode("address")
            result[address, default: WalletHistory(address: address)].fills.append(
                WalletFill(
                    timestamp: try row.decode("ts"), market: try row.decode("condition_id"), outcome: try row.decode("outcome_index"),
                    isBuy: try row.decode("side", as: String.self) == "BUY", price: try row.decode("price"), size: try row.decode("size"),
                    usdc: try row.decode("usdc"), category: try row.decode("category")))
        }
        for row in try pool.execute(
            """
            SELECT address, extract(epoch FROM ts)::bigint AS ts, amount FROM wallet_income
            WHERE (\(addresses == nil) OR address = ANY(\(addresses ?? [])::text[])) AND ts < \(limit)
            """
        ).rows {
            let address: String = try row.decode("address")
            result[address, default: WalletHistory(address: address)].income.append(
                WalletIncome(timestamp: try row.decode("ts"), amount: try row.decode("amount")))
        }
        return result
    }

    /// When each wallet first bought each outcome of a market, and at what average price.
    func entries(market: String, wallets: [String]) throws -> [String: (enteredAt: Date, averagePrice: Decimal?)] {
        var result: [String: (Date, Decimal?)] = [:]
        for row in try pool.execute(
            """
            SELECT address, outcome_index, min(ts) AS entered_at,
                   CASE WHEN sum(size) > 0 THEN round(sum(usdc) / sum(size), 6) END AS average_price
            FROM wallet_fills WHERE condition_id = \(market) AND side = 'BUY' AND address = ANY(\(wallets)::text[])
            GROUP BY address, outcome_index
            """
        ).rows {
            let key = "\(try row.decode("address", as: String.self)) \(try row.decode("outcome_index", as: Int.self))"
            result[key] = (try row.decode("entered_at"), try row.decodeIfPresent("average_price"))
        }
        return result
    }
}
