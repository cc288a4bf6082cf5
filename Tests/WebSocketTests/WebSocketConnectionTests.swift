import Foundation
import Testing
import WebSocket

/// The client over a real socket against a scripted server: masked frames out, fragments joined,
/// pings answered, the closing handshake, and every hostile frame closing with its code.
@Suite("WebSocket connection")
struct WebSocketConnectionTests {
    @Test func messagesRoundTrip_fragmentsJoin_andPingsAreAnswered() throws {
        let server = try ScriptedServer { peer in
            // The client's frame arrives masked (the server-side parser refuses anything else).
            guard let frame = try peer.frame(), frame.opcode == .text else { throw ScriptError("no text frame") }
            let echo = frame.payload
            peer.send(WebSocketFrame(fin: false, opcode: .text, payload: Array(echo.prefix(3))))
            peer.send(WebSocketFrame(opcode: .ping, payload: Array("tick".utf8)))
            peer.send(WebSocketFrame(opcode: .continuation, payload: Array(echo.dropFirst(3))))
            guard let pong = try peer.frame(), pong.opcode == .pong, pong.payload == Array("tick".utf8) else {
                throw ScriptError("no pong with the ping's payload")
            }
            peer.send(.close(.normal, reason: "done"))
            guard let reply = try peer.frame(), reply.opcode == .close, reply.payload.prefix(2) == [0x03, 0xE8] else {
                throw ScriptError("the client did not answer the close")
            }
        }
        let connection = try WebSocketConnection(url: server.url)
        try connection.send(text: #"{"assets_ids":["1"],"type":"market"}"#)
        #expect(try connection.receive(timeout: 5) == .text(#"{"assets_ids":["1"],"type":"market"}"#))
        #expect(try connection.receive(timeout: 5) == .close(.normal, "done"))
        #expect(server.result() == nil)
    }

    @Test func hostileFrames_closeTheConnectionWithTheirCode() throws {
        let cases: [(String, [UInt8], WebSocketCloseCode)] = [
            ("masked by the server", [0x81, 0x81, 1, 2, 3, 4, 0x40], .protocolError),
            ("oversized", WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 2_000)).encoded(), .messageTooBig),
            ("bad UTF-8", [0x81, 0x02, 0xC3, 0x28], .invalidPayload),
            ("reserved bits", [0xF1, 0x00], .protocolError),
        ]
        for (name, bytes, code) in cases {
            let server = try ScriptedServer { peer in
                peer.send(bytes)
                guard let reply = try peer.frame(), reply.opcode == .close,
                    reply.payload.count >= 2, UInt16(reply.payload[0]) << 8 | UInt16(reply.payload[1]) == code.rawValue
                else { throw ScriptError("\(name): no close with \(code)") }
            }
            let connection = try WebSocketConnection(url: server.url, maxFrameSize: 1_024)
            let error = #expect(throws: WebSocketProtocolError.self) { _ = try connection.receive(timeout: 5) }
            #expect(error?.code == code, "\(name)")
            #expect(server.result() == nil, "\(name)")
        }
    }

    @Test func anAbruptDrop_aSilentServer_andAWrongHandshake_areReported() throws {
        let dropping = try ScriptedServer { peer in peer.drop() }
        let dropped = try WebSocketConnection(url: dropping.url)
        #expect(try dropped.receive(timeout: 5) == .close(.abnormal, "the connection dropped without a close frame"))
        _ = dropping.result()

        let silent = try ScriptedServer { peer in _ = try peer.frame() }
        let waiting = try WebSocketConnection(url: silent.url)
        let started = Date()
        #expect(try waiting.receive(timeout: 0.3) == nil, "nothing within the timeout")
        #expect(Date().timeIntervalSince(started) >= 0.25)
        waiting.close(.goingAway)
        _ = silent.result()

        let lying = try ScriptedServer(wrongAccept: true) { _ in }
        #expect(throws: WebSocketProtocolError.self) { _ = try WebSocketConnection(url: lying.url) }
        _ = lying.result()
        #expect(throws: WebSocketProtocolError.self) { _ = try WebSocketConnection(url: "http://127.0.0.1:1/") }
    }
}

struct ScriptError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
