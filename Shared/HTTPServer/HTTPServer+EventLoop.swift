import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The readiness loop: accepts, reads, parses, hands complete requests to the workers, writes
/// their responses back, and enforces every deadline. Runs on one thread and owns every socket.
extension HTTPServer {
    static func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

    static func nanoseconds(_ seconds: Double) -> UInt64 { UInt64(max(0, seconds) * 1_000_000_000) }

    func runLoop() {
        guard let epoll, let listener else { return }
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        var lastSweep = Self.now()
        var drainDeadline: UInt64?
        while true {
            if isStopping {
                if drainDeadline == nil {
                    drainDeadline = Self.now() + Self.nanoseconds(configuration.drainTimeoutSeconds)
                    epoll.remove(listener.fd)
                    listener.close()
                }
                for connection in Array(connections.values) where connection.state == .reading && connection.buffer.isEmpty {
                    close(connection)
                }
                if connections.isEmpty || Self.now() > drainDeadline! { break }
            }
            for ready in epoll.wait(milliseconds: 100) {
                if ready.fd == listener.fd {
                    if drainDeadline == nil { acceptAll(listener, epoll: epoll) }
                    continue
                }
                guard let connection = connections[ready.fd] else { continue }
                if ready.writable && connection.state == .writing { flush(connection, epoll: epoll) }
                if ready.readable && connection.state == .reading { read(connection, scratch: &scratch, epoll: epoll) }
            }
            deliverCompletions(epoll: epoll)
            let now = Self.now()
            if now - lastSweep >= 100_000_000 {
                lastSweep = now
                sweep(now: now, epoll: epoll)
            }
        }
        for connection in Array(connections.values) { close(connection) }
    }

    private func acceptAll(_ listener: Socket, epoll: Epoll) {
        while let (socket, peer) = try? listener.acceptNonBlocking() {
            let total = connectionCount
            if total >= configuration.maxConnections || perClient[peer, default: 0] >= configuration.maxConnectionsPerClient {
                let error = HTTPError(.serviceUnavailable, code: "too_many_connections",
                    message: total >= configuration.maxConnections
                        ? "the server is at its limit of \(configuration.maxConnections) connections"
                        : "this client is at its limit of \(configuration.maxConnectionsPerClient) connections",
                    headers: [("Retry-After", "1")])
                _ = try? socket.sendNonBlocking(ResponseWriter.serialize(HTTPResponse(error: error), keepAlive: false, headOnly: false), from: 0)
                // Read what the client already sent, so closing does not reset the connection
                // before it reads the 503.
                var drain: [UInt8] = []
                var scratch = [UInt8](repeating: 0, count: 4096)
                _ = try? socket.receiveNonBlocking(into: &drain, scratch: &scratch)
                socket.shutdownWrite()
                socket.close()
                onRejected?(error.status)
                continue
            }
            socket.setNoDelay()
            nextSerial += 1
            // A new connection must deliver its first request within the request timeout.
            let connection = HTTPConnection(
                socket: socket, peer: peer, serial: nextSerial,
                deadline: Self.now() + Self.nanoseconds(configuration.requestTimeoutSeconds))
            guard (try? epoll.add(socket.fd, readable: true)) != nil else {
                socket.close()
                continue
            }
            connections[socket.fd] = connection
            perClient[peer, default: 0] += 1
            lock.lock()
            openCount += 1
            lock.unlock()
        }
    }

    private func read(_ connection: HTTPConnection, scratch: inout [UInt8], epoll: Epoll) {
        let wasWaiting = connection.buffer.isEmpty && !connection.progress.hasStarted
        var received = 0
        while received < 1 << 20 {
            do {
                guard let count = try connection.socket.receiveNonBlocking(into: &connection.buffer, scratch: &scratch) else { break }
                if count == 0 {
                    close(connection)
                    return
                }
                received += count
            } catch {
                close(connection)
                return
            }
        }
        if wasWaiting && received > 0 && connection.servedAny {
            // The request's deadline runs from its first byte and never restarts.
            connection.deadline = Self.now() + Self.nanoseconds(configuration.requestTimeoutSeconds)
        }
        parse(connection, epoll: epoll)
    }

