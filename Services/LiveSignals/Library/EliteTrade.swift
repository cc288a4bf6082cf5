import Foundation

/// A trade in a watched market by a scored wallet, as a signal's attribution lists it.
enum EliteTrade {
    /// One elite wallet's trades with a signal, summed.
    struct Summary: Sendable, Codable, Equatable {
        let wallet: String
        let trades: Int
        let shares: Decimal
        let notional: Decimal
        let shrunkEdge: Decimal
        let omega: Decimal?
        let resolvedMarkets: Int
        let firstTradeAt: Date

        enum CodingKeys: String, CodingKey {
            case wallet, trades, shares, notional, omega
            case shrunkEdge = "shrunk_edge", resolvedMarkets = "resolved_markets", firstTradeAt = "first_trade_at"
        }
    }
}
