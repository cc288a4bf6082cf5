import Foundation
import PrescientCore
import Testing

@Suite("Coalescer")
struct CoalescerTests {
    @Test func concurrentCallersShareRuns_andEachIsAnsweredByARunThatStartedAfterIt() {
        let coalescer = Coalescer<Int, Int>()
        let runs = Locked(0)
        let version = Locked(0)  // bumped by every caller before it calls: what a run "sees"
        let answers = Locked<[(saw: Int, got: Int)]>([])
        let done = DispatchGroup()
        for _ in 0..<200 {
            done.enter()
            Thread {
                defer { done.leave() }
                var saw = 0
                version.mutate {
                    $0 += 1
                    saw = $0
                }
                let (value, _) = try! coalescer.run(1) {
                    runs.mutate { $0 += 1 }
                    let seen = version.value
                    usleep(20_000)
                    return seen
                }
                answers.mutate { $0.append((saw, value)) }
            }.start()
        }
        done.wait()
        #expect(answers.value.count == 200)
        #expect(answers.value.allSatisfy { $0.got >= $0.saw }, "a caller was answered by a run that began before it called")
        #expect(runs.value < 200 / 4, "\(runs.value) runs for 200 callers")
    }

    @Test func differentKeysRunIndependently_andErrorsReachEveryJoinedCaller() throws {
        struct Boom: Error {}
        let coalescer = Coalescer<String, Int>()
        #expect(try coalescer.run("a") { 1 }.value == 1)
        #expect(try coalescer.run("b") { 2 }.value == 2)
        #expect(throws: Boom.self) { try coalescer.run("a") { throw Boom() } }
        #expect(try coalescer.run("a") { 3 }.value == 3)
    }
}
