import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The readiness loop. Sockets are registered one-shot, so each belongs to exactly one thread at a
/// time: the loop while a request arrives (reads, parsing, deadlines), then the worker that runs
/// its handler, which writes the response and reads on while the client has already sent more
/// (keep-alive, pipelining), and hands the socket back by re-arming it. Closing and the rare
/// slow write go back through the loop.
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
                for connection in Array(connections.values) where owned(connection) == .reading && connection.buffer.isEmpty {
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
                switch owned(connection) {
                case .writing: flush(connection, epoll: epoll)
                case .reading: read(connection, scratch: &scratch, epoll: epoll)
                case .draining: drain(connection, scratch: &scratch, epoll: epoll)
                case .handling: continue
                }
            }
            deliverHandBacks(epoll: epoll)
            let now = Self.now()
            if let paused = acceptsPausedUntil, now >= paused, drainDeadline == nil {
                acceptsPausedUntil = nil
                try? epoll.add(listener.fd, readable: true)
            }
            if now - lastSweep >= 100_000_000 {
                lastSweep = now
                sweep(now: now, epoll: epoll)
            }
        }
        // A connection a worker still owns (past the drain timeout) keeps its descriptor: closing
        // it under the worker could let a new socket reuse the number it is about to write to.
        for connection in Array(connections.values) where owned(connection) != .handling { close(connection) }
    }

    /// The connection's state, read under the lock (workers hand connections back under it).
    private func owned(_ connection: HTTPConnection) -> HTTPConnection.State {
        lock.lock()
        defer { lock.unlock() }
        return connection.state
    }

    private func acceptAll(_ listener: Socket, epoll: Epoll) {
        while true {
            let accepted: (Socket, peer: UInt32)?
            do {
                accepted = try listener.acceptNonBlocking()
            } catch let error as SocketError where error.errno == EMFILE || error.errno == ENFILE {
                // Out of descriptors: pending clients wait in the backlog until some close.
                epoll.remove(listener.fd)
                acceptsPausedUntil = Self.now() + 50_000_000
                return
            } catch {
                return
            }
            guard let (socket, peer) = accepted else { return }
            let total = connectionCount
            if total >= configuration.maxConnections || perClient[peer, default: 0] >= configuration.maxConnectionsPerClient {
                let error = HTTPError(
                    .serviceUnavailable, code: "too_many_connections",
                    message: total >= configuration.maxConnections
                        ? "the server is at its limit of \(configuration.maxConnections) connections"
                        : "this client is at its limit of \(configuration.maxConnectionsPerClient) connections",
                    headers: [("Retry-After", "1")])
                _ = try? socket.sendNonBlocking(
                    ResponseWriter.serialize(HTTPResponse(error: error), keepAlive: false, headOnly: false), from: 0)
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
            guard (try? epoll.add(socket.fd, readable: true, oneShot: true)) != nil else {
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
        // Read only what the request being received can still use: its head, then its declared
        // body. What a client pipelines beyond it stays in the kernel's buffer until this request
        // is served, so a connection holds at most one request's bytes (counted by the budget).
        let wanted = readLimit(connection)
        while received < 1 << 20 && connection.buffer.count < wanted {
            do {
                guard
                    let count = try connection.socket.receiveNonBlocking(
                        into: &connection.buffer, scratch: &scratch, maximum: wanted - connection.buffer.count)
                else { break }
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
            setDeadline(connection, Self.now() + Self.nanoseconds(configuration.requestTimeoutSeconds))
        }
        parse(connection, epoll: epoll)
    }

    /// How many bytes the connection's buffer may hold: the head (up to its limit) while it
    /// arrives, then the head and the declared body (or the body limit, chunked); nothing of a
    /// pipelined request beyond it is read until this one is served.
    private func readLimit(_ connection: HTTPConnection) -> Int {
        // A few bytes past the head's limit, so a head too large is seen as such (431).
        let headLimit = configuration.maxHeaderBytes + 8
        guard connection.progress.head != nil else { return headLimit }
        // A chunked body's framing counts toward the body limit; its trailers toward the head's.
        let body = connection.progress.chunked == nil ? connection.progress.contentLength : configuration.maxBodyBytes + headLimit
        return connection.progress.bodyStart + body
    }

    private func setDeadline(_ connection: HTTPConnection, _ deadline: UInt64) {
        lock.lock()
        connection.deadline = deadline
        lock.unlock()
    }

    /// Parses what is buffered (loop thread): a complete request goes to a worker with the socket
    /// (or is answered here when `loopResponder` answers it, and parsing goes on with what the
    /// client pipelined); an incomplete one waits for more bytes; a malformed one is refused.
    private func parse(_ connection: HTTPConnection, epoll: Epoll) {
        var answeredHere = 0
        while true {
            switch step(connection) {
            case .request(let request):
                // A few pipelined probes are answered here; a long run of them goes to a worker,
                // so one connection cannot keep the loop from everyone else.
                if answeredHere < 16, let response = loopResponder?(request) {
                    answeredHere += 1
                    guard answerOnLoop(request, with: response, on: connection, epoll: epoll) else { return }
                    continue
                }
                lock.lock()
                connection.state = .handling
                lock.unlock()
                let keepAlive = request.keepAlive && !isStopping
                let queued = Self.now()
                let accepted = workers?.submit(client: connection.peer) { [self] in
                    serve(request, keepAlive: keepAlive, queuedAt: queued, on: connection, epoll: epoll)
                }
                if accepted == false {
                    lock.lock()
                    connection.state = .reading
                    lock.unlock()
                    reject(
                        connection,
                        HTTPError(
                            .serviceUnavailable, code: "server_busy",
                            message: "this client has too many requests waiting for a worker; retry shortly",
                            headers: [("Retry-After", "1")]), epoll: epoll)
                }
            case .needMore:
                epoll.rearm(connection.socket.fd, readable: true, writable: false)
            case .refuse(let error):
                reject(connection, error, epoll: epoll)
            case .close:
                close(connection)
            }
            return
        }
    }

    /// Writes a response made on the loop. True when it is out and the next pipelined request is
    /// already buffered (parse on); false when the connection waits (to read or finish writing) or closed.
    private func answerOnLoop(_ request: HTTPRequest, with response: HTTPResponse, on connection: HTTPConnection, epoll: Epoll) -> Bool {
        releaseBody(of: connection)
        let keepAlive = request.keepAlive && !isStopping
        let bytes = ResponseWriter.serialize(response, keepAlive: keepAlive, headOnly: request.method == "HEAD")
        // A probe's path is its route's template (the loop answers fixed paths only).
        var labeled = request
        labeled.routeTemplate = request.path
        onResponse?(labeled, response.status, 0)
        connection.servedAny = true
        let written: Int
        do {
            written = try connection.socket.sendNonBlocking(bytes, from: 0)
        } catch {
            close(connection)
            return false
        }
        if written < bytes.count {
            connection.output = bytes
            connection.outputOffset = written
            connection.closeAfterWrite = !keepAlive
            lock.lock()
            connection.state = .writing
            connection.deadline = Self.now() + Self.nanoseconds(configuration.sendTimeoutSeconds)
            lock.unlock()
            epoll.rearm(connection.socket.fd, readable: false, writable: true)
            return false
        }
        guard keepAlive else {
            close(connection)
            return false
        }
        let limit = connection.buffer.isEmpty ? configuration.idleTimeoutSeconds : configuration.requestTimeoutSeconds
        setDeadline(connection, Self.now() + Self.nanoseconds(limit))
        if connection.buffer.isEmpty {
            epoll.rearm(connection.socket.fd, readable: true, writable: false)
            return false
        }
        return true
    }

    /// What the buffered bytes make.
    enum Step {
        case request(HTTPRequest)
        case needMore
        case refuse(HTTPError)
        case close
    }

    /// Parses the connection's buffer once (whichever thread owns the connection).
    func step(_ connection: HTTPConnection) -> Step {
        do {
            let outcome = try parser.parse(connection.buffer, progress: &connection.progress) { head, bodyBytes in
                try self.admit(head, bodyBytes: bodyBytes, on: connection)
            }
            switch outcome {
            case .complete(let request, let consumed):
                // A fresh array of what is left: the request's bytes (a body may have been 1 MiB)
                // are not kept as capacity while the connection idles.
                connection.buffer = Array(connection.buffer[consumed...])
                connection.sentContinue = false
                return .request(request)
            case .incomplete(let expectsContinue):
                if expectsContinue && !connection.sentContinue {
                    connection.sentContinue = true
                    _ = try? connection.socket.sendNonBlocking(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), from: 0)
                }
                return .needMore
            }
        } catch let error as HTTPError {
            return .refuse(error)
        } catch {
            return .close
        }
    }

    /// On a worker, owning the socket: runs the handler, writes the response, and goes on with
    /// the next request while one is already buffered or readable; then hands the socket back.
    private func serve(
        _ first: HTTPRequest, keepAlive firstKeepAlive: Bool, queuedAt: UInt64, on connection: HTTPConnection, epoll: Epoll
    ) {
        var request = first
        var keepAlive = firstKeepAlive
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        // A request that waited in its client's line past the request timeout is not run: its
        // client has most likely given up, and a write nobody waits for should not happen unseen.
        var waitedTooLong = Self.now() - queuedAt > Self.nanoseconds(configuration.requestTimeoutSeconds)
        while true {
            connection.writeLock.withLock {
                connection.handlerDeadline = Self.now() + Self.nanoseconds(configuration.handlerTimeoutSeconds)
            }
            let bytes: [UInt8]
            if waitedTooLong {
                waitedTooLong = false
                keepAlive = false
                let refusal = HTTPError(
                    .serviceUnavailable, code: "server_busy", message: "the request waited too long for a worker; retry shortly",
                    headers: [("Retry-After", "1")])
                bytes = ResponseWriter.serialize(HTTPResponse(error: refusal), keepAlive: false, headOnly: false)
                onRejected?(refusal.status)
            } else {
                bytes = answer(request, keepAlive: keepAlive)
            }
            releaseBody(of: connection)
            connection.servedAny = true
            // Written unless the loop already answered 504 for a handler past its deadline.
            connection.writeLock.lock()
            connection.handlerDeadline = .max
            if connection.abandoned {
                connection.writeLock.unlock()
                return handBack(connection, .close, epoll: epoll)
            }
            let written: Int
            do {
                written = try connection.socket.sendNonBlocking(bytes, from: 0)
            } catch {
                connection.writeLock.unlock()
                return handBack(connection, .close, epoll: epoll)
            }
            connection.writeLock.unlock()
            if written < bytes.count {
                connection.output = bytes
                connection.outputOffset = written
                connection.closeAfterWrite = !keepAlive
                return handBack(connection, .writing, epoll: epoll)
            }
            guard keepAlive else { return handBack(connection, .close, epoll: epoll) }
            if connection.buffer.isEmpty {
                // Read on only if the client already sent more; otherwise the loop waits for it.
                let received: Int?
                do {
                    received = try connection.socket.receiveNonBlocking(into: &connection.buffer, scratch: &scratch)
                } catch {
                    return handBack(connection, .close, epoll: epoll)
                }
                guard let received else { return handBack(connection, .reading, epoll: epoll) }
                if received == 0 { return handBack(connection, .close, epoll: epoll) }
            }
            switch step(connection) {
            case .request(let next):
                request = next
                keepAlive = next.keepAlive && !isStopping
            case .needMore:
                return handBack(connection, .reading, epoll: epoll)
            case .refuse(let error):
                return handBack(connection, .refuse(error), epoll: epoll)
            case .close:
                return handBack(connection, .close, epoll: epoll)
            }
        }
    }

    /// How a worker returns a socket to the loop.
    enum HandBack {
        case reading
        case writing
        case close
        case refuse(HTTPError)
    }

    /// Hands the socket back: waiting for a request or draining a slow write goes straight back to
    /// epoll; closing and refusing are queued for the loop (which owns the connection table).
    private func handBack(_ connection: HTTPConnection, _ kind: HandBack, epoll: Epoll) {
        let now = Self.now()
        switch kind {
        case .reading:
            let limit = connection.buffer.isEmpty ? configuration.idleTimeoutSeconds : configuration.requestTimeoutSeconds
            lock.lock()
            connection.state = .reading
            connection.deadline = now + Self.nanoseconds(limit)
            lock.unlock()
            epoll.rearm(connection.socket.fd, readable: true, writable: false)
        case .writing:
            lock.lock()
            connection.state = .writing
            connection.deadline = now + Self.nanoseconds(configuration.sendTimeoutSeconds)
            lock.unlock()
            epoll.rearm(connection.socket.fd, readable: false, writable: true)
        case .close, .refuse:
            lock.lock()
            handBacks.append((connection, kind))
            lock.unlock()
            epoll.wake()
        }
    }

    private func deliverHandBacks(epoll: Epoll) {
        lock.lock()
        let ready = handBacks
        handBacks.removeAll(keepingCapacity: true)
        lock.unlock()
        for (connection, kind) in ready {
            lock.lock()
            connection.state = .reading
            lock.unlock()
            if case .refuse(let error) = kind { reject(connection, error, epoll: epoll) } else { close(connection) }
        }
    }

    /// Runs the handler on a worker thread and serializes its response.
    private func answer(_ request: HTTPRequest, keepAlive: Bool) -> [UInt8] {
        let started = DispatchTime.now().uptimeNanoseconds
        let response = responder.answer(request, onHandlerError: onHandlerError)
        let bytes = ResponseWriter.serialize(response, keepAlive: keepAlive, headOnly: request.method == "HEAD")
        onResponse?(request, response.status, Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
        return bytes
    }

    /// Writes what the socket takes of a pending response (loop thread); when it is out, waits
    /// for the next request (pipelined bytes first) or closes.
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
                setDeadline(connection, Self.now() + Self.nanoseconds(configuration.sendTimeoutSeconds))
            }
            epoll.rearm(connection.socket.fd, readable: false, writable: true)
            return
        }
        connection.output = []
        if connection.closeAfterWrite {
            if connection.drainAfterWrite {
                startDraining(connection, epoll: epoll)
            } else {
                close(connection)
            }
            return
        }
        let limit = connection.buffer.isEmpty ? configuration.idleTimeoutSeconds : configuration.requestTimeoutSeconds
        lock.lock()
        connection.state = .reading
        connection.deadline = Self.now() + Self.nanoseconds(limit)
        lock.unlock()
        if connection.buffer.isEmpty {
            epoll.rearm(connection.socket.fd, readable: true, writable: false)
        } else {
            parse(connection, epoll: epoll)
        }
    }

    /// Answers a request that never reached a handler (malformed, too large, too slow) and
    /// closes the connection once the answer is out.
    private func reject(_ connection: HTTPConnection, _ error: HTTPError, epoll: Epoll) {
        var response = HTTPResponse(error: error)
        response.headers["Connection"] = "close"
        connection.output = ResponseWriter.serialize(response, keepAlive: false, headOnly: false)
        connection.outputOffset = 0
        connection.closeAfterWrite = true
        // A client refused before its body was read may still be sending it: read it off after
        // the answer (a slow client refused at its deadline is simply closed).
        connection.drainAfterWrite = error.status != .requestTimeout
        connection.buffer = []
        releaseBody(of: connection)
        lock.lock()
        connection.state = .writing
        connection.deadline = Self.now() + Self.nanoseconds(configuration.sendTimeoutSeconds)
        lock.unlock()
        onRejected?(error.status)
        flush(connection, epoll: epoll)
    }

    /// Enforces deadlines: an idle keep-alive connection closes, a request too slow to arrive is
    /// answered 408, a response the client does not read is abandoned. Connections a worker owns
    /// are left alone.
    private func sweep(now: UInt64, epoll: Epoll) {
        lock.lock()
        let expired = connections.values.filter { $0.state != .handling && $0.deadline < now }.map { ($0, $0.state) }
        let handling = connections.values.filter { $0.state == .handling }
        lock.unlock()
        for connection in handling { abandonIfOverdue(connection, now: now) }
        for (connection, state) in expired {
            switch state {
            case .reading:
                if connection.isIdle {
                    close(connection)
                } else {
                    reject(
                        connection,
                        HTTPError(
                            .requestTimeout, code: "request_timeout",
                            message: "the request did not arrive within \(configuration.requestTimeoutSeconds) s"), epoll: epoll)
                }
            case .writing, .draining:
                close(connection)
            case .handling:
                continue
            }
        }
    }

    func close(_ connection: HTTPConnection) {
        let fd = connection.socket.fd
        guard connections[fd] === connection else { return }
        releaseBody(of: connection)
        epoll?.remove(fd)
        connections[fd] = nil
        let remaining = (perClient[connection.peer] ?? 1) - 1
        perClient[connection.peer] = remaining > 0 ? remaining : nil
        // Counted out before the peer can see the end of the stream.
        lock.lock()
        openCount -= 1
        lock.unlock()
        connection.socket.close()
    }
}
