import Foundation
import Polymarket
import PrescientCore

/// The books and midpoints a replay's strategies and executor see at the replay clock's
/// current step: each YES token's `BookModel` book around its last recorded point (never a later
/// one, `KnownPrices`), and each NO token's the complement of its YES book (NO asks at 1 − the
/// YES bids, NO bids at 1 − the YES asks, the same sizes), since the recordings hold the YES side
/// only. A token without a recorded point by then has no book.
public final class ReplayQuotes: QuoteSource, Sendable {
    let known: KnownPrices
    let model: BookModel
    private let clock = Locked<Int64>(0)

    /// The NO token id a replay gives the market of `yesToken`.
    public static func noToken(of yesToken: String) -> String { "NO-" + yesToken }

    public init(known: KnownPrices, model: BookModel) {
        self.known = known
        self.model = model
    }

    /// Moves the clock to `time` (epoch seconds).
    public func move(to time: Int64) { clock.mutate { $0 = time } }

    public var now: Int64 { clock.value }

    /// The YES token of `token` and whether `token` is the NO side.
    static func side(_ token: String) -> (yes: String, isNo: Bool) {
        token.hasPrefix("NO-") ? (String(token.dropFirst(3)), true) : (token, false)
    }

    /// The last known price of `token` (1 − the YES price for a NO token).
    public func price(_ token: String) -> Decimal? {
        let (yes, isNo) = Self.side(token)
        guard let point = known.point(yes, at: now) else { return nil }
        return isNo ? 1 - point.price : point.price
    }

    public func book(_ token: String) -> OrderBook? {
        let (yes, isNo) = Self.side(token)
        guard let point = known.point(yes, at: now) else { return nil }
        let book = model.book(token: yes, point: point)
        guard isNo else { return book }
        return OrderBook(
            market: nil, assetID: token, timestamp: nil, hash: nil, bids: book.asks.map { .init(price: 1 - $0.price, size: $0.size) },
            asks: book.bids.map { .init(price: 1 - $0.price, size: $0.size) }, minOrderSize: book.minOrderSize, tickSize: book.tickSize,
            negRisk: book.negRisk, lastTradePrice: book.lastTradePrice.map { 1 - $0 })
    }

    public func books(tokenIDs: [String]) throws -> [OrderBook] { tokenIDs.compactMap(book) }

    public func midpoints(tokenIDs: [String]) throws -> [String: Decimal] {
        var result: [String: Decimal] = [:]
        for token in tokenIDs {
            guard let book = book(token), let bid = book.bids.first?.price, let ask = book.asks.first?.price else { continue }
            result[token] = (bid + ask) / 2
        }
        return result
    }
}
