import Contracts
import Foundation

/// One run-all at a time in this process: a run-all asked for while one started less than
/// `window` seconds ago is under way joins it (hears its run id, then shares its result) instead
/// of starting another that would hold a second membership connection of the lock pool; one asked
/// for later waits for it to end and then runs its own. Twenty concurrent run-alls cost one run
/// and one connection, so the pool the cycles lock portfolios on is never starved by callers.
final class RunFlight: @unchecked Sendable {
    // Safe because `current` and every `Flight`'s fields are only touched under `condition`.
    private final class Flight {
        let started = Date()
        var runID: String?
        var result: Result<RunAllResult, any Error>?
    }

    private let condition = NSCondition()
    private var current: Flight?
    let window: Double

    init(window: Double) {
        self.window = window
    }

    /// What a caller got: the result, and whether it shared another caller's run in this process.
    struct Outcome {
        let result: RunAllResult
        let sharedInProcess: Bool
    }

    /// Runs `work` (which names its run through the `onJoined` it is given), or joins the run-all
    /// already under way. A joiner's result says `joined_run`.
    func run(onJoined: (String) -> Void, _ work: (_ onJoined: (String) -> Void) throws -> RunAllResult) throws -> Outcome {
        condition.lock()
        while let flight = current, Date().timeIntervalSince(flight.started) >= window { condition.wait() }
        if let flight = current {
            while flight.runID == nil && flight.result == nil { condition.wait() }
            let runID = flight.runID
            condition.unlock()
            if let runID { onJoined(runID) }
            condition.lock()
            while flight.result == nil { condition.wait() }
            let result = flight.result!
            condition.unlock()
            var joined = try result.get()
            joined.joinedRun = true
            return Outcome(result: joined, sharedInProcess: true)
        }
        let flight = Flight()
        current = flight
        condition.unlock()
        let result = withoutActuallyEscaping(onJoined) { onJoined in
            Result {
                try work { runID in
                    condition.lock()
                    flight.runID = runID
                    condition.broadcast()
                    condition.unlock()
                    onJoined(runID)
                }
            }
        }
        condition.lock()
        flight.result = result
        current = nil
        condition.broadcast()
        condition.unlock()
        return Outcome(result: try result.get(), sharedInProcess: false)
    }
}
