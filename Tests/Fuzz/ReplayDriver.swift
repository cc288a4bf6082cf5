#if !FUZZING
    import Foundation

    /// Without libFuzzer: replays files through a target, e.g.
    /// `prescient-fuzz http Tests/Fuzz/corpus/http/*` (a crash the fuzzer found, re-run).
    @main
    enum ReplayDriver {
        static func main() {
            let arguments = CommandLine.arguments.dropFirst()
            guard let name = arguments.first, let target = FuzzTargets.named(name) else {
                FileHandle.standardError.write(Data("usage: prescient-fuzz http|json FILE...\n".utf8))
                exit(2)
            }
            var count = 0
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else { continue }
                target(Array(data))
                count += 1
            }
            print("replayed \(count) input(s) through \(name)")
        }
    }
#endif
