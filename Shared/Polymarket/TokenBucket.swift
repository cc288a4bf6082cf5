import Foundation

/// A token bucket: `capacity` requests per `period`, refilled continuously. `acquire` blocks
/// until a token is free, so a burst is spread out instead of tripping the API's 429s.
public final class TokenBucket: @unchecked Sendable {
    // Safe because `tokens` and `lastRefill` are only touched under `lock`.
    public let capacity: Double
    public let refillPerSecond: Double
    private var tokens: Double
    private var lastRefill: Double
    private let lock = NSLock()

    public init(capacity: Int, per period: Double) {
        self.capacity = Double(capacity)
        self.refillPerSecond = Double(capacity) / period
        self.tokens = Double(capacity)
        self.lastRefill = Self.now()
    }

    /// Takes one token, sleeping as long as needed.
    public func acquire() {
        while true {
            lock.lock()
            let now = Self.now()
            tokens = min(capacity, tokens + (now - lastRefill) * refillPerSecond)
            lastRefill = now
            if tokens >= 1 {
                tokens -= 1
                lock.unlock()
                return
            }
            let wait = (1 - tokens) / refillPerSecond
            lock.unlock()
            Thread.sleep(forTimeInterval: wait)
        }
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
