import Foundation

/// Depth already taken from each book snapshot by this service's fills. Within one price refresh
/// (one book `hash`), what one portfolio bought is not there for the next portfolio; a new book
/// snapshot starts afresh. Fills of one token are serialised so two portfolios cannot both take
/// the same level.
final class SharedLiquidity: @unchecked Sendable {
    // Safe because `consumed` and `tokenLocks` are only touched under `lock`.
    private let lock = NSLock()
    private var consumed: [String: (hash: String, byPrice: [Decimal: Decimal])] = [:]
    private var tokenLocks: [String: NSLock] = [:]

    /// Runs `body` with the token's fills serialised and the depth already used from `hash`;
    /// `body` returns the levels it took, which are recorded when it returns normally.
    func withToken<R>(_ token: String, hash: String?, _ body: ([Decimal: Decimal]) throws -> (R, [(Decimal, Decimal)])) rethrows -> R {
        lock.lock()
        let tokenLock = tokenLocks[token] ?? NSLock()
        tokenLocks[token] = tokenLock
        lock.unlock()
        tokenLock.lock()
        defer { tokenLock.unlock() }
        let key = hash ?? ""
        lock.lock()
        let used = consumed[token].flatMap { $0.hash == key ? $0.byPrice : nil } ?? [:]
        lock.unlock()
        let (result, taken) = try body(used)
        guard !taken.isEmpty else { return result }
        lock.lock()
        var entry: (hash: String, byPrice: [Decimal: Decimal]) = consumed[token].flatMap { $0.hash == key ? $0 : nil } ?? (key, [:])
        for (price, shares) in taken { entry.byPrice[price, default: 0] += shares }
        consumed[token] = entry
        lock.unlock()
        return result
    }
}
