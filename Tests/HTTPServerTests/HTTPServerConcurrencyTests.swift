import Foundation
import HTTPClient
import HTTPServer
import TestSupport
import Testing

@Suite("HTTP concurrency and shutdown")
struct HTTPServerConcurrencyTests {
    @Test func manyConcurrentClients_allGetAnswers() throws {
        let server = try makeTestServer()
        defer { server.shutdown() }
        let clients = 100
        let requestsEach = 20
        let successes = Counter()
        runConcurrently(clients) { _ in
            guard let connection = try? RawConnection(port: server.port) else { return }
            for index in 0..<requestsEach {
                try? connection.send("GET /items/\(index) HTTP/1.1\r\n\(host)\r\n")
                if connection.readResponses(1).first?.status == 200 { successes.add() }
            }
        }
        #expect(successes.value == clients * requestsEach)
    }

    @Test func shutdown_letsInFlightRequestFinishAndRefusesNewConnections() throws {
        let server = try makeTestServer()
        let port = server.port
        let connection = try RawConnection(port: port)
        try connection.send("GET /slow?ms=700 HTTP/1.1\r\n\(host)\r\n")
        Thread.sleep(forTimeInterval: 0.1)
        let started = Date()
        server.shutdown()
        let elapsed = Date().timeIntervalSince(started)
        let responses = connection.readResponses(1)
        #expect(responses.first?.status == 200)
        #expect(responses.first?.body == "slow done")
        #expect(elapsed >= 0.4)
        #expect(throws: (any Error).self) { _ = try RawConnection(port: port) }
    }

    @Test func shutdown_closesIdleKeepAliveConnectionsPromptly() throws {
        let server = try makeTestServer { $0.idleTimeoutSeconds = 60 }
        let connection = try RawConnection(port: server.port)
        try connection.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        _ = connection.readResponses(1)
        let started = Date()
        server.shutdown()
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(connection.isClosedByPeer(timeout: 2))
    }
}

/// A thread-safe counter for concurrent tests.
final class Counter: @unchecked Sendable {
    // Safe because `count` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var count = 0

    func add() {
        lock.lock()
        count += 1
        lock.unlock()
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}
