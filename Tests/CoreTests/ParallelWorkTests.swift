import Foundation
import PrescientCore
import Testing

@Suite("Parallel work on dedicated threads")
struct ParallelWorkTests {
    @Test func map_keepsTheOrderOfItsItems() {
        let items = Array(0..<200)
        let squares = ParallelWork.map(items, width: 7) { item -> Int in
            if item % 13 == 0 { Thread.sleep(forTimeInterval: 0.002) }  // finish out of order
            return item * item
        }
        #expect(squares == items.map { $0 * $0 })
    }

    @Test func map_runsAtMostWidthItemsAtOnceAndReachesWidth() {
        let running = Locked(0)
        let peak = Locked(0)
        _ = ParallelWork.map(Array(0..<40), width: 4) { _ in
            running.mutate { $0 += 1 }
            let now = running.value
            peak.mutate { $0 = max($0, now) }
            Thread.sleep(forTimeInterval: 0.01)
            running.mutate { $0 -= 1 }
        }
        #expect(peak.value == 4)
        #expect(running.value == 0)
    }

    @Test func map_ofNothingIsNothingAndAWidthBelowOneStillWorks() {
        #expect(ParallelWork.map([Int](), width: 3) { $0 }.isEmpty)
        #expect(ParallelWork.map([1, 2, 3], width: 0) { $0 + 1 } == [2, 3, 4])
    }

    struct Boom: Error, Equatable {}

    @Test func start_returnsWhatTheWorkReturnedOrThrew() throws {
        let started = Date()
        let slow = ParallelWork.start { () -> String in
            Thread.sleep(forTimeInterval: 0.2)
            return "done"
        }
        let failing = ParallelWork.start { () throws -> Int in throw Boom() }
        // Both run while this thread goes on.
        #expect(Date().timeIntervalSince(started) < 0.15)
        #expect(try slow.wait() == "done")
        #expect(throws: Boom.self) { try failing.wait() }
    }
}
