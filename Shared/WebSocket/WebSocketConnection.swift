import Foundation

/// One connection (RFC 6455) over a blocking TCP stream, either side: a client's (handshake
/// sent, masked frames out) or a server's (handshake answered, unmasked frames out). Messages
/// come in whole; a ping is answered with a pong as it arrives; a close from the peer is answered
/// and reported; any protocol violation closes with its code and throws.
public final class WebSocketConnection: @unchecked Sendable {
    // Safe because `parser` and `assembler` are touched only by the one thread reading
    // (`receive`); `closed` only ever turns true (a `close` from another thread also shuts the
    // stream, which wakes the reader); sends go through the stream's own lock.
    let stream: any ByteStream
    let role: WebSocketFrameParser.Role
    private var parser: WebSocketFrameParser
    private var assembler: WebSocketMessageAssembler
    private var closed = false

    /// Connects to `url` (`ws://host:port/path`, or `wss://` over TLS verified against the system's
    /// trust store or `caFile`) and completes the handshake within `timeout`.
    public init(
        url: String, timeout: Double = 10, maxFrameSize: Int = 1 << 20, maxMessageSize: Int = 4 << 20, caFile: String? = nil
    ) throws {
        guard let parts = URLComponents(string: url), parts.scheme == "ws" || parts.scheme == "wss", let host = parts.host else {
            throw WebSocketProtocolError(.protocolError, "not a ws:// or wss:// URL: \(url)")
        }
        let secure = parts.scheme == "wss"
        let defaultPort = secure ? 443 : 80
        let port = parts.port ?? defaultPort
        let tcp = try TCPStream(host: host, port: port, timeout: timeout)
        stream = secure ? try TLSStream(client: tcp, host: host, caFile: caFile, timeout: timeout) : tcp
        role = .client
        parser = WebSocketFrameParser(role: .client, maxFrameSize: maxFrameSize)
        assembler = WebSocketMessageAssembler(maxMessageSize: maxMessageSize)
        let key = WebSocketHandshake.randomKey()
        let path = (parts.percentEncodedPath.isEmpty ? "/" : parts.percentEncodedPath) + (parts.percentEncodedQuery.map { "?" + $0 } ?? "")
        try stream.send(WebSocketHandshake.request(host: port == defaultPort ? host : "\(host):\(port)", path: path, key: key))
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

    /// The server side of an accepted connection: reads the upgrade request and answers 101 when
    /// it asks for `path` with a key and version 13, else 404 or 400 and throws.
    public init(accepting stream: any ByteStream, path: String, timeout: Double = 10, maxFrameSize: Int = 1 << 20) throws {
        self.stream = stream
        role = .server
        parser = WebSocketFrameParser(role: .server, maxFrameSize: maxFrameSize)
        assembler = WebSocketMessageAssembler(maxMessageSize: maxFrameSize)
        var head: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var end: Int?
        while end == nil {
            guard head.count < 16_384, let chunk = try stream.receive(timeout: deadline.timeIntervalSinceNow), !chunk.isEmpty else {
                throw WebSocketProtocolError(.protocolError, "no upgrade request")
            }
            head += chunk
            end = Self.endOfHead(head)
        }
        let lines = String(decoding: head[..<end!], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        let (_, headers) = try Self.parseHead(Array(head[..<end!]))
        func refuse(_ status: String, _ message: String) throws -> Never {
            let body = #"{"error":"\#(message)"}"#
            try? stream.send(
                Array(
                    "HTTP/1.1 \(status)\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
                        .utf8))
            stream.close()
            throw WebSocketProtocolError(.protocolError, message)
        }
        guard requestLine.count == 3, requestLine[0] == "GET" else { try refuse("400 Bad Request", "not a GET request") }
        guard requestLine[1].split(separator: "?").first.map(String.init) == path else { try refuse("404 Not Found", "no such channel") }
        guard headers["upgrade"]?.lowercased() == "websocket", let key = headers["sec-websocket-key"], !key.isEmpty,
            headers["sec-websocket-version"] == "13"
        else { try refuse("400 Bad Request", "not a WebSocket upgrade (version 13, with a key)") }
        try stream.send(
            Array(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: \(WebSocketHandshake.accept(key: key))\r\n\r\n"
                    .utf8))
        parser.append(head[(end! + 4)...])
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

    /// Sends one frame: masked with a fresh key from a client, unmasked from a server (§5.1).
    public func send(_ frame: WebSocketFrame) throws {
        guard role == .client else { return try stream.send(frame.encoded()) }
        var generator = SystemRandomNumberGenerator()
        try stream.send(frame.encoded(mask: (0..<4).map { _ in UInt8.random(in: 0...255, using: &generator) }))
    }

    /// Ends the connection without a closing handshake (a dropped connection, for tests and the
    /// simulator's outage knob).
    public func drop() {
        closed = true
        stream.close()
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
