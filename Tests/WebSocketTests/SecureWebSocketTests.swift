import Foundation
import Testing
import WebSocket

/// `wss://`: the client over TLS from OpenSSL against a server with a certificate made here
/// (`openssl req`): trusted through `caFile` and naming 127.0.0.1 it talks; untrusted, or naming
/// another host, the handshake is refused.
@Suite("Secure WebSocket")
struct SecureWebSocketTests {
    /// A self-signed certificate and key for `names` (a subjectAltName list), in a fresh directory.
    static func certificate(names: String = "DNS:localhost,IP:127.0.0.1") throws -> (certificate: String, key: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prescient-tls-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=\(names)", "-keyout", directory + "/key.pem", "-out", directory + "/cert.pem",
        ]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ScriptError("openssl req failed") }
        return (directory + "/cert.pem", directory + "/key.pem")
    }

    /// Accepts `connections` clients over TLS and echoes each one's first text message.
    static func echoServer(_ files: (certificate: String, key: String), connections: Int) throws -> TCPListener {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        let thread = Thread {
            for _ in 0..<connections {
                guard let tcp = listener.accept() else { return }
                guard let tls = try? TLSStream(server: tcp, certificateFile: files.certificate, keyFile: files.key),
                    let connection = try? WebSocketConnection(accepting: tls, path: "/ws/market")
                else { continue }
                if case .text(let text)? = try? connection.receive(timeout: 5) { try? connection.send(text: "echo " + text) }
                connection.close()
            }
        }
        thread.start()
        return listener
    }

    @Test func overTLS_aTrustedServerTalks_andAnUntrustedOneIsRefused() throws {
        let files = try Self.certificate()
        let listener = try Self.echoServer(files, connections: 2)
        defer { listener.close() }
        let secure = try WebSocketConnection(url: "wss://127.0.0.1:\(listener.port)/ws/market", caFile: files.certificate)
        try secure.send(text: "hello")
        #expect(try secure.receive(timeout: 5) == .text("echo hello"))
        secure.close()

        // The system's trust store does not know a certificate made here.
        let untrusted = #expect(throws: TLSStream.Failure.self) {
            _ = try WebSocketConnection(url: "wss://127.0.0.1:\(listener.port)/ws/market")
        }
        #expect(untrusted?.description.contains("verify") == true, "\(String(describing: untrusted))")
        // A trusted certificate for another name is refused too.
        let other = try Self.certificate(names: "DNS:example.test")
        let elsewhere = try Self.echoServer(other, connections: 1)
        defer { elsewhere.close() }
        #expect(throws: TLSStream.Failure.self) {
            _ = try WebSocketConnection(url: "wss://127.0.0.1:\(elsewhere.port)/ws/market", caFile: other.certificate)
        }
    }

    /// A server that takes the TCP connection and then says nothing (no TLS, or half a TLS record)
    /// is given up on within the timeout instead of holding the client's thread forever.
    @Test(arguments: [[UInt8](), [0x16, 0x03, 0x03, 0x00, 0x40, 0x02]])
    func aServerSilentInTheTLSHandshake_isGivenUpOnWithinTheTimeout(sent: [UInt8]) throws {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        defer { listener.close() }
        let held = Thread {
            guard let tcp = listener.accept() else { return }
            // Read the ClientHello, answer with `sent` (nothing, or the start of a record), then stall.
            _ = try? tcp.receive(timeout: 5)
            if !sent.isEmpty { try? tcp.send(sent) }
            Thread.sleep(forTimeInterval: 8)
            tcp.close()
        }
        held.start()
        let outcome = DispatchSemaphore(value: 0)
        let started = Date()
        Thread.detachNewThread {
            _ = try? WebSocketConnection(url: "wss://127.0.0.1:\(listener.port)/ws/market", timeout: 1)
            outcome.signal()
        }
        #expect(outcome.wait(timeout: .now() + 5) == .success, "the client still waits after 5 s")
        #expect(Date().timeIntervalSince(started) < 4)
    }
}
