import Foundation
import Hummingbird

// GET /health answering the same JSON body as Prescient's services.
let port = Int(ProcessInfo.processInfo.environment["PORT"] ?? "8999") ?? 8999
let router = Router()
router.get("health") { _, _ -> Response in
    Response(
        status: .ok, headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(string: #"{"service":"hummingbird","status":"ok"}"#)))
}
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
try await app.runService()
