import PrescientCore

/// Limits and timeouts of an `HTTPServer`.
public struct HTTPServerConfiguration: Sendable {
    /// Address to bind; services default to loopback.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 picks a free one (tests).
    public var port: Int = 0
    /// Request line plus headers above this answer 431.
    public var maxHeaderBytes: Int = 16 * 1024
    /// Bodies above this answer 413.
    public var maxBodyBytes: Int = 1024 * 1024
    /// A keep-alive connection with no request for this long is closed.
    public var idleTimeoutSeconds: Double = 30
    /// A request that takes longer than this to arrive answers 408 and the connection closes.
    public var requestTimeoutSeconds: Double = 10
    /// A client that stops reading for this long while a response is sent is disconnected,
    /// so it cannot pin the connection's thread.
    public var sendTimeoutSeconds: Double = 10
    /// Connections above this cap are answered 503 and closed.
    public var maxConnections: Int = 16_384
    /// Connections from one client address above this cap are answered 503 and closed.
    public var maxConnectionsPerClient: Int = 4_096
    /// Threads running handlers (they may block on the database or upstream calls).
    public var workerThreads: Int = 64
    /// The most handlers one client address runs at once; its further requests wait their turn
    /// (in order) while other clients are served.
    public var maxWorkersPerClient: Int = 16
    /// Requests of one client address waiting for a worker beyond its share; past it, 503. Each
    /// connection has at most one request waiting, holding at most that request's bytes (the body
    /// counted by the budget), so the default is the per-client connection cap.
    public var maxQueuedPerClient: Int = 4_096
    /// Request bodies the server holds at once, all connections together: a request whose
    /// declared body would pass it is answered 503 with `Retry-After` from its head, unread.
    public var maxBufferedBodyBytes: Int = 32 * 1024 * 1024
    /// The share of `maxBufferedBodyBytes` one client address may hold.
    public var maxBufferedBodyBytesPerClient: Int = 8 * 1024 * 1024
    /// The stack of every worker thread. Small, so thousands of requests cost little memory:
    /// whatever a handler walks recursively is bounded first (`JSONNesting`), and the fuzz
    /// targets run on a stack of this size.
    public static let workerStackBytes = 512 * 1024
    /// A handler still running this long after it started is answered 504 by the server (the
    /// connection closes; what the handler answers later is dropped). Threads cannot be stopped,
    /// so the handler runs on; the database's statement timeout and the clients' timeouts bound it.
    public var handlerTimeoutSeconds: Double = 120
    /// How long shutdown waits for in-flight requests before giving up.
    public var drainTimeoutSeconds: Double = 15

    public init() {}
}
