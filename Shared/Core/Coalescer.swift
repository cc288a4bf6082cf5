import Foundation

/// Runs at most one job per key at a time. Callers arriving while a job runs share the next run,
/// which starts when the running one ends; so every caller is answered by a run that began after
/// it called (it sees everything its caller saw), and a thousand callers cost two runs, not a
/// thousand. The next run is executed by whichever waiting caller claims it first.
public final class Coalescer<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    // Safe because `running`, `next` and every `Run` are only touched under `condition`.
    private final class Run {
        var result: Result<Value, any Error>?
        var claimable = false
        var claimed = false
    }

    private let condition = NSCondition()
    private var running: [Key: Run] = [:]
    private var next: [Key: Run] = [:]

    public init() {}

    /// Runs `work` for `key`, or waits for and shares a run that starts after this call.
    /// Returns the value and whether it came from another caller's run.
    public func run(_ key: Key, _ work: () throws -> Value) throws -> (value: Value, joined: Bool) {
        condition.lock()
        if running[key] == nil {
            let run = Run()
            run.claimed = true
            running[key] = run
            condition.unlock()
            return (try execute(run, key: key, work).get(), false)
        }
        let run: Run
        if let queued = next[key] {
            run = queued
        } else {
            run = Run()
            next[key] = run
        }
        while true {
            if let result = run.result {
                condition.unlock()
                return (try result.get(), true)
            }
            if run.claimable && !run.claimed {
                run.claimed = true
                condition.unlock()
                return (try execute(run, key: key, work).get(), false)
            }
            condition.wait()
        }
    }

    /// Runs `work` outside the lock, publishes its result, and hands the key to the queued run.
    private func execute(_ run: Run, key: Key, _ work: () throws -> Value) -> Result<Value, any Error> {
        let result = Result { try work() }
        condition.lock()
        run.result = result
        running[key] = nil
        if let queued = next.removeValue(forKey: key) {
            running[key] = queued
            queued.claimable = true
        }
        condition.broadcast()
        condition.unlock()
        return result
    }
}
