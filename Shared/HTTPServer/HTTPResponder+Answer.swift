extension HTTPResponder {
    /// The response to `request`, whatever the responder throws: an `HTTPError` becomes its JSON
    /// error body, anything else a 500 `internal_error` (after `onHandlerError` saw it). The
    /// server answers every request through this; in-process tests call it directly.
    public func answer(_ request: HTTPRequest, onHandlerError: ((HTTPRequest, any Error) -> Void)? = nil) -> HTTPResponse {
        do {
            return try respond(to: request)
        } catch let error as HTTPError {
            return HTTPResponse(error: error)
        } catch {
            onHandlerError?(request, error)
            return HTTPResponse(error: HTTPError(.internalServerError, code: "internal_error", message: "the request failed: \(error)"))
        }
    }
}
