/// How urgent the upstream calls made on this thread are: `critical` for what moves money
/// (executing signals, settling positions), `normal` for everything else (quotes, leaderboards,
/// scans, refreshes). A rate budget keeps a share for critical calls, so a flood of normal ones
/// never starves them. Bound per thread (and carried into `ParallelWork`'s threads).
public enum RequestPriority: Sendable {
    case critical
    case normal

    @TaskLocal public static var current: RequestPriority = .normal

    /// Runs `body` with this thread's upstream calls marked critical.
    public static func critical<T>(_ body: () throws -> T) rethrows -> T {
        try $current.withValue(.critical, operation: body)
    }
}
