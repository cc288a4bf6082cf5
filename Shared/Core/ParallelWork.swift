import Foundation

/// Blocking work (HTTP calls, queries) run side by side on dedicated threads, for code that
/// runs on the HTTP server's worker threads and must not block Swift's cooperative pool.
public enum ParallelWork {
    /// Maps `items` through `body` on at most `width` threads, each taking the next item as it
    /// finishes one; the results come back in the order of `items`.
    public static func map<Item: Sendable, Output: Sendable>(
        _ items: [Item], width: Int, _ body: @escaping @Sendable (Item) -> Output
    ) -> [Output] {
        guard !items.isEmpty else { return [] }
        let results = Locked<[Output?]>(Array(repeating: nil, count: items.count))
        let next = Locked(0)
        let threads = max(1, min(width, items.count))
        let done = DispatchSemaphore(value: 0)
        let priority = RequestPriority.current
        for _ in 0..<threads {
            Thread {
                RequestPriority.$current.withValue(priority) {
                    work()
                }
                done.signal()
            }.start()
        }
        @Sendable func work() {
            while true {
                let index = next.mutate { next -> Int in
                    defer { next += 1 }
                    return next
                }
                guard index < items.count else { break }
                let output = body(items[index])
                results.mutate { $0[index] = output }
            }
        }
        for _ in 0..<threads { done.wait() }
        return results.value.map { $0! }
    }

    /// Starts `body` on its own thread; the answer's `wait()` returns what it returned or threw.
    public static func start<Output: Sendable>(_ body: @escaping @Sendable () throws -> Output) -> Pending<Output> {
        let pending = Pending<Output>()
        let priority = RequestPriority.current
        Thread {
            let result = RequestPriority.$current.withValue(priority) { Result { try body() } }
            pending.finish(result)
        }.start()
        return pending
    }

    /// The result of work started with `start`, once it finishes.
    public final class Pending<Output: Sendable>: Sendable {
        private let result = Locked<Result<Output, any Error>?>(nil)
        private let finished = DispatchSemaphore(value: 0)

        fileprivate init() {}

        fileprivate func finish(_ outcome: Result<Output, any Error>) {
            result.mutate { $0 = outcome }
            finished.signal()
        }

        /// Blocks until the work finished; returns its output or throws its error. Call once.
        public func wait() throws -> Output {
            finished.wait()
            return try result.value!.get()
        }
    }
}
