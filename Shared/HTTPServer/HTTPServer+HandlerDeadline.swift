import Foundation

/// A handler that runs past `handlerTimeoutSeconds`: the loop answers its client 504 and shuts
/// the connection's write side, while the worker, which still owns the socket, finds the
/// connection abandoned when it comes to write, drops its answer and hands the socket back to be
/// closed. The thread cannot be stopped; the client is not kept waiting on it. Both sides decide
/// under the connection's `writeLock`, so exactly one answer is written, and never after the
/// handler's own (its deadline is cleared in the same critical section as its write).
extension HTTPServer {
    func abandonIfOverdue(_ connection: HTTPConnection, now: UInt64) {
        connection.writeLock.lock()
        defer { connection.writeLock.unlock() }
        guard !connection.abandoned, connection.handlerDeadline < now else { return }
        connection.abandoned = true
        connection.handlerDeadline = .max
        let error = HTTPError(
            .gatewayTimeout, code: "handler_timeout",
            message: "the request ran past the service's \(Int(configuration.handlerTimeoutSeconds)) s deadline; its work may still finish")
        var response = HTTPResponse(error: error)
        response.headers["Connection"] = "close"
        _ = try? connection.socket.sendNonBlocking(ResponseWriter.serialize(response, keepAlive: false, headOnly: false), from: 0)
        connection.socket.shutdownWrite()
        onRejected?(error.status)
    }
}
