import Foundation

/// One client connection (RFC 6455) over a blocking TCP stream: the opening handshake, masked
/// frames out, messages in. A ping is answered with a pong as it arrives; a close from the server
/// is answered and reported; any protocol violation closes with its code and throws.
public final class WebSocketConnection: @unchecked Sendable {
    // Safe because `parser` and `assembler` are touched only by the one thread reading
    // (`receive`); `closed` only ever turns true (a `close` from another thread also shuts the
    // stream, which wakes the reader); sends go through the stream's own lock.
    let stream: TCPStream
    private var parser: WebSocketFrameParser
    private var assembler: WebSocketMessageAssembler
    private var closed = false

    /// Connects to `url` (`ws://host:port/path`) and completes the handshake within `timeout`.
    public init(url: String, timeout: Double = 10, maxFrameSize: Int = 1 << 20, maxMessageSize: Int = 4 << 20) throws {
        guard let parts = URLComponents(string: url), parts.scheme == "ws", let host = parts.host else {
            throw WebSocketProtocolError(.protocolError, "not a ws:// URL: \(url)")
        }
        let port = parts.port ?? 80
        stream = try TCPStream(host: host, port: port, timeout: timeout)
        parser = WebSocketFrameParser(role: .client, maxFrameSize: maxFrameSize)
        assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageSize)
        let key = WebSocketHandshake.randomKey()
        let path = (parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath) + (parts.percentEncodedQuery.map { "?" + $0 } ?? "")
        try stream.send(WebSocketHandshake.request(host: port == 80 ? host : "\(host):\(port)", path: path, key: key))
        var head: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            guard let chunk = try stream.receive(timeout: deadline.timeIntervalSinceNow), !chunk.isEmpty else {
                throw WebSocketProtocolError(.protocolError, "no handshake answer")
            }
            head += chunk
            if let end = Self.endOfHead(head) {
                let (status, headers) = try Self.parseHead(Array(head[..<end]))
                try WebSocketHandshake.validate(status: status, headers: headers, key: key)
                parser.append(head[(end + 4)...])
                return
            }
            guard head.count < 16_384 else { throw WebSocketProtocolError(.protocolError, "a handshake answer over 16 KiB") }
        }
    }

    static func endOfHead(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    static func parseHead(_ bytes: [UInt8]) throws -> (Int, [String: String]) {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let status = lines.first?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return (status, headers)
    }

    /// Sends a text message (one masked frame).
    public func send(text: String) throws { try send(WebSocketFrame(opcode: .text, payload: Array(text.utf8))) }

    public func send(_ frame: WebSocketFrame) throws {
        var generator = SystemRandomNumberGenerator()
        try stream.send(frame.encoded(mask: (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) }))
    }

    /// The next message, or nil when none came within `timeout` seconds. Pings are answered here
    /// and not returned. A close is answered and returned; after it, or when the connection drops
    /// (`.close(.abnormal, …)`), the connection is done.
    public func receive(timeout: Double) throws -> WebSocketMessage? {
        let deadline = Date().addingTimeInterval(timeout)
        while !closed {
            do {
                while let frame = try parser.next() {
                    guard let message = try assembler.push(frame) else { continue }
                    switch message {
                    case .ping(let payload):
                        try send(WebSocketFrame(opcode: .pong, payload: payload))
                    case .close(let code, _):
                        closed = true
                        try? send(.close(code ?? .normal))
                        stream.close()
                        return message
                    default:
                        return message
                    }
                }
            } catch let error as WebSocketProtocolError {
                closed = true
                try? send(.close(error.code, reason: error.reason))
                stream.close()
                throw error
            }
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { return nil }
            guard let bytes = try stream.receive(timeout: left) else { return nil }
            if bytes.isEmpty {
                closed = true
                stream.close()
                return .close(.abnormal, "the connection dropped without a close frame")
            }
            parser.append(bytes)
        }
        return .close(.abnormal, "the connection is closed")
    }

    /// Starts the closing handshake (§7.1.2) and ends the connection.
    public func close(_ code: WebSocketCloseCode = .normal, reason: String = "") {
        guard !closed else { return }
        closed = true
        try? send(.close(code, reason: reason))
        stream.close()
    }
}
