import Foundation

/// Where order books and midpoints come from: the CLOB through `PolymarketClient` when trading,
/// a book model over recorded prices when replaying history. Strategies and the executor read
/// quotes only through it, so a backtest runs the code that trades live.
public protocol QuoteSource: Sendable {
    /// The books of `tokenIDs` (tokens without a book are absent).
    func books(tokenIDs: [String]) throws -> [OrderBook]
    /// The midpoints of `tokenIDs` (tokens without one are absent).
    func midpoints(tokenIDs: [String]) throws -> [String: Decimal]
}

extension PolymarketClient: QuoteSource {}
