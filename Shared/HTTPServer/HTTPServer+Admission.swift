import Foundation

/// What a request may cost before it is read: its head judged by `headGate`, its declared body
/// counted against the server's and its client's body budget, and, after a refusal, a close that
/// lets the client read the answer.
extension HTTPServer {
    /// Runs once per request when its head is parsed (on whichever thread owns the connection).
    func admit(_ head: HTTPRequest, bodyBytes: Int, on connection: HTTPConnection) throws {
        try headGate?(head)
        guard bodyBytes > 0 else { return }
        lock.lock()
        defer { lock.unlock() }
        let clientHolds = bufferedBodyBytesByClient[connection.peer, default: 0]
        if bufferedBodyBytes + bodyBytes > configuration.maxBufferedBodyBytes
            || clientHolds + bodyBytes > configuration.maxBufferedBodyBytesPerClient
        {
            let whose = clientHolds + bodyBytes > configuration.maxBufferedBodyBytesPerClient ? "this client's" : "the server's"
            throw HTTPError(
                .serviceUnavailable, code: "server_busy",
                message: "request bodies held now would pass \(whose) budget; retry shortly",
                headers: [("Retry-After", "1")])
        }
        bufferedBodyBytes += bodyBytes
        bufferedBodyBytesByClient[connection.peer] = clientHolds + bodyBytes
        connection.reservedBodyBytes = bodyBytes
    }

    /// Gives back the body bytes the connection's request reserved (answered, refused or closed).
    func releaseBody(of connection: HTTPConnection) {
        lock.lock()
        defer { lock.unlock() }
        let reserved = connection.reservedBodyBytes
        guard reserved > 0 else { return }
        connection.reservedBodyBytes = 0
        bufferedBodyBytes -= reserved
        let left = bufferedBodyBytesByClient[connection.peer, default: reserved] - reserved
        bufferedBodyBytesByClient[connection.peer] = left > 0 ? left : nil
    }

    /// Body bytes reserved now, for tests and metrics.
    public var reservedBodyBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return bufferedBodyBytes
    }

    /// After a refusal is out: shuts the write side and reads what the client still sends (a body
    /// the refusal left unread), so closing does not reset the connection under the client's read.
    func startDraining(_ connection: HTTPConnection, epoll: Epoll) {
        connection.socket.shutdownWrite()
        lock.lock()
        connection.state = .draining
        connection.deadline = Self.now() + Self.nanoseconds(min(2, configuration.sendTimeoutSeconds))
        lock.unlock()
        epoll.rearm(connection.socket.fd, readable: true, writable: false)
    }

    /// Reads and drops what a draining client sent; closes at its end, or past 4 MiB.
    func drain(_ connection: HTTPConnection, scratch: inout [UInt8], epoll: Epoll) {
        var dropped: [UInt8] = []
        var total = 0
        while total < 4 << 20 {
            dropped.removeAll(keepingCapacity: true)
            let received: Int?
            do {
                received = try connection.socket.receiveNonBlocking(into: &dropped, scratch: &scratch)
            } catch {
                close(connection)
                return
            }
            guard let count = received else { break }  // nothing more for now
            if count == 0 {
                close(connection)
                return
            }
            total += count
        }
        if total >= 4 << 20 {
            close(connection)
            return
        }
        epoll.rearm(connection.socket.fd, readable: true, writable: false)
    }
}
