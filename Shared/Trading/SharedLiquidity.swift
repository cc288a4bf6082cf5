import Foundation
import Polymarket
import Portfolios
import PrescientCore

/// Depth already taken from each book snapshot by this service's fills. Within one price refresh
/// (one book snapshot), what one portfolio bought is not there for the next portfolio; a new
/// snapshot starts afresh. Fills of one token are serialised so two portfolios cannot both take
/// the same level.
///
/// A snapshot is the book's `hash`, or, for a book sent without one, a fingerprint of its
/// timestamp and levels (so hashless books never share one key). Memory is bounded: fills
/// serialise on a fixed set of striped locks, and snapshots older than `retention` are dropped.
public final class SharedLiquidity: @unchecked Sendable {
    // Safe because `consumed` is only touched under `lock`; the stripes are immutable.
    private let lock = NSLock()
    private var consumed: [TokenID: Entry] = [:]
    private let stripes: [NSLock] = (0..<64).map { _ in NSLock() }
    private let retention: TimeInterval

    struct Entry {
        let snapshot: String
        var byPrice: [Decimal: Decimal]
        var touched: Date
    }

    public init(retention: TimeInterval = 120) {
        self.retention = retention
    }

    /// The key of the snapshot `book` is: its hash, else a fingerprint of what it shows.
    public static func snapshotKey(_ book: OrderBook?) -> String {
        guard let book else { return "none" }
        if let hash = book.hash, !hash.isEmpty { return "hash:" + hash }
        var text = book.timestamp ?? ""
        for level in book.bids { text += "b\(level.price):\(level.size);" }
        for level in book.asks { text += "a\(level.price):\(level.size);" }
        return "levels:\(ContentHash.fnv1a64(Array(text.utf8)[...]))"
    }

    /// Number of tokens with recorded depth (tests).
    public var trackedTokens: Int {
        lock.lock()
        defer { lock.unlock() }
        return consumed.count
    }

    /// Runs `body` with the fills of every token in `tokens` serialised and the depth already
    /// used from each book's snapshot; `body` returns the levels it took per token, recorded when
    /// it returns normally. Stripes are locked in index order, so two units never deadlock.
    public func withTokens<R>(
        _ tokens: [TokenID], books: [TokenID: OrderBook], now: Date = Date(),
        _ body: ([TokenID: [Decimal: Decimal]]) throws -> (R, [TokenID: [(Decimal, Decimal)]])
    ) rethrows -> R {
        let held = Set(tokens.map(stripeIndex)).sorted().map { stripes[$0] }
        for stripe in held { stripe.lock() }
        defer { for stripe in held.reversed() { stripe.unlock() } }
        let keys = Dictionary(tokens.map { ($0, Self.snapshotKey(books[$0])) }, uniquingKeysWith: { first, _ in first })
        lock.lock()
        var used: [TokenID: [Decimal: Decimal]] = [:]
        for (token, key) in keys { used[token] = consumed[token].flatMap { $0.snapshot == key ? $0.byPrice : nil } ?? [:] }
        lock.unlock()
        let (result, taken) = try body(used)
        guard !taken.isEmpty else { return result }
        lock.lock()
        for (token, levels) in taken where !levels.isEmpty {
            let key = keys[token] ?? Self.snapshotKey(books[token])
            var entry = consumed[token].flatMap { $0.snapshot == key ? $0 : nil } ?? Entry(snapshot: key, byPrice: [:], touched: now)
            for (price, shares) in levels { entry.byPrice[price, default: 0] += shares }
            entry.touched = now
            consumed[token] = entry
        }
        if consumed.count > 1_000 { consumed = consumed.filter { now.timeIntervalSince($0.value.touched) < retention } }
        lock.unlock()
        return result
    }

    /// The depth already taken from `book`'s snapshot of `token`, as `withTokens` would pass it
    /// now. It only grows while the snapshot lasts, so a fill it rules out stays ruled out.
    public func consumed(token: TokenID, book: OrderBook?) -> [Decimal: Decimal] {
        let key = Self.snapshotKey(book)
        lock.lock()
        defer { lock.unlock() }
        return consumed[token].flatMap { $0.snapshot == key ? $0.byPrice : nil } ?? [:]
    }

    /// The single-token form of `withTokens`.
    public func withToken<R>(
        _ token: TokenID, book: OrderBook?, now: Date = Date(), _ body: ([Decimal: Decimal]) throws -> (R, [(Decimal, Decimal)])
    ) rethrows -> R {
        try withTokens([token], books: book.map { [token: $0] } ?? [:], now: now) { used in
            let (result, taken) = try body(used[token] ?? [:])
            return (result, [token: taken])
        }
    }

    private func stripeIndex(_ token: TokenID) -> Int {
        Int(UInt64(bitPattern: ContentHash.fnv1a64(Array(token.rawValue.utf8)[...])) % UInt64(stripes.count))
    }
}
