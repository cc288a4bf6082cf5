import Foundation

extension HTTPResponder {
    /// The response to `request`, whatever the responder throws: an `HTTPError` becomes its JSON
    /// error body, anything else a 500 `internal_error` naming only a request id; the error itself
    /// goes to `onHandlerError` with that id (for the log), never to the client. The server
    /// answers every request through this; in-process tests call it directly.
    public func answer(_ request: HTTPRequest, onHandlerError: ((HTTPRequest, any Error, String) -> Void)? = nil) -> HTTPResponse {
        do {
            return try respond(to: request)
        } catch let error as HTTPError {
            return HTTPResponse(error: error)
        } catch {
            let requestID = "req-" + UUID().uuidString.prefix(13).lowercased()
            onHandlerError?(request, error, requestID)
            return HTTPResponse(
                error: HTTPError(
                    .internalServerError, code: "internal_error",
                    message: "the request failed inside the service (request id \(requestID); its log has the cause)",
                    headers: [("X-Request-Id", requestID)]))
        }
    }
}
