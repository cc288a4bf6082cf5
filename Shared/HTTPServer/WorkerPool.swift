import Foundation

/// A fixed set of threads running jobs from one first-in, first-out queue. Handlers block (on
/// libpq, libcurl), so they run here, never on the event loop.
final class WorkerPool: @unchecked Sendable {
    // Safe because `jobs`, `head` and `stopping` are only touched under `condition`.
    private let condition = NSCondition()
    private var jobs: [(@Sendable () -> Void)?] = []
    private var head = 0
    private var stopping = false
    private var running = 0

    init(threads: Int, name: String, stackSize: Int = HTTPServerConfiguration.workerStackBytes) {
        for index in 0..<max(1, threads) {
            let thread = Thread { [self] in work() }
            thread.name = "\(name)-\(index)"
            thread.stackSize = stackSize
            thread.start()
        }
        condition.lock()
        running = max(1, threads)
        condition.unlock()
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Runs what is queued, then stops the threads; returns when they have exited.
    func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count && !stopping { condition.wait() }
            if head == jobs.count {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = jobs[head]
            jobs[head] = nil
            head += 1
            if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            job?()
        }
    }
}
