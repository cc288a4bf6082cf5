#if FUZZING
import Foundation

/// libFuzzer's entry point (built by `scripts/fuzz` with `-sanitize=fuzzer -DFUZZING`); the
/// target is chosen by `PRESCIENT_FUZZ_TARGET` (`http` or `json`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    FuzzEntry.target(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

enum FuzzEntry {
    static let target: @Sendable ([UInt8]) -> Void = {
        let name = ProcessInfo.processInfo.environment["PRESCIENT_FUZZ_TARGET"] ?? "http"
        guard let target = FuzzTargets.named(name) else { fatalError("PRESCIENT_FUZZ_TARGET must be http or json") }
        return target
    }()
}
#endif
