#if FUZZING
    import Foundation

    /// libFuzzer's entry points (built by `scripts/fuzz` with `-sanitize=fuzzer -DFUZZING`); the
    /// target is chosen by `PRESCIENT_FUZZ_TARGET` (`http` or `json`).
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        guard let data else { return 0 }
        FuzzEntry.target(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    /// SwiftPM names an executable's entry point `<module>_main`; here it starts libFuzzer's driver.
    @_cdecl("prescient_fuzz_main")
    public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var arguments = argv
        return runFuzzerDriver(&count, &arguments, fuzzOneInput)
    }

    enum FuzzEntry {
        static let target: @Sendable ([UInt8]) -> Void = {
            let name = ProcessInfo.processInfo.environment["PRESCIENT_FUZZ_TARGET"] ?? "http"
            guard let target = FuzzTargets.named(name) else { fatalError("PRESCIENT_FUZZ_TARGET must be http or json") }
            return target
        }()
    }
#endif
