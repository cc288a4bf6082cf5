import Foundation
import HTTPServer
import PrescientCore
import TestSupport
import Testing

/// Requests an attacker, a careless client or a flaky network would send: each is answered with
/// a precise status and the server keeps serving.
@Suite("HTTP hardening")
struct HTTPServerHardeningTests {
    /// Sends `request` on a fresh connection and returns what came back; then proves the server
    /// still answers on a new connection.
    func answer(to request: String, configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws -> String {
        let server = try makeTestServer(configure: configure)
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send(request)
        let raw = connection.readAll(timeout: 3)
        let probe = try RawConnection(port: server.port)
        try probe.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        #expect(probe.readResponses(1).first?.status == 200, "the server must survive \(request.debugDescription)")
        return raw
    }

    func chunked(_ body: String) -> String {
        "POST /echo HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n\(body)"
    }

    @Test(arguments: ["-1", "+5", "0x5", " 5", "5 5", "", "1234567890abcdef0", "g"])
    func chunkSizeThatIsNotHexDigits_answers400(size: String) throws {
        let raw = try answer(to: chunked("\(size)\r\nhello\r\n0\r\n\r\n"))
        #expect(raw.hasPrefix("HTTP/1.1 400"), "size \(size.debugDescription): \(raw.prefix(80))")
        #expect(raw.contains("malformed_chunk"))
    }

    @Test func chunkSizeWithExtensionsAndUpperCaseHex_isDecoded() throws {
        let raw = try answer(to: chunked("A ; name=value\r\n0123456789\r\n0\r\nX-Trailer: 1\r\n\r\n"))
        #expect(raw.hasPrefix("HTTP/1.1 200"))
        #expect(raw.hasSuffix("0123456789"))
    }

    @Test func endlessTrailerSection_answers431() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send(chunked("5\r\nhello\r\n0\r\n"))
        var raw = ""
        for _ in 0..<400 where raw.isEmpty {
            try? connection.send("X-Filler: \(String(repeating: "t", count: 100))\r\n")
            raw = connection.readAll(timeout: 0.001)
        }
        raw += connection.readAll(timeout: 2)
        #expect(raw.hasPrefix("HTTP/1.1 431"))
        #expect(raw.contains("trailers_too_large"))
    }

    @Test func chunkFramingCountsTowardTheBodyLimit() throws {
        // 300 one-byte chunks: 300 bytes of body but 1,800 bytes on the wire.
        let body = String(repeating: "1\r\nx\r\n", count: 300) + "0\r\n\r\n"
        let raw = try answer(to: chunked(body)) { $0.maxBodyBytes = 1024 }
        #expect(raw.hasPrefix("HTTP/1.1 413"))
    }

