import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server over POSIX sockets: one epoll readiness loop owns every socket
/// (non-blocking accept, reads, writes, deadlines) and a pool of worker threads runs the
/// handlers, which may block on libpq and libcurl.
///
/// An idle or slow connection costs a few hundred bytes and no thread, so tens of thousands can
/// be held while others are served. Every request has a deadline from its first byte (a new
/// connection from its connect), every response a send timeout, and each client address a
/// connection cap. Memory is budgeted before it is spent: a request's head is judged
/// (`headGate`: host, origin, token) and its declared body counted against the server's and its
/// client's share of body bytes before the body is read, and one client runs at most a share of
/// the workers. Requests `loopResponder` answers (health) are served on the loop itself, never
/// queued behind work.
public final class HTTPServer: @unchecked Sendable {
    // Safe because the loop-owned state (`connections`, `perClient`) is only touched by the loop
    // thread, a connection is used by one thread at a time (one-shot epoll registration hands it
    // over), and everything shared (`stopping`, `openCount`, `handBacks`, connection states and
    // deadlines, `port`, the body budget) is under `lock`.
    public let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let parser: HTTPRequestParser
    let lock = NSLock()
    var stopping = false
    var openCount = 0
    /// Connections workers return to the loop to be closed or refused.
    var handBacks: [(HTTPConnection, HandBack)] = []
    private var loopFinished = DispatchSemaphore(value: 0)
    private var started = false
    private(set) public var port: Int = 0
    var listener: Socket?
    var epoll: Epoll?
    var workers: WorkerPool?
    var connections: [Int32: HTTPConnection] = [:]
    var perClient: [UInt32: Int] = [:]
    /// Body bytes reserved by requests being received or handled, all together and by client.
    var bufferedBodyBytes = 0
    var bufferedBodyBytesByClient: [UInt32: Int] = [:]
    var nextSerial: UInt64 = 0
    /// While the process is out of descriptors, the listener is unwatched until this time
    /// (monotonic nanoseconds), instead of spinning on a readable listener it cannot accept from.
    var acceptsPausedUntil: UInt64?
    /// Called after every response with the request, status and duration, for logs and metrics.
    public var onResponse: (@Sendable (HTTPRequest, HTTPStatus, Double) -> Void)?
    /// Called for every request refused before any handler saw it: malformed (4xx/5xx from the
    /// parser), too slow (408) or over a connection cap (503).
    public var onRejected: (@Sendable (HTTPStatus) -> Void)?
    /// Called when a handler throws something other than `HTTPError` (answered 500), with the
    /// request id the answer names.
    public var onHandlerError: (@Sendable (HTTPRequest, any Error, String) -> Void)?
    /// Judges a request on its head alone (loop thread), before its body is read: an `HTTPError`
    /// thrown here is the answer, and the body is never buffered. Set before `start`.
    public var headGate: (@Sendable (HTTPRequest) throws -> Void)?
    /// Answers a request on the loop thread when it returns a response (cheap, non-blocking
    /// answers only: health); nil sends the request to a worker. Set before `start`.
    public var loopResponder: (@Sendable (HTTPRequest) -> HTTPResponse?)?

    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
        self.parser = HTTPRequestParser(
            maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: configuration.maxBodyBytes)
    }

    /// Binds and starts the loop and the workers. Returns once the port is bound.
    public func start() throws {
        signal(SIGPIPE, SIG_IGN)
        Self.raiseDescriptorLimit()
        let socket = try Socket.listen(host: configuration.host, port: configuration.port, backlog: 4096)
        socket.setNonBlocking()
        let epoll = try Epoll()
        try epoll.add(socket.fd, readable: true)
        lock.lock()
        listener = socket
        self.epoll = epoll
        port = socket.localPort
        started = true
        lock.unlock()
        workers = WorkerPool(
            threads: configuration.workerThreads, name: "http-worker", perClient: configuration.maxWorkersPerClient,
            queuedPerClient: configuration.maxQueuedPerClient)
        let thread = Thread { [self] in
            runLoop()
            loopFinished.signal()
        }
        thread.name = "http-loop"
        thread.start()
    }

    /// Number of connections currently open.
    public var connectionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return openCount
    }

    var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    /// Stops accepting, lets in-flight requests finish (up to the drain timeout), closes idle
    /// connections, and returns when the loop and the workers have stopped.
    public func shutdown() {
        lock.lock()
        guard started, !stopping else {
            lock.unlock()
            return
        }
        stopping = true
        lock.unlock()
        epoll?.wake()
        loopFinished.wait()
        workers?.shutdown()
    }

    /// Lets the process hold as many sockets as its hard limit allows (10,000 idle clients).
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }
}
