import Contracts
import Foundation

/// One run-all at a time in this process: a run-all asked for while one is under way joins it
/// (hears its run id, then shares its result) instead of starting another that would hold a
/// second membership connection of the lock pool. Twenty concurrent run-alls cost one run and one
/// connection, so the pool the cycles lock portfolios on is never starved by callers.
final class RunFlight: @unchecked Sendable {
    // Safe because `current` and every `Flight`'s fields are only touched under `condition`.
    private final class Flight {
        var runID: String?
        var result: Result<RunAllResult, any Error>?
    }

    private let condition = NSCondition()
    private var current: Flight?

    /// Runs `work` (which names its run through the `onJoined` it is given), or joins the run-all
    /// already under way. A joiner's result says `joined_run`.
    func run(onJoined: (String) -> Void, _ work: (_ onJoined: (String) -> Void) throws -> RunAllResult) throws -> RunAllResult {
        condition.lock()
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
            return joined
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
        return try result.get()
    }
}
