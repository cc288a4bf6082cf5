import Foundation
import PrescientCore

/// Starts work on a thread of its own and returns as soon as the work names its run (the id it
/// passes to `onJoined`), or the error it failed with before naming one.
enum BackgroundRun {
    static func start(timeout: Double = 300, _ work: @escaping @Sendable (_ onJoined: @escaping @Sendable (String) -> Void) throws -> Void)
        throws -> String
    {
        let outcome = Locked<Result<String, any Error>?>(nil)
        let named = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            do {
                try work { id in
                    outcome.mutate { $0 = .success(id) }
                    named.signal()
                }
            } catch {
                let first = outcome.mutate { stored -> Bool in
                    guard stored == nil else { return false }
                    stored = .failure(error)
                    return true
                }
                if first { named.signal() }
            }
        }
        guard named.wait(timeout: .now() + timeout) == .success, let result = outcome.value else {
            throw RunNotStarted()
        }
        return try result.get()
    }

    struct RunNotStarted: Error, CustomStringConvertible {
        var description: String { "the run did not start within its time" }
    }
}
