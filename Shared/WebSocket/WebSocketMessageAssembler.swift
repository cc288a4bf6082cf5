/// Joins data frames into messages (RFC 6455 §5.4): a message is a text or binary frame and the
/// continuation frames after it until one with FIN; control frames may come between fragments.
/// Refuses a continuation without a message, a new message inside one, text that is not UTF-8
/// (1007), messages beyond `maxMessageSize` (1009) and malformed close frames.
public struct WebSocketMessageAssembler: Sendable {
    public let maxMessageSize: Int
    private var opcode: WebSocketOpcode?
    private var pieces: [UInt8] = []

    public init(maxMessageSize: Int = 4 << 20) {
        self.maxMessageSize = maxMessageSize
    }

    /// The message `frame` completes, if any.
    public mutating func push(_ frame: WebSocketFrame) throws -> WebSocketMessage? {
        switch frame.opcode {
        case .ping: return .ping(frame.payload)
        case .pong: return .pong(frame.payload)
        case .close: return try Self.close(frame.payload)
        case .continuation:
            guard opcode != nil else { throw WebSocketProtocolError(.protocolError, "a continuation frame without a message") }
        case .text, .binary:
            guard opcode == nil else { throw WebSocketProtocolError(.protocolError, "a new message inside a fragmented one") }
            opcode = frame.opcode
        }
        guard pieces.count + frame.payload.count <= maxMessageSize else {
            throw WebSocketProtocolError(.messageTooBig, "a message over \(maxMessageSize) bytes")
        }
        pieces += frame.payload
        guard frame.fin, let kind = opcode else { return nil }
        let bytes = pieces
        pieces = []
        opcode = nil
        guard kind == .text else { return .binary(bytes) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw WebSocketProtocolError(.invalidPayload, "a text message that is not UTF-8")
        }
        return .text(text)
    }

    static func close(_ payload: [UInt8]) throws -> WebSocketMessage {
        guard !payload.isEmpty else { return .close(nil, "") }
        guard payload.count >= 2 else { throw WebSocketProtocolError(.protocolError, "a close frame with a one-byte status") }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isSendable else { throw WebSocketProtocolError(.protocolError, "close status \(code) may not be sent") }
        guard let reason = String(validating: payload.dropFirst(2), as: UTF8.self) else {
            throw WebSocketProtocolError(.invalidPayload, "a close reason that is not UTF-8")
        }
        return .close(code, reason)
    }
}
