/// Reads frames from a byte stream as it arrives, refusing what RFC 6455 forbids: reserved bits
/// (no extension is negotiated), unknown opcodes, non-minimal lengths, fragmented or long control
/// frames, the wrong masking for the side reading (a server masks nothing, a client everything,
/// §5.1) and frames beyond `maxFrameSize`.
public struct WebSocketFrameParser: Sendable {
    /// The side that reads.
    public enum Role: Sendable {
        /// Reads a server's frames, which must not be masked.
        case client
        /// Reads a client's frames, which must be masked.
        case server
    }

    public let role: Role
    public let maxFrameSize: Int
    private var buffer: [UInt8] = []
    private var start = 0

    public init(role: Role, maxFrameSize: Int = 1 << 20) {
        self.role = role
        self.maxFrameSize = maxFrameSize
    }

    /// Bytes received and not yet parsed.
    public var buffered: Int { buffer.count - start }

    public mutating func append(_ bytes: some Collection<UInt8>) {
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// The next whole frame, or nil until more bytes arrive.
    public mutating func next() throws -> WebSocketFrame? {
        let available = buffer.count - start
        guard available >= 2 else { return nil }
        let first = buffer[start], second = buffer[start + 1]
        guard first & 0x70 == 0 else { throw WebSocketProtocolError(.protocolError, "reserved bits set without an extension") }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else {
            throw WebSocketProtocolError(.protocolError, "unknown opcode \(first & 0x0F)")
        }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        switch (role, masked) {
        case (.client, true): throw WebSocketProtocolError(.protocolError, "a server must not mask its frames")
        case (.server, false): throw WebSocketProtocolError(.protocolError, "a client must mask its frames")
        default: break
        }
        var header = 2
        var length = UInt64(second & 0x7F)
        if length == 126 {
            guard available >= 4 else { return nil }
            length = UInt64(buffer[start + 2]) << 8 | UInt64(buffer[start + 3])
            guard length >= 126 else { throw WebSocketProtocolError(.protocolError, "a length under 126 sent in 16 bits") }
            header = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            length = (2..<10).reduce(UInt64(0)) { $0 << 8 | UInt64(buffer[start + $1]) }
            guard length >> 63 == 0 else { throw WebSocketProtocolError(.protocolError, "a 64-bit length with its top bit set") }
            guard length >= 65_536 else { throw WebSocketProtocolError(.protocolError, "a length under 65,536 sent in 64 bits") }
            header = 10
        }
        if opcode.isControl {
            guard fin else { throw WebSocketProtocolError(.protocolError, "a fragmented control frame") }
            guard length <= 125 else { throw WebSocketProtocolError(.protocolError, "a control frame over 125 bytes") }
        }
        guard length <= UInt64(maxFrameSize) else {
            throw WebSocketProtocolError(.messageTooBig, "a frame of \(length) bytes, over \(maxFrameSize)")
        }
        let maskLength = masked ? 4 : 0
        let total = header + maskLength + Int(length)
        guard available >= total else { return nil }
        var payload = Array(buffer[(start + header + maskLength)..<(start + total)])
        if masked {
            let key = buffer[(start + header)..<(start + header + 4)].map { $0 }
            for index in payload.indices { payload[index] ^= key[index & 3] }
        }
        start += total
        return WebSocketFrame(fin: fin, opcode: opcode, payload: payload)
    }
}
