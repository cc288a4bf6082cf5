import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite("HTTP limits and errors")
struct HTTPServerLimitsTests {
    func statusLine(for request: String, configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws -> String {
        let server = try makeTestServer(configure: configure)
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send(request)
        return connection.readAll(timeout: 3)
    }

    @Test func malformedRequestLine_answers400() throws {
        let raw = try statusLine(for: "THIS IS NOT HTTP\r\n\r\n")
        #expect(raw.hasPrefix("HTTP/1.1 400"))
        #expect(raw.contains("\"code\":\"malformed_request\""))
    }

    @Test func missingHostOnHTTP11_answers400() throws {
        #expect(try statusLine(for: "GET /hello HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 400"))
    }

    @Test func invalidContentLength_answers400() throws {
        #expect(try statusLine(for: "POST /echo HTTP/1.1\r\n\(host)Content-Length: ten\r\n\r\n").hasPrefix("HTTP/1.1 400"))
    }

    @Test func postWithoutLength_isAnEmptyBody() throws {
        // RFC 9112 §6.3: no Content-Length and no Transfer-Encoding means a body of length 0.
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("POST /echo HTTP/1.1\r\n\(host)\r\nGET /hello HTTP/1.1\r\n\(host)\r\n")
        let responses = connection.readResponses(2)
        #expect(responses.map(\.status) == [200, 200])
        #expect(responses.first?.body == "")
    }

    @Test func bodyOverLimit_answers413BeforeReadingIt() throws {
        let raw = try statusLine(for: "POST /echo HTTP/1.1\r\n\(host)Content-Length: 2048\r\n\r\n") { $0.maxBodyBytes = 1024 }
        #expect(raw.hasPrefix("HTTP/1.1 413"))
        #expect(raw.contains("\"code\":\"body_too_large\""))
    }

    @Test func chunkedBodyOverLimit_answers413() throws {
        let chunk = String(repeating: "x", count: 600)
        let request = "POST /echo HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n258\r\n\(chunk)\r\n258\r\n\(chunk)\r\n0\r\n\r\n"
        #expect(try statusLine(for: request) { $0.maxBodyBytes = 1024 }.hasPrefix("HTTP/1.1 413"))
    }

    @Test func headersOver16KiB_answer431() throws {
        let big = String(repeating: "a", count: 17 * 1024)
        let raw = try statusLine(for: "GET /hello HTTP/1.1\r\n\(host)X-Big: \(big)\r\n\r\n")
        #expect(raw.hasPrefix("HTTP/1.1 431"))
    }

    @Test func http2Version_answers505() throws {
        let raw = try statusLine(for: "GET /hello HTTP/2.0\r\n\(host)\r\n")
        #expect(raw.hasPrefix("HTTP/1.1 505"))
        #expect(raw.contains("\"code\":\"version_not_supported\""))
    }

    @Test func slowClient_getsA408AndIsDisconnected() throws {
        let server = try makeTestServer { $0.requestTimeoutSeconds = 0.5 }
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("GET /hello HTTP/1.1\r\nHo")
        let raw = connection.readAll(timeout: 3)
        #expect(raw.hasPrefix("HTTP/1.1 408"))
        #expect(server.connectionCount == 0)
    }

    @Test func idleKeepAliveConnection_isClosedAfterTimeout() throws {
        let server = try makeTestServer { $0.idleTimeoutSeconds = 0.5 }
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        #expect(connection.readResponses(1).first?.status == 200)
        #expect(connection.isClosedByPeer(timeout: 3))
    }

    @Test func connectionsOverTheCap_answer503() throws {
        let server = try makeTestServer { $0.maxConnections = 2 }
        defer { server.shutdown() }
        let first = try RawConnection(port: server.port)
        let second = try RawConnection(port: server.port)
        try first.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        try second.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        _ = first.readResponses(1)
        _ = second.readResponses(1)
        let third = try RawConnection(port: server.port)
        let raw = third.readAll(timeout: 3)
        #expect(raw.hasPrefix("HTTP/1.1 503"))
        #expect(raw.contains("too_many_connections"))
    }

    @Test func clientThatVanishesMidResponse_doesNotKillTheServer() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        for _ in 0..<20 {
            let connection = try RawConnection(port: server.port)
            try connection.send("GET /slow?ms=20 HTTP/1.1\r\n\(host)\r\n")
        }  // each connection closes before its response is written: SIGPIPE must not fire
        Thread.sleep(forTimeInterval: 0.3)
        let connection = try RawConnection(port: server.port)
        try connection.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        #expect(connection.readResponses(1).first?.status == 200)
    }
}