    /// Parses what is buffered: a complete request goes to a worker; a malformed one is refused.
    func parse(_ connection: HTTPConnection, epoll: Epoll) {
        do {
            switch try parser.parse(connection.buffer, progress: &connection.progress) {
            case .complete(let request, let consumed):
                connection.buffer.removeFirst(consumed)
                connection.sentContinue = false
                connection.state = .handling
                epoll.modify(connection.socket.fd, readable: false, writable: false)
                dispatch(request, on: connection, keepAlive: request.keepAlive && !isStopping, epoll: epoll)
            case .incomplete(let expectsContinue):
                if expectsContinue && !connection.sentContinue {
                    connection.sentContinue = true
                    _ = try? connection.socket.sendNonBlocking(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), from: 0)
                }
            }
        } catch let error as HTTPError {
            reject(connection, error, epoll: epoll)
        } catch {
            close(connection)
        }
    }

    private func dispatch(_ request: HTTPRequest, on connection: HTTPConnection, keepAlive: Bool, epoll: Epoll) {
        let fd = connection.socket.fd
        let serial = connection.serial
        workers?.submit { [self] in
            let bytes = answer(request, keepAlive: keepAlive)
            lock.lock()
            completions.append(Completion(fd: fd, serial: serial, bytes: bytes, keepAlive: keepAlive))
            lock.unlock()
            epoll.wake()
        }
    }

    /// Runs the handler on a worker thread and serializes its response.
    private func answer(_ request: HTTPRequest, keepAlive: Bool) -> [UInt8] {
        let started = DispatchTime.now().uptimeNanoseconds
        var response: HTTPResponse
        do {
            response = try responder.respond(to: request)
        } catch let error as HTTPError {
            response = HTTPResponse(error: error)
        } catch {
            onHandlerError?(request, error)
            response = HTTPResponse(
                error: HTTPError(.internalServerError, code: "internal_error", message: "the request failed: \(error)"))
        }
        let bytes = ResponseWriter.serialize(response, keepAlive: keepAlive, headOnly: request.method == "HEAD")
        onResponse?(request, response.status, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        return bytes
    }

    private func deliverCompletions(epoll: Epoll) {
        lock.lock()
        let ready = completions
        completions.removeAll(keepingCapacity: true)
        lock.unlock()
        for completion in ready {
            guard let connection = connections[completion.fd], connection.serial == completion.serial else { continue }
            connection.output = completion.bytes
            connection.outputOffset = 0
            connection.closeAfterWrite = !completion.keepAlive
            connection.state = .writing
            connection.servedAny = true
            connection.deadline = Self.now() + Self.nanoseconds(configuration.sendTimeoutSeconds)
            flush(connection, epoll: epoll)
        }
    }

    /// Writes what the socket takes; when the response is out, reads the next request (pipelined
    /// bytes first) or closes.
    private func flush(_ connection: HTTPConnection, epoll: Epoll) {
        let before = connection.outputOffset
        do {
            connection.outputOffset = try connection.socket.sendNonBlocking(connection.output, from: connection.outputOffset)
        } catch {
            close(connection)
            return
        }
        guard connection.outputOffset == connection.output.count else {
            if connection.outputOffset > before {
                connection.deadline = Self.now() + Self.nanoseconds(configuration.sendTimeoutSeconds)
            }
            epoll.modify(connection.socket.fd, readable: false, writable: true)
            return
        }
        connection.output = []
        if connection.closeAfterWrite {
            close(connection)
            return
        }
        connection.state = .reading
        let limit = connection.buffer.isEmpty ? configuration.idleTimeoutSeconds : configuration.requestTimeoutSeconds
        connection.deadline = Self.now() + Self.nanoseconds(limit)
        epoll.modify(connection.socket.fd, readable: true, writable: false)
        if !connection.buffer.isEmpty { parse(connection, epoll: epoll) }
    }

    /// Answers a request that never reached a handler (malformed, too large, too slow) and
    /// closes the connection once the answer is out.
    private func reject(_ connection: HTTPConnection, _ error: HTTPError, epoll: Epoll) {
        var response = HTTPResponse(error: error)
        response.headers["Connection"] = "close"
        connection.output = ResponseWriter.serialize(response, keepAlive: false, headOnly: false)
        connection.outputOffset = 0
        connection.closeAfterWrite = true
        connection.state = .writing
        connection.buffer = []
        connection.deadline = Self.now() + Self.nanoseconds(configuration.sendTimeoutSeconds)
        onRejected?(error.status)
        flush(connection, epoll: epoll)
    }

    /// Enforces deadlines: an idle keep-alive connection closes, a request too slow to arrive is
    /// answered 408, a response the client does not read is abandoned.
    private func sweep(now: UInt64, epoll: Epoll) {
        for connection in Array(connections.values) where connection.deadline < now {
            switch connection.state {
            case .reading:
                if connection.isIdle {
                    close(connection)
                } else {
                    reject(connection, HTTPError(.requestTimeout, code: "request_timeout",
                        message: "the request did not arrive within \(configuration.requestTimeoutSeconds) s"), epoll: epoll)
                }
            case .writing:
                close(connection)
            case .handling:
                continue
            }
        }
    }

    func close(_ connection: HTTPConnection) {
        let fd = connection.socket.fd
        guard connections[fd] === connection else { return }
        epoll?.remove(fd)
        connection.socket.close()
        connections[fd] = nil
        let remaining = (perClient[connection.peer] ?? 1) - 1
        perClient[connection.peer] = remaining > 0 ? remaining : nil
        lock.lock()
        openCount -= 1
        lock.unlock()
    }
}
