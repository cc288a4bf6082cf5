import Foundation
import Polymarket
import PrescientCore

/// Order books a strategy service fetched in the last `ttl` seconds. Portfolios of one strategy
/// scan largely the same markets within a cycle; sharing the snapshot saves round-trips and the
/// CLOB's `/books` rate limit. Signals only read it: fills always walk a fresh book in the paper
/// trading service. `ttl` 0 disables it.
public final class BookCache: Sendable {
    struct Entry: Sendable {
        let book: OrderBook
        let fetchedAt: Date
    }

    let ttl: TimeInterval
    private let entries = Locked<[String: Entry]>([:])

    public init(ttl: TimeInterval) {
        self.ttl = ttl
    }

    /// The books of `tokens`, fetching in batches of 500 those not seen within the TTL.
    public func books(_ tokens: [String], source: any QuoteSource, now: Date = Date()) throws -> [String: OrderBook] {
        var result: [String: OrderBook] = [:]
        var missing: [String] = []
        let current = entries.value
        for token in tokens {
            if let entry = current[token], now.timeIntervalSince(entry.fetchedAt) < ttl {
                result[token] = entry.book
            } else {
                missing.append(token)
            }
        }
        var fetched: [String: Entry] = [:]
        for start in stride(from: 0, to: missing.count, by: 500) {
            for book in try source.books(tokenIDs: Array(missing[start..<min(start + 500, missing.count)])) {
                result[book.assetID] = book
                fetched[book.assetID] = Entry(book: book, fetchedAt: now)
            }
        }
        if !fetched.isEmpty {
            entries.mutate { stored in
                if stored.count > 200_000 { stored.removeAll(keepingCapacity: true) }
                stored.merge(fetched) { $1 }
            }
        }
        return result
    }
}
