import HTTPServer
import PrescientCore
import Testing

@Suite("Router and parser")
struct RouterTests {
    @Test func route_reportsTemplateAndWhetherItChangesState() {
        var router = Router()
        router.get("/events/{id}") { _ in .text("") }
        router.get("/events/export", changesState: true) { _ in .text("") }
        router.post("/portfolios") { _ in .text("") }
        #expect(router.route(for: "GET", path: "/events/77")?.template == "/events/{id}")
        #expect(router.route(for: "GET", path: "/events/77")?.changesState == false)
        #expect(router.route(for: "HEAD", path: "/events/77")?.template == "/events/{id}")
        #expect(router.route(for: "POST", path: "/portfolios")?.changesState == true)
        #expect(router.route(for: "GET", path: "/nothing") == nil)
    }

    @Test func parser_waitsForTheWholeBody() throws {
        let parser = HTTPRequestParser()
        let partial = Array("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n12345".utf8)
        guard case .incomplete = try parser.parse(partial) else {
            Issue.record("a partial body must not complete")
            return
        }
        guard case .complete(let request, let used) = try parser.parse(partial + Array("67890".utf8)) else {
            Issue.record("the full body must complete")
            return
        }
        #expect(String(decoding: request.body, as: UTF8.self) == "1234567890")
        #expect(used == partial.count + 5)
    }

    @Test func parser_rejectsContentLengthWithChunked() {
        let bytes = Array("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        #expect(throws: HTTPError.self) { try HTTPRequestParser().parse(bytes) }
    }

    @Test func queryString_decodesPlusAndPercent() {
        #expect(QueryString.parse("a=1&b=two+words&c=%E2%82%AC") == ["a": "1", "b": "two words", "c": "€"])
    }
}
