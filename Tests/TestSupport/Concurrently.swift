import Foundation

/// Runs `body` on `count` dedicated threads at once and waits for all of them. (Unlike
/// `DispatchQueue.concurrentPerform`, which may run iterations one after another when its
/// worker threads are busy, this guarantees real overlap.)
public func runConcurrently(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    let start = DispatchSemaphore(value: 0)
    for index in 0..<count {
        group.enter()
        let thread = Thread {
            start.wait()
            body(index)
            group.leave()
        }
        thread.start()
    }
    for _ in 0..<count { start.signal() }
    group.wait()
}
