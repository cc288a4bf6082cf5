import Foundation
import PrescientCore

/// A token bucket: `capacity` requests per `period`, refilled continuously. `acquire` blocks
/// until a token is free, so a burst is spread out instead of tripping the API's 429s.
///
/// The budget is split by priority: a `normal` request never takes the bucket below its
/// `reserve` (a quarter of the capacity), which only a `critical` one may spend. A flood of
/// quotes then leaves execution and settlement their tokens, and without critical demand the
/// normal ones still get the whole refill.
public final class TokenBucket: @unchecked Sendable {
    // Safe because `tokens` and `lastRefill` are only touched under `lock`.
    public let capacity: Double
    public let refillPerSecond: Double
    /// Tokens only critical requests may take.
    public let reserve: Double
    private var tokens: Double
    private var lastRefill: Double
    private let lock = NSLock()

    public init(capacity: Int, per period: Double, reserveFraction: Double = 0.25) {
        self.capacity = Double(capacity)
        self.refillPerSecond = Double(capacity) / period
        self.tokens = Double(capacity)
        self.lastRefill = Self.now()
        // Below two tokens there is nothing to split.
        self.reserve = capacity < 2 ? 0 : (Double(capacity) * reserveFraction).rounded(.down)
    }

    /// Takes one token, sleeping as long as needed; a normal request leaves the reserve alone.
    public func acquire(priority: RequestPriority = RequestPriority.current) {
        let floor = priority == .critical ? 0 : reserve
        while true {
            lock.lock()
            let now = Self.now()
            tokens = min(capacity, tokens + (now - lastRefill) * refillPerSecond)
            lastRefill = now
            if tokens >= floor + 1 {
                tokens -= 1
                lock.unlock()
                return
            }
            let wait = (floor + 1 - tokens) / refillPerSecond
            lock.unlock()
            Thread.sleep(forTimeInterval: wait)
        }
    }

    static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
}
