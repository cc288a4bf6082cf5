import Foundation

extension HTTPServer {
    /// Serves one connection until it closes, times out, or the server stops.
    func serve(_ socket: Socket) {
        var buffer: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        var progress = HTTPRequestParser.Progress()
        var sentContinue = false
        var servedAny = false
        // A request's deadline runs from its first byte (or, on a new connection, from the
        // connect) and never restarts, so a client trickling bytes is still answered 408.
        var requestDeadline: Date? = Date().addingTimeInterval(configuration.requestTimeoutSeconds)
        let slice: Int32 = 200  // ms between checks of the stop flag while waiting
        while true {
            // Answer every complete request already buffered (pipelining), in order.
            do {
                switch try parser.parse(buffer, progress: &progress) {
                case .complete(let request, let consumed):
                    buffer.removeFirst(consumed)
                    sentContinue = false
                    servedAny = true
                    requestDeadline = buffer.isEmpty ? nil : Date().addingTimeInterval(configuration.requestTimeoutSeconds)
                    let keepAlive = request.keepAlive && !isStopping
                    guard (try? answer(request, on: socket, keepAlive: keepAlive)) != nil, keepAlive else { return }
                    continue
                case .incomplete(let expectsContinue):
                    if expectsContinue && !sentContinue {
                        sentContinue = true
                        guard (try? socket.send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))) != nil else { return }
                    }
                }
            } catch let error as HTTPError {
                reject(socket, error)
                return
            } catch {
                return
            }

            // Wait for more bytes: idle between requests, bounded while a request is arriving.
            let waitingForRequest = buffer.isEmpty && servedAny
            let deadline = requestDeadline ?? Date().addingTimeInterval(configuration.idleTimeoutSeconds)
            var readable = false
            while !readable {
                if buffer.isEmpty && isStopping { return }
                let remaining = deadline.timeIntervalSinceNow
                if remaining <= 0 { break }
                readable = socket.waitReadable(milliseconds: min(slice, Int32(remaining * 1000) + 1))
            }
            guard readable else {
                if !waitingForRequest {
                    reject(socket, HTTPError(.requestTimeout, code: "request_timeout",
                        message: "the request did not arrive within \(configuration.requestTimeoutSeconds) s"))
                }
                return
            }
            guard let count = try? socket.receive(into: &buffer, scratch: &scratch), count > 0 else { return }
            if requestDeadline == nil { requestDeadline = Date().addingTimeInterval(configuration.requestTimeoutSeconds) }
        }
    }

    /// Answers a request that never reached a handler (malformed, too large, too slow) and
    /// counts it, then the caller closes the connection.
    func reject(_ socket: Socket, _ error: HTTPError) {
        var response = HTTPResponse(error: error)
        response.headers["Connection"] = "close"
        try? socket.send(ResponseWriter.serialize(response, keepAlive: false, headOnly: false))
        onRejected?(error.status)
    }

    private func answer(_ request: HTTPRequest, on socket: Socket, keepAlive: Bool) throws {
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
        try socket.send(ResponseWriter.serialize(response, keepAlive: keepAlive, headOnly: request.method == "HEAD"))
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        onResponse?(request, response.status, seconds)
    }
}

/// Turns a response into bytes on the wire.
enum ResponseWriter {
    static func serialize(_ response: HTTPResponse, keepAlive: Bool, headOnly: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status.code) \(response.status.reason)\r\n"
        for field in response.headers.storage where field.key != "content-length" && field.key != "connection" {
            head += "\(field.name): \(field.value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if !headOnly { bytes.append(contentsOf: response.body) }
        return bytes
    }
}
