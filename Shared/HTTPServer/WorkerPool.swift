import Foundation

/// A fixed set of threads running jobs from one first-in, first-out queue. Handlers block (on
/// libpq, libcurl), so they run here, never on the event loop.
///
/// Each job belongs to a client address, and no client runs more than `perClient` jobs at once:
/// its further jobs wait in a line of their own and join the queue one by one as its running
/// ones finish, so one client flooding the server holds a share of the workers, not all of them.
/// The line itself is bounded (`queuedPerClient`): past it `submit` refuses.
final class WorkerPool: @unchecked Sendable {
    // Safe because `jobs`, `head`, `stopping`, `running`, `busy` and `waiting` are only touched
    // under `condition`.
    typealias Job = @Sendable () -> Void
    private let condition = NSCondition()
    private var jobs: [(client: UInt32, job: Job)?] = []
    private var head = 0
    private var stopping = false
    private var running = 0
    private let perClient: Int
    private let queuedPerClient: Int
    /// Jobs queued or running, by client.
    private var busy: [UInt32: Int] = [:]
    /// Jobs over their client's share, in order, by client.
    private var waiting: [UInt32: [Job]] = [:]

    init(
        threads: Int, name: String, perClient: Int = .max, queuedPerClient: Int = .max,
        stackSize: Int = HTTPServerConfiguration.workerStackBytes
    ) {
        self.perClient = max(1, perClient)
        self.queuedPerClient = max(0, queuedPerClient)
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

    /// Queues `job` for `client`; false (nothing queued) when the client's line is full.
    @discardableResult
    func submit(client: UInt32 = 0, _ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if busy[client, default: 0] < perClient {
            busy[client, default: 0] += 1
            jobs.append((client, job))
            condition.signal()
            return true
        }
        guard waiting[client, default: []].count < queuedPerClient else { return false }
        waiting[client, default: []].append(job)
        return true
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
            let next = jobs[head]
            jobs[head] = nil
            head += 1
            if head > 1024 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            condition.unlock()
            guard let (client, job) = next else { continue }
            job()
            finished(client)
        }
    }

    /// A job of `client` ended: its next waiting job takes the place, or its count drops.
    private func finished(_ client: UInt32) {
        condition.lock()
        if var line = waiting[client], !line.isEmpty {
            jobs.append((client, line.removeFirst()))
            waiting[client] = line.isEmpty ? nil : line
            condition.signal()
        } else {
            let remaining = busy[client, default: 1] - 1
            busy[client] = remaining > 0 ? remaining : nil
        }
        condition.unlock()
    }
}
