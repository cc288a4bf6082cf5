/// One WebSocket frame (RFC 6455 §5.2), unmasked: masking happens on the wire only.
public struct WebSocketFrame: Sendable, Equatable {
    public var fin: Bool
    public var opcode: WebSocketOpcode
    public var payload: [UInt8]

    public init(fin: Bool = true, opcode: WebSocketOpcode, payload: [UInt8]) {
        self.fin = fin
        self.opcode = opcode
        self.payload = payload
    }

    /// The frame's bytes. A client masks every frame with a fresh `mask` key (§5.3); a server
    /// never masks (nil).
    public func encoded(mask: [UInt8]? = nil) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | opcode.rawValue]
        let maskBit: UInt8 = mask == nil ? 0 : 0x80
        switch payload.count {
        case ..<126:
            bytes.append(maskBit | UInt8(payload.count))
        case ..<65_536:
            bytes.append(maskBit | 126)
            bytes += [UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default:
            bytes.append(maskBit | 127)
            let length = UInt64(payload.count)
            bytes += (0..<8).reversed().map { UInt8((length >> (UInt64($0) * 8)) & 0xFF) }
        }
        guard let mask, mask.count == 4 else { return bytes + payload }
        bytes += mask
        bytes.reserveCapacity(bytes.count + payload.count)
        for (index, byte) in payload.enumerated() { bytes.append(byte ^ mask[index & 3]) }
        return bytes
    }

    /// A close frame with a status code and a reason (§5.5.1).
    public static func close(_ code: WebSocketCloseCode, reason: String = "") -> WebSocketFrame {
        let raw = code.rawValue
        let text = Array(reason.utf8.prefix(123))
        return WebSocketFrame(opcode: .close, payload: [UInt8(raw >> 8), UInt8(raw & 0xFF)] + text)
    }
}
