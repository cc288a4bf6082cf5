import Foundation

/// Work run on its own thread every `interval` seconds (the first run after one interval) until
/// stopped; `stop` wakes the thread at once. The work itself must not throw: a background loop
/// logs its failures and goes on.
public final class PeriodicTask: @unchecked Sendable {
    // Safe because `stopped` is only touched under `condition`; the rest is immutable.
    private let name: String
    private let interval: TimeInterval
    private let work: @Sendable () -> Void
    private let condition = NSCondition()
    private var stopped = false

    public init(name: String, interval: TimeInterval, work: @escaping @Sendable () -> Void) {
        self.name = name
        self.interval = interval
        self.work = work
    }

    public func start() {
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            let deadline = Date().addingTimeInterval(interval)
            while !stopped && Date() < deadline { _ = condition.wait(until: deadline) }
            let stop = stopped
            condition.unlock()
            if stop { return }
            work()
        }
    }
}
