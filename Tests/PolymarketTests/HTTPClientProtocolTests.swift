import Foundation
import HTTPClient
import HTTPServer
import TestSupport
import Testing

/// What the client speaks: HTTP/2 where a TLS server offers it (Polymarket's hosts do), HTTP/1.1
/// on plain connections, and one kept connection for consecutive requests either way.
@Suite("HTTP client protocol and connection reuse", .serialized)
struct HTTPClientProtocolTests {
    @Test func plainHTTP_staysHTTP11AndReusesItsConnection() throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        var router = Router()
        router.get("/hello") { _ in .text("hello") }
        let server = HTTPServer(configuration: configuration, responder: router)
        try server.start()
        defer { server.shutdown() }
        let client = HTTPClient(maxIdleHandles: 1)
        let first = try client.get("http://127.0.0.1:\(server.port)/hello")
        let second = try client.get("http://127.0.0.1:\(server.port)/hello")
        #expect(first.text == "hello" && second.text == "hello")
        #expect(first.httpVersion == "1.1" && second.httpVersion == "1.1")
        #expect(!first.reusedConnection)
        #expect(second.reusedConnection)
    }

    /// nghttpd (nghttp2's server, installed by scripts/test) over TLS with a certificate made for
    /// this test: the client negotiates HTTP/2 and keeps the connection.
    @Test func tlsServerOfferingHTTP2_isSpokenToInHTTP2() throws {
        guard let nghttpd = ["/usr/bin/nghttpd", "/usr/sbin/nghttpd"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            Issue.record("nghttpd is missing: run the tests through scripts/test, which installs nghttp2-server")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("h2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let key = folder.appendingPathComponent("key.pem").path
        let certificate = folder.appendingPathComponent("cert.pem").path
        try Subprocess.run(
            [
                "/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "1",
                "-subj",
                "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1",
            ])
        try Data("{\"ok\":true}".utf8).write(to: folder.appendingPathComponent("book.json"))
        let port = try ServiceProcess.freePort()
        let server = try Subprocess.spawn([nghttpd, "-d", folder.path, "--address=127.0.0.1", "\(port)", key, certificate])
        defer { Subprocess.terminate(server, signal: SIGKILL) }  // nghttpd ignores SIGTERM
        let client = HTTPClient(connectTimeout: 2, defaultTimeout: 5, maxIdleHandles: 1, trustedCertificatesPath: certificate)
        let url = "https://127.0.0.1:\(port)/book.json"
        var first: HTTPClientResponse?
        for _ in 0..<50 where first == nil {
            first = try? client.get(url)
            if first == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        let answer = try #require(first, "nghttpd did not answer on \(port)")
        let second = try client.get(url)
        #expect(answer.status == 200 && answer.text == "{\"ok\":true}")
        #expect(answer.httpVersion == "2")
        #expect(second.httpVersion == "2" && second.reusedConnection)
    }
}
