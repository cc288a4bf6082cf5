import Foundation
import HTTPServer

/// Runs fuzz inputs on one thread whose stack is a worker's (`HTTPServerConfiguration.workerStackBytes`),
/// not on the main thread's 8 MiB: recursion a handler could not survive must crash here too.
final class WorkerStack: @unchecked Sendable {
    // Safe because `job` is written by the caller before `ready` is signalled and read by the
    // worker thread only after it waits on `ready`; the caller waits on `done` before the next job.
    private let ready = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    private var job: (() -> Void)?

    static let shared = WorkerStack()

    private init() {
        let thread = Thread { [self] in
            while true {
                ready.wait()
                job?()
                job = nil
                done.signal()
            }
        }
        thread.name = "fuzz-worker"
        thread.stackSize = HTTPServerConfiguration.workerStackBytes
        thread.start()
    }

    /// Runs `work` on the worker-sized thread and returns when it has.
    func run(_ work: @escaping () -> Void) {
        job = work
        ready.signal()
        done.wait()
    }
}