    @Test func twoTransferEncodingHeaders_answer400() throws {
        let raw = try answer(
            to: "POST /echo HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        #expect(raw.hasPrefix("HTTP/1.1 400"))
    }

    @Test func unknownTransferCoding_answers501() throws {
        let raw = try answer(to: "POST /echo HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\n\r\n")
        #expect(raw.hasPrefix("HTTP/1.1 501"))
    }

    @Test func bareLineFeeds_answer400InsteadOfHanging() throws {
        let started = Date()
        let raw = try answer(to: "GET /hello HTTP/1.1\nHost: test\n\n")
        #expect(raw.hasPrefix("HTTP/1.1 400"))
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    @Test func nulInTheTargetOrAHeader_answers400() throws {
        #expect(try answer(to: "GET /items/a%00b HTTP/1.1\r\n\(host)\r\n").hasPrefix("HTTP/1.1 400"))
        #expect(try answer(to: "GET /items/1?q=a%00 HTTP/1.1\r\n\(host)\r\n").hasPrefix("HTTP/1.1 400"))
        #expect(try answer(to: "GET /hello HTTP/1.1\r\n\(host)X-Nul: a\u{0}b\r\n\r\n").hasPrefix("HTTP/1.1 400"))
    }

    @Test func clientTricklingOneBytePerInterval_getsA408AtTheDeadline() throws {
        let server = try makeTestServer { $0.requestTimeoutSeconds = 1 }
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        let started = Date()
        var raw = ""
        for byte in "GET /hello HTTP/1.1\r\nX-Slow: \(String(repeating: "z", count: 100))".utf8 {
            try? connection.send([byte])
            raw = connection.readAll(timeout: 0.2)
            if !raw.isEmpty { break }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(raw.hasPrefix("HTTP/1.1 408"))
        #expect(elapsed < 2, "the deadline must run from the first byte, not restart on each (took \(elapsed) s)")
    }

    @Test func connectionThatNeverSends_isClosedAtTheRequestDeadline() throws {
        let server = try makeTestServer {
            $0.requestTimeoutSeconds = 0.5
            $0.idleTimeoutSeconds = 30
        }
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        let started = Date()
        _ = connection.readAll(timeout: 5)
        #expect(Date().timeIntervalSince(started) < 2)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(server.connectionCount == 0)
    }

    @Test func clientThatStopsReading_isDisconnectedAfterTheSendTimeout() throws {
        let server = try makeTestServer { $0.sendTimeoutSeconds = 0.5 }
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("GET /big?bytes=67108864 HTTP/1.1\r\n\(host)\r\n")
        let deadline = Date().addingTimeInterval(5)
        Thread.sleep(forTimeInterval: 0.5)
        while server.connectionCount > 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        #expect(server.connectionCount == 0, "a client that never reads must not pin a connection")
        withExtendedLifetime(connection) {}
    }

    @Test(arguments: [
        (#"{"name":"a",}"#, "invalid_json"), (#"{"name":"a","name":"b"}"#, "twice"), (#"{"name":"a\u0000b"}"#, "NUL"),
        (#"{"name":"a","n":[1,2,]}"#, "invalid_json"), (#"{"name":"x","\u006eame":"y"}"#, "twice"),
    ])
    func jsonBodiesThatParsersDisagreeOn_answer400(body: String, expected: String) throws {
        let raw = try answer(to: "POST /fields HTTP/1.1\r\n\(host)Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(raw.hasPrefix("HTTP/1.1 400"), "\(body): \(raw.prefix(60))")
        #expect(raw.contains(expected), "\(body): \(raw)")
    }

    @Test func strictRequestBodyCheck_acceptsWhatJSONAllows() {
        for valid in [#"{"a":1,"b":[1,2,{"c":null}],"d":"\u00e9\n"}"#, "[]", "{}", #""x""#, "-0.5e3"] {
            #expect(JSONSlicer(Array(valid.utf8)).requestBodyProblem == nil, "\(valid)")
        }
    }
}

/// Many connections that hold a slot without finishing a request: the event loop keeps them all
/// and still answers everyone else.
@Suite("HTTP under connection floods", .serialized)
struct HTTPServerFloodTests {
    @Test func twoThousandIdleAndFiveHundredSlowlorisConnections_healthStillAnswers() throws {
        let server = try makeTestServer {
            $0.requestTimeoutSeconds = 60
            $0.idleTimeoutSeconds = 60
        }
        defer { server.shutdown() }
        var held: [RawConnection] = []
        for _ in 0..<2_000 {
            let idle = try RawConnection(port: server.port, from: "127.0.0.2")
            try idle.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
            _ = idle.readResponses(1)
            held.append(idle)
        }
        for index in 0..<500 {
            let slow = try RawConnection(port: server.port, from: "127.0.0.3")
            try slow.send("GET /hello HTTP/1.1\r\nX-Slow-\(index): ")
            held.append(slow)
            if index % 100 == 99 {
                // Let the accept queue drain (the kernel's backlog may be small), as real clients arrive spread out.
                let caughtUp = Date().addingTimeInterval(30)
                while server.connectionCount < 2_001 + index && Date() < caughtUp { Thread.sleep(forTimeInterval: 0.02) }
            }
        }
        let deadline = Date().addingTimeInterval(30)
        while server.connectionCount < 2_500 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(server.connectionCount == 2_500)
        for slow in held.suffix(500) { try slow.send("z") }
        let probe = try RawConnection(port: server.port)
        try probe.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        #expect(probe.readResponses(1, timeout: 5).first?.status == 200)
        #expect(server.connectionCount == 2_501)
        withExtendedLifetime(held) {}
    }

    @Test func oneClientOverItsConnectionCap_getsA503WhileOthersAreServed() throws {
        let server = try makeTestServer { $0.maxConnectionsPerClient = 3 }
        defer { server.shutdown() }
        let mine = try (0..<3).map { _ in try RawConnection(port: server.port, from: "127.0.0.2") }
        let deadline = Date().addingTimeInterval(5)
        while server.connectionCount < 3 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let fourth = try RawConnection(port: server.port, from: "127.0.0.2")
        let refused = fourth.readAll(timeout: 3)
        #expect(refused.hasPrefix("HTTP/1.1 503"))
        #expect(refused.contains("too_many_connections"))
        let other = try RawConnection(port: server.port, from: "127.0.0.4")
        try other.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        #expect(other.readResponses(1).first?.status == 200)
        withExtendedLifetime(mine) {}
    }
}
