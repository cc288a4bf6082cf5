import Foundation

/// Fails fast while an API is down: after `failureThreshold` consecutive failures the circuit
/// opens for `cooldown` seconds; then one trial call is let through (half-open), and its outcome
/// closes the circuit again or re-opens it.
public final class CircuitBreaker: @unchecked Sendable {
    // Safe because all state is guarded by `lock`.
    public enum State: String, Sendable { case closed, open, halfOpen = "half_open" }

    public let failureThreshold: Int
    public let cooldown: Double
    private let lock = NSLock()
    private var consecutiveFailures = 0
    private var openedAt: Double?
    private var trialInFlight = false

    public init(failureThreshold: Int = 5, cooldown: Double = 10) {
        self.failureThreshold = failureThreshold
        self.cooldown = cooldown
    }

    public var state: State {
        lock.lock()
        defer { lock.unlock() }
        guard let openedAt else { return .closed }
        return TokenBucket.now() - openedAt >= cooldown ? .halfOpen : .open
    }

    /// Returns nil when a call may go ahead, or the seconds until the next trial.
    public func permit() -> Double? {
        lock.lock()
        defer { lock.unlock() }
        guard let openedAt else { return nil }
        let elapsed = TokenBucket.now() - openedAt
        if elapsed >= cooldown && !trialInFlight {
            trialInFlight = true
            return nil
        }
        return max(0.001, cooldown - elapsed)
    }

    public func recordSuccess() {
        lock.lock()
        consecutiveFailures = 0
        openedAt = nil
        trialInFlight = false
        lock.unlock()
    }

    public func recordFailure() {
        lock.lock()
        consecutiveFailures += 1
        if trialInFlight || consecutiveFailures >= failureThreshold {
            openedAt = TokenBucket.now()
        }
        trialInFlight = false
        lock.unlock()
    }
}
