/// A whole message, its fragments joined, or a control frame's meaning.
public enum WebSocketMessage: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
    case ping([UInt8])
    case pong([UInt8])
    /// The peer's close: its status code (nil when it sent none) and reason.
    case close(WebSocketCloseCode?, String)
}
