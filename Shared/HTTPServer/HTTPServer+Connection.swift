import Foundation

extension HTTPServer {
    /// Serves one connection until it closes, times out, or the server stops.
    func serve(_ socket: Socket) {
        var buffer: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        var sentContinue = false
        let slice: Int32 = 200  // ms between checks of the stop flag while waiting
        while true {
            // Answer every complete request already buffered (pipelining), in order.
            do {
                switch try parser.parse(buffer) {
                case .complete(let request, let consumed):
                    buffer.removeFirst(consumed)
                    sentContinue = false
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
                var response = HTTPResponse(error: error)
                response.headers["Connection"] = "close"
                try? socket.send(ResponseWriter.serialize(response, keepAlive: false, headOnly: false))
                return
            } catch {
                return
            }

            // Wait for more bytes: idle between requests, bounded while a request is arriving.
            let waitingForRequest = buffer.isEmpty
            let limit = waitingForRequest ? configuration.idleTimeoutSeconds : configuration.requestTimeoutSeconds
            let deadline = Date().addingTimeInterval(limit)
            var readable = false
            while !readable {
                if waitingForRequest && isStopping { return }
                let remaining = deadline.timeIntervalSinceNow
                if remaining <= 0 { break }
                readable = socket.waitReadable(milliseconds: min(slice, Int32(remaining * 1000) + 1))
            }
            guard readable else {
                if !waitingForRequest {
                    let error = HTTPError(.requestTimeout, code: "request_timeout",
                        message: "the request did not arrive within \(configuration.requestTimeoutSeconds) s")
                    try? socket.send(ResponseWriter.serialize(HTTPResponse(error: error), keepAlive: false, headOnly: false))
                }
                return
            }
            guard let count = try? socket.receive(into: &buffer, scratch: &scratch), count > 0 else { return }
        }
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
