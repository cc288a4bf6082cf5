import Foundation
import HTTPServer
import TestSupport

/// An in-process server on a free port with a few routes that exercise the server itself.
func makeTestServer(
    configure: (inout HTTPServerConfiguration) -> Void = { _ in }, headGate: (@Sendable (HTTPRequest) throws -> Void)? = nil,
    loopResponder: (@Sendable (HTTPRequest) -> HTTPResponse?)? = nil
) throws -> HTTPServer {
    var configuration = HTTPServerConfiguration()
    configuration.port = 0
    configure(&configuration)
    var router = Router()
    router.get("/hello") { _ in .text("hello") }
    // The same answer a test's `loopResponder` gives, for probes a worker answers instead.
    router.get("/health") { request in .text("ok /health" + (request.rawQuery.isEmpty ? "" : "?" + request.rawQuery)) }
    router.post("/echo") { request in HTTPResponse(status: .ok, body: request.body) }
    router.get("/items/{id}") { request in
        .json(["id": request.pathParameters["id"] ?? "", "q": request.query["q"] ?? ""])
    }
    router.get("/slow") { request in
        Thread.sleep(forTimeInterval: Double(request.query["ms"] ?? "500")! / 1000)
        return .text("slow done")
    }
    router.get("/boom") { _ in throw CocoaError(.fileNoSuchFile) }
    router.get("/big") { request in
        HTTPResponse(status: .ok, body: [UInt8](repeating: 120, count: Int(request.query["bytes"] ?? "1024")!))
    }
    router.post("/fields") { request in
        let fields = try JSONFields(request, allowed: ["name", "n"])
        return .json(["name": try fields.string("name") ?? ""])
    }
    let server = HTTPServer(configuration: configuration, responder: router)
    server.headGate = headGate
    server.loopResponder = loopResponder
    try server.start()
    return server
}

let host = "Host: test\r\n"
