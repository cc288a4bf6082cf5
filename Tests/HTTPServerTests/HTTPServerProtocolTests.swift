import Foundation
import HTTPServer
import TestSupport
import Testing

@Suite("HTTP/1.1 protocol")
struct HTTPServerProtocolTests {
    @Test func keepAlive_servesSeveralRequestsOnOneConnection() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        for _ in 0..<3 {
            try connection.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
            let responses = connection.readResponses(1)
            #expect(responses.map(\.status) == [200])
            #expect(responses.first?.body == "hello")
        }
    }

    /// RFC 9112 §6.3: a request with neither Content-Length nor Transfer-Encoding has an empty
    /// body; a POST without one is answered, never refused with 411.
    @Test func postWithoutALength_hasAnEmptyBody() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("POST /echo HTTP/1.1\r\n\(host)\r\n")
        let responses = connection.readResponses(1)
        #expect(responses.map(\.status) == [200])
        #expect(responses.first?.body == "")
    }

    @Test func pipelinedRequests_areAnsweredInOrder() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send(
            "GET /items/1 HTTP/1.1\r\n\(host)\r\nGET /items/2 HTTP/1.1\r\n\(host)\r\nPOST /echo HTTP/1.1\r\n\(host)Content-Length: 3\r\n\r\nabc"
        )
        let responses = connection.readResponses(3)
        #expect(responses.map(\.status) == [200, 200, 200])
        #expect(responses[0].body.contains("\"id\":\"1\""))
        #expect(responses[1].body.contains("\"id\":\"2\""))
        #expect(responses[2].body == "abc")
    }

    @Test func pathParametersAndPercentEncodedQuery_areDecoded() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("GET /items/42?q=two%20words%2B HTTP/1.1\r\n\(host)\r\n")
        let response = connection.readResponses(1).first
        #expect(response?.body.contains("\"q\":\"two words+\"") == true)
        #expect(response?.body.contains("\"id\":\"42\"") == true)
    }

    @Test func head_returnsHeadersWithoutBody() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("HEAD /hello HTTP/1.1\r\n\(host)Connection: close\r\n\r\n")
        let raw = connection.readAll()
        #expect(raw.hasPrefix("HTTP/1.1 200 OK"))
        #expect(raw.contains("Content-Length: 5"))
        #expect(raw.hasSuffix("\r\n\r\n"))
    }

    @Test func chunkedBody_isDecoded() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("POST /echo HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n")
        let response = connection.readResponses(1).first
        #expect(response?.status == 200)
        #expect(response?.body == "hello world")
    }

    @Test func expectContinue_getsInterimResponseBeforeBody() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("POST /echo HTTP/1.1\r\n\(host)Content-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(connection.readAll(timeout: 1).hasPrefix("HTTP/1.1 100 Continue"))
        try connection.send("data")
        #expect(connection.readResponses(1).first?.body == "data")
    }

    @Test func unknownRouteAndWrongMethod_answerJSONErrors() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("GET /nope HTTP/1.1\r\n\(host)\r\nDELETE /hello HTTP/1.1\r\n\(host)\r\n")
        let responses = connection.readResponses(2)
        #expect(responses.map(\.status) == [404, 405])
        #expect(responses[0].body.contains("\"code\":\"not_found\""))
        #expect(responses[1].body.contains("\"code\":\"method_not_allowed\""))
    }

    @Test func handlerFailure_answers500WithJSONAndKeepsServing() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("GET /boom HTTP/1.1\r\n\(host)\r\nGET /hello HTTP/1.1\r\n\(host)\r\n")
        let responses = connection.readResponses(2)
        #expect(responses.map(\.status) == [500, 200])
        #expect(responses[0].body.contains("\"code\":\"internal_error\""))
    }
}
