import Foundation
import HTTPServer
import PrescientCore
import TestSupport
import Testing

/// A body nesting arrays and objects deeper than the limit is refused with a 400 naming its depth
/// before anything recursive reads it; the deepest body allowed is decoded on a worker's stack.
@Suite("JSON nesting bound")
struct JSONNestingTests {
    func post(_ body: String, to server: HTTPServer) throws -> (status: Int, body: String) {
        let connection = try RawConnection(port: server.port)
        try connection.send("POST /fields HTTP/1.1\r\n\(host)Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        return connection.readResponses(1).first ?? (0, "")
    }

    @Test(arguments: [
        ("1", 0), ("[]", 1), ("[[],[[]]]", 3), (#"{"a":{"b":[1]}}"#, 3), (#"["[[[[", "\"{{"]"#, 1), ("]]]][", 1),
        (#"{"a":"\\"}"#, 1),
    ])
    func depthCountsBracketsOutsideStringsOnly(text: String, expected: Int) {
        #expect(JSONNesting.depth(of: Array(text.utf8)) == expected, "\(text)")
    }

    @Test func bodyAtTheLimit_isDecodedOnAWorkerStack() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        var nested = "1"
        for _ in 0..<(JSONNesting.limit - 1) { nested = #"{"a":\#(nested)}"# }
        let body = #"{"name":"deep","n":\#(nested)}"#
        #expect(JSONNesting.depth(of: Array(body.utf8)) == JSONNesting.limit)
        let answer = try post(body, to: server)
        #expect(answer.status == 200, "\(answer.body.prefix(200))")
        #expect(answer.body.contains("deep"))
    }

    @Test(arguments: [JSONNesting.limit + 1, 300, 10_000, 200_000])
    func bodyBeyondTheLimit_answers400NamingTheDepth(depth: Int) throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let body = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        let answer = try post(body, to: server)
        #expect(answer.status == 400)
        #expect(answer.body.contains("invalid_json"))
        #expect(answer.body.contains("\(depth) levels deep; the limit is \(JSONNesting.limit)"), "\(answer.body)")
        let probe = try RawConnection(port: server.port)
        try probe.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        #expect(probe.readResponses(1).first?.status == 200, "the server must survive depth \(depth)")
    }

    @Test func upstreamAnswerBeyondTheLimit_isRefusedBeforeDecoding() {
        let bytes = Array((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8)
        #expect(throws: JSONNestingError.self) { try JSONDecoder().decodeBounded(JSONValue.self, from: bytes) }
        #expect(!JSONSlicer(bytes).isWellFormed)
    }
}
