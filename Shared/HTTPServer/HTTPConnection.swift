import Foundation

/// One client connection. Exactly one thread owns it at a time: the loop while a request
/// arrives, a worker from a complete request until it hands the socket back (one-shot epoll).
final class HTTPConnection: @unchecked Sendable {
    // Safe because ownership passes between threads only through the server's lock and an epoll
    // re-arm (a system call), `state` and `deadline`, which the loop reads while a worker owns
    // the connection, are only touched under the server's lock, and `abandoned` (and the socket
    // writes of a handling connection) only under `writeLock`.
    enum State {
        /// Waiting for (more of) a request.
        case reading
        /// A worker is running the handler; the socket is not watched.
        case handling
        /// A response is being written.
        case writing
        /// A refusal was sent and the write side shut: what the client still sends is read and
        /// dropped until it closes or the deadline, so closing does not reset the connection
        /// before the client has read the refusal.
        case draining
    }

    let socket: Socket
    let peer: UInt32
    /// Distinguishes this connection from a later one that reuses its descriptor.
    let serial: UInt64
    var state = State.reading
    var buffer: [UInt8] = []
    var progress = HTTPRequestParser.Progress()
    var sentContinue = false
    var servedAny = false
    var output: [UInt8] = []
    var outputOffset = 0
    var closeAfterWrite = false
    /// Drain instead of closing once the output is out (after a refusal with a body unread).
    var drainAfterWrite = false
    /// Body bytes of the current request counted against the server's budget (under the server's lock).
    var reservedBodyBytes = 0
    /// Serialises a worker's write of its answer with the loop's answer to a handler that ran
    /// past its deadline; `abandoned` (under it) says the loop has answered and the worker must not.
    let writeLock = NSLock()
    var abandoned = false
    /// When the running handler's time is up (monotonic nanoseconds; `.max` once its answer is
    /// written or while it waits for a worker), under `writeLock`.
    var handlerDeadline: UInt64 = .max
    /// When the current wait ends (monotonic nanoseconds): the request, idle, or send deadline.
    var deadline: UInt64

    init(socket: Socket, peer: UInt32, serial: UInt64, deadline: UInt64) {
        self.socket = socket
        self.peer = peer
        self.serial = serial
        self.deadline = deadline
    }

    /// True when nothing of a next request has arrived on a connection that already served one.
    var isIdle: Bool { state == .reading && buffer.isEmpty && !progress.hasStarted && servedAny }
}
