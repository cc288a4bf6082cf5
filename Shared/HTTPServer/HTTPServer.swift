import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A small HTTP/1.1 server over POSIX sockets: one thread per connection, blocking handlers.
///
/// Thread-per-connection was chosen by measurement (see `scripts/bench`): with handlers that
/// block on libpq and libcurl anyway it is simpler and faster than an event loop here.
public final class HTTPServer: @unchecked Sendable {
    // Safe because mutable state is guarded by `lock`; sockets are owned by one thread each.
    public let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let parser: HTTPRequestParser
    private let lock = NSCondition()
    private var listener: Socket?
    private var openConnections: [Int32: Socket] = [:]
    private var stopping = false
    private var acceptThreadDone = false
    private(set) public var port: Int = 0
    /// Called after every response with the request, status and duration, for logs and metrics.
    public var onResponse: (@Sendable (HTTPRequest, HTTPStatus, Double) -> Void)?
    /// Called for every request refused before any handler saw it: malformed (4xx/5xx from the
    /// parser), too slow (408) or over the connection cap (503).
    public var onRejected: (@Sendable (HTTPStatus) -> Void)?
    /// Called when a handler throws something other than `HTTPError` (answered 500).
    public var onHandlerError: (@Sendable (HTTPRequest, any Error) -> Void)?

    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) {
        self.configuration = configuration
        self.responder = responder
        self.parser = HTTPRequestParser(
            maxHeaderBytes: configuration.maxHeaderBytes, maxBodyBytes: configuration.maxBodyBytes)
    }

    /// Binds and starts accepting on a background thread. Returns once the port is bound.
    public func start() throws {
        signal(SIGPIPE, SIG_IGN)
        let socket = try Socket.listen(host: configuration.host, port: configuration.port)
        lock.lock()
        listener = socket
        port = socket.localPort
        lock.unlock()
        let thread = Thread { [self] in acceptLoop(socket) }
        thread.name = "http-accept"
        thread.start()
    }

    /// Number of connections currently open.
    public var connectionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return openConnections.count
    }

    /// Stops accepting, lets in-flight requests finish, closes idle connections, and returns
    /// when every connection is closed or the drain timeout passes.
    public func shutdown() {
        lock.lock()
        guard !stopping else {
            lock.unlock()
            return
        }
        stopping = true
        let listening = listener
        lock.unlock()
        listening?.shutdownBoth()
        let deadline = Date().addingTimeInterval(configuration.drainTimeoutSeconds)
        lock.lock()
        while !(openConnections.isEmpty && acceptThreadDone) {
            if !lock.wait(until: deadline) { break }
        }
        for socket in openConnections.values { socket.shutdownBoth() }
        lock.unlock()
        listening?.close()
    }

    var isStopping: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopping
    }

    private func acceptLoop(_ listening: Socket) {
        while true {
            let fd = accept(listening.fd, nil, nil)
            if fd < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if errno == EMFILE || errno == ENFILE {
                    usleep(10_000)
                    continue
                }
                break
            }
            let socket = Socket(fd: fd)
            socket.setNoDelay()
            socket.setSendTimeout(seconds: configuration.sendTimeoutSeconds)
            lock.lock()
            if stopping {
                lock.unlock()
                socket.close()
                break
            }
            let overCap = openConnections.count >= configuration.maxConnections
            if !overCap { openConnections[fd] = socket }
            lock.unlock()
            if overCap {
                refuse(socket)
                continue
            }
            let thread = Thread { [self] in
                serve(socket)
                lock.lock()
                openConnections[fd] = nil
                lock.broadcast()
                lock.unlock()
                socket.close()
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        lock.lock()
        acceptThreadDone = true
        lock.broadcast()
        lock.unlock()
    }

    private func refuse(_ socket: Socket) {
        let error = HTTPError(.serviceUnavailable, code: "too_many_connections",
            message: "the server is at its limit of \(configuration.maxConnections) connections",
            headers: [("Retry-After", "1")])
        reject(socket, error)
        socket.close()
    }
}
