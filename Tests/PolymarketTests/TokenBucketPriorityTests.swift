import Foundation
import Polymarket
import PrescientCore
import Testing

/// The rate budget split by priority: normal calls (quotes, leaderboards) leave a quarter of the
/// bucket to critical ones (execution, settlement), which take it at once however many normal
/// calls wait; with no critical demand normal calls still use everything above the reserve.
@Suite("Rate budget by priority")
struct TokenBucketPriorityTests {
    @Test func aFloodOfNormalCalls_leavesCriticalOnesTheirReserve() {
        // 12 tokens, refilled at 1 a second: what is not in the bucket takes a second a token.
        let bucket = TokenBucket(capacity: 12, per: 12)
        #expect(bucket.reserve == 3)
        let normalTaken = Locked(0)
        // A flood of normal calls: 9 get through at once, the rest wait on the refill.
        for _ in 0..<20 {
            Thread.detachNewThread {
                bucket.acquire(priority: .normal)
                normalTaken.mutate { $0 += 1 }
            }
        }
        let deadline = Date().addingTimeInterval(2)
        while normalTaken.value < 9 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(normalTaken.value == 9)
        // Execution's three calls find the reserve untouched and do not wait.
        let started = Date()
        for _ in 0..<3 { RequestPriority.critical { bucket.acquire() } }
        #expect(Date().timeIntervalSince(started) < 0.3, "critical calls waited \(Date().timeIntervalSince(started)) s")
    }

    @Test func priorityIsCarriedIntoParallelWork() {
        let seen = RequestPriority.critical {
            ParallelWork.map([1, 2, 3], width: 3) { _ in RequestPriority.current }
        }
        #expect(seen.allSatisfy { $0 == .critical })
        #expect(ParallelWork.map([1], width: 1) { _ in RequestPriority.current } == [.normal])
    }
}
