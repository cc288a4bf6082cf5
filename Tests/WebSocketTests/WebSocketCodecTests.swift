import Foundation
import Testing
import WebSocket

/// Frames, messages and the handshake against RFC 6455's own examples (§1.3, §5.7) and the
/// hostile frames a client must refuse.
@Suite("WebSocket codec")
struct WebSocketCodecTests {
    let hello = Array("Hello".utf8)

    func frames(_ bytes: [UInt8], role: WebSocketFrameParser.Role = .client, maxFrameSize: Int = 1 << 20) throws -> [WebSocketFrame] {
        var parser = WebSocketFrameParser(role: role, maxFrameSize: maxFrameSize)
        parser.append(bytes)
        var result: [WebSocketFrame] = []
        while let frame = try parser.next() { result.append(frame) }
        return result
    }

    @Test func theRFCsExampleFrames_encodeAndDecode() throws {
        // §5.7: a single-frame unmasked text message, and the same masked with 37 fa 21 3d.
        let unmasked: [UInt8] = [0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]
        let masked: [UInt8] = [0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58]
        #expect(WebSocketFrame(opcode: .text, payload: hello).encoded() == unmasked)
        #expect(WebSocketFrame(opcode: .text, payload: hello).encoded(mask: [0x37, 0xfa, 0x21, 0x3d]) == masked)
        #expect(try frames(unmasked) == [WebSocketFrame(opcode: .text, payload: hello)])
        #expect(try frames(masked, role: .server) == [WebSocketFrame(opcode: .text, payload: hello)])
        // A 256-byte and a 65,536-byte binary frame: 16-bit and 64-bit lengths.
        #expect(
            Array(WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 1, count: 256)).encoded().prefix(4)) == [
                0x82, 0x7E, 0x01, 0x00,
            ])
        let big = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 2, count: 65_536))
        #expect(Array(big.encoded().prefix(10)) == [0x82, 0x7F, 0, 0, 0, 0, 0, 1, 0, 0])
        #expect(try frames(big.encoded()) == [big])
    }

    @Test func fragments_joinIntoOneMessage_withAPingBetween() throws {
        // §5.7: "Hel" then "lo", with a ping between the fragments (control frames may interleave).
        let bytes: [UInt8] = [0x01, 0x03, 0x48, 0x65, 0x6c] + [0x89, 0x05] + hello + [0x80, 0x02, 0x6c, 0x6f]
        var assembler = WebSocketMessageAssembler()
        let messages = try frames(bytes).compactMap { try assembler.push($0) }
        #expect(messages == [.ping(hello), .text("Hello")])
    }

    @Test func bytesArrivingOneAtATime_giveTheSameFrames() throws {
        let stream = WebSocketFrame(opcode: .text, payload: hello).encoded() + WebSocketFrame(opcode: .pong, payload: []).encoded()
        var parser = WebSocketFrameParser(role: .client)
        var seen: [WebSocketFrame] = []
        for byte in stream {
            parser.append([byte])
            while let frame = try parser.next() { seen.append(frame) }
        }
        #expect(seen.map(\.opcode) == [.text, .pong] && parser.buffered == 0)
    }

    @Test func hostileFrames_areRefusedWithTheRightCloseCode() throws {
        func refusal(_ bytes: [UInt8], role: WebSocketFrameParser.Role = .client, maxFrameSize: Int = 1 << 20) -> WebSocketCloseCode? {
            do {
                var assembler = WebSocketMessageAssembler(maxMessageSize: 100)
                for frame in try frames(bytes, role: role, maxFrameSize: maxFrameSize) { _ = try assembler.push(frame) }
                return nil
            } catch let error as WebSocketProtocolError {
                return error.code
            } catch {
                return nil
            }
        }
        // A server's frame that is masked; a client's that is not.
        #expect(refusal([0x81, 0x85, 1, 2, 3, 4, 0, 0, 0, 0, 0]) == .protocolError)
        #expect(refusal([0x81, 0x05] + hello, role: .server) == .protocolError)
        // Reserved bits, an unknown opcode, a fragmented or long ping, a non-minimal length.
        #expect(refusal([0xC1, 0x05] + hello) == .protocolError)
        #expect(refusal([0x83, 0x00]) == .protocolError)
        #expect(refusal([0x09, 0x00]) == .protocolError)
        #expect(refusal([0x89, 0x7E, 0x00, 0x7E] + [UInt8](repeating: 0, count: 126)) == .protocolError)
        #expect(refusal([0x81, 0x7E, 0x00, 0x05] + hello) == .protocolError)
        // Oversized: a frame beyond the parser's limit, a message beyond the assembler's.
        #expect(
            refusal(WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 300)).encoded(), maxFrameSize: 200)
                == .messageTooBig)
        let halves = [UInt8](repeating: 7, count: 60)
        #expect(refusal([0x02, 60] + halves + [0x80, 60] + halves) == .messageTooBig)
        // Bad UTF-8 in a text message, split across fragments or not.
        #expect(refusal([0x81, 0x02, 0xC3, 0x28]) == .invalidPayload)
        #expect(refusal([0x01, 0x01, 0xE2, 0x80, 0x02, 0x82, 0xAC]) == nil, "a character split across fragments is fine")
        // A continuation with nothing to continue; a new message inside a fragmented one.
        #expect(refusal([0x80, 0x01, 0x41]) == .protocolError)
        #expect(refusal([0x01, 0x01, 0x41, 0x81, 0x01, 0x42]) == .protocolError)
        // Close frames: a one-byte status, a status no one may send, a reason that is not UTF-8.
        #expect(refusal([0x88, 0x01, 0x03]) == .protocolError)
        #expect(refusal([0x88, 0x02, 0x03, 0xED]) == .protocolError)
        #expect(refusal([0x88, 0x04, 0x03, 0xE8, 0xC3, 0x28]) == .invalidPayload)
    }

    @Test func closeFrames_carryTheirCodeAndReason() throws {
        var assembler = WebSocketMessageAssembler()
        let frame = WebSocketFrame.close(.goingAway, reason: "bye")
        #expect(frame.payload == [0x03, 0xE9] + Array("bye".utf8))
        #expect(try assembler.push(try frames(frame.encoded())[0]) == .close(.goingAway, "bye"))
        #expect(try assembler.push(WebSocketFrame(opcode: .close, payload: [])) == .close(nil, ""))
    }

    @Test func handshake_acceptsTheRFCsKeyAndChecksTheAnswer() throws {
        // §1.3: the sample nonce and its accept value.
        #expect(WebSocketHandshake.accept(key: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let key = WebSocketHandshake.randomKey()
        #expect(key.count == 24 && key != WebSocketHandshake.randomKey())
        let request = String(decoding: WebSocketHandshake.request(host: "example.com:8901", path: "/ws/market", key: key), as: UTF8.self)
        #expect(request.hasPrefix("GET /ws/market HTTP/1.1\r\nHost: example.com:8901\r\n") && request.hasSuffix("\r\n\r\n"))
        #expect(request.contains("Sec-WebSocket-Key: \(key)\r\n") && request.contains("Sec-WebSocket-Version: 13\r\n"))
        let good = ["upgrade": "websocket", "connection": "Upgrade", "sec-websocket-accept": WebSocketHandshake.accept(key: key)]
        try WebSocketHandshake.validate(status: 101, headers: good, key: key)
        #expect(throws: WebSocketProtocolError.self) { try WebSocketHandshake.validate(status: 200, headers: good, key: key) }
        #expect(throws: WebSocketProtocolError.self) {
            try WebSocketHandshake.validate(status: 101, headers: good.merging(["sec-websocket-accept": "x"]) { $1 }, key: key)
        }
        #expect(throws: WebSocketProtocolError.self) {
            try WebSocketHandshake.validate(status: 101, headers: good.merging(["upgrade": "h2c"]) { $1 }, key: key)
        }
    }
}
