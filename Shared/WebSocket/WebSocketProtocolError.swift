/// A peer broke the protocol: the connection is closed with `code` (RFC 6455 §7.1.7).
public struct WebSocketProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: WebSocketCloseCode
    public let reason: String

    public init(_ code: WebSocketCloseCode, _ reason: String) {
        self.code = code
        self.reason = reason
    }

    public var description: String { "websocket \(code): \(reason)" }
}
