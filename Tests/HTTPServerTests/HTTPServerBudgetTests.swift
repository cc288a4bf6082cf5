import Foundation
import HTTPServer
import PrescientCore
import TestSupport
import Testing

/// What a request may cost is decided before it is paid: its head judged before its body is
/// read, bodies held within a budget, workers shared between clients, health answered on the loop.
@Suite("HTTP budgets", .serialized)
struct HTTPServerBudgetTests {
    static let needsToken: @Sendable (HTTPRequest) throws -> Void = { head in
        guard head.method == "GET" || head.headers["Authorization"] == "Bearer t" else {
            throw HTTPError(.unauthorized, code: "unauthorized", message: "a token is needed")
        }
    }

    @Test func aWriteRefusedOnItsHead_isAnsweredWithoutWaitingForItsBody() throws {
        let server = try makeTestServer(headGate: Self.needsToken)
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        try connection.send("POST /echo HTTP/1.1\r\n\(host)Content-Length: 1048576\r\n\r\n")
        let started = Date()
        let answer = connection.readAll(timeout: 3)
        #expect(answer.hasPrefix("HTTP/1.1 401"), "\(answer.prefix(80))")
        #expect(Date().timeIntervalSince(started) < 1, "the refusal waited for the body")
        #expect(server.reservedBodyBytes == 0)
    }

    @Test func aRefusedWriteWhoseBodyIsAlreadySent_stillReadsItsAnswer() throws {
        let server = try makeTestServer(headGate: Self.needsToken)
        defer { server.shutdown() }
        let body = String(repeating: "x", count: 1 << 20)
        let connection = try RawConnection(port: server.port)
        try? connection.send("POST /echo HTTP/1.1\r\n\(host)Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        #expect(connection.readAll(timeout: 5).hasPrefix("HTTP/1.1 401"))
    }

    @Test func bodiesPastTheBudget_areRefused503WithRetryAfter_andTheBudgetComesBack() throws {
        let server = try makeTestServer {
            $0.maxBodyBytes = 64 * 1024
            $0.maxBufferedBodyBytes = 3 * 64 * 1024
            $0.maxBufferedBodyBytesPerClient = 2 * 64 * 1024
        }
        defer { server.shutdown() }
        let head = "POST /echo HTTP/1.1\r\n\(host)Content-Length: 65536\r\n\r\n"
        func waitForReserved(_ bytes: Int) {
            let deadline = Date().addingTimeInterval(3)
            while server.reservedBodyBytes != bytes && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        }
        // Client .2 holds its share (two bodies); a third from it is refused though the server has room.
        let mine = try (0..<2).map { _ in try RawConnection(port: server.port, from: "127.0.0.2") }
        for connection in mine { try connection.send(head + "abc") }
        waitForReserved(2 * 65536)
        let third = try RawConnection(port: server.port, from: "127.0.0.2")
        try third.send(head)
        let refusedMine = third.readAll(timeout: 3)
        #expect(refusedMine.hasPrefix("HTTP/1.1 503") && refusedMine.contains("Retry-After: 1") && refusedMine.contains("server_busy"))
        // Another client fills the server; the next is refused by the server's budget.
        let other = try RawConnection(port: server.port, from: "127.0.0.3")
        try other.send(head)
        waitForReserved(3 * 65536)
        let fourth = try RawConnection(port: server.port, from: "127.0.0.4")
        try fourth.send(head)
        #expect(fourth.readAll(timeout: 3).hasPrefix("HTTP/1.1 503"))
        // A body completed and answered gives its share back.
        try mine[0].send(String(repeating: "y", count: 65536 - 3))
        #expect(mine[0].readResponses(1).first?.status == 200)
        waitForReserved(2 * 65536)
        let fifth = try RawConnection(port: server.port, from: "127.0.0.4")
        try fifth.send(head + String(repeating: "z", count: 65536))
        #expect(fifth.readResponses(1).first?.status == 200)
        withExtendedLifetime((mine, other)) {}
    }

    @Test func aBodyAbandonedMidway_givesItsBudgetBack() throws {
        let server = try makeTestServer { $0.requestTimeoutSeconds = 0.5 }
        defer { server.shutdown() }
        func waitForReserved(_ bytes: Int) -> Bool {
            let deadline = Date().addingTimeInterval(3)
            while server.reservedBodyBytes != bytes && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
            return server.reservedBodyBytes == bytes
        }
        // A client that disconnects with its body half sent.
        var gone: RawConnection? = try RawConnection(port: server.port)
        try gone?.send("POST /echo HTTP/1.1\r\n\(host)Content-Length: 100000\r\n\r\nhalf")
        #expect(waitForReserved(100_000))
        gone = nil
        #expect(waitForReserved(0), "a closed connection kept its reservation")
        // A client that stops sending: answered 408 at its deadline, its reservation returned.
        let stalled = try RawConnection(port: server.port)
        try stalled.send("POST /echo HTTP/1.1\r\n\(host)Content-Length: 100000\r\n\r\nhalf")
        #expect(waitForReserved(100_000))
        #expect(stalled.readAll(timeout: 3).hasPrefix("HTTP/1.1 408"))
        #expect(waitForReserved(0), "a timed-out request kept its reservation")
        // A body refused on the worker side (malformed chunking) gives it back too.
        let malformed = try RawConnection(port: server.port)
        try malformed.send("POST /echo HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\nzz\r\n")
        #expect(malformed.readAll(timeout: 3).hasPrefix("HTTP/1.1 400"))
        #expect(waitForReserved(0))
    }

    @Test func oneClientHoldsAShareOfTheWorkers_othersAreServedMeanwhile() throws {
        let server = try makeTestServer {
            $0.workerThreads = 4
            $0.maxWorkersPerClient = 2
        }
        defer { server.shutdown() }
        let busy = try (0..<6).map { _ in try RawConnection(port: server.port, from: "127.0.0.2") }
        for connection in busy { try connection.send("GET /slow?ms=1500 HTTP/1.1\r\n\(host)\r\n") }
        Thread.sleep(forTimeInterval: 0.2)
        let started = Date()
        let other = try RawConnection(port: server.port, from: "127.0.0.3")
        try other.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        #expect(other.readResponses(1).first?.status == 200)
        #expect(Date().timeIntervalSince(started) < 1, "another client waited behind one client's requests (1.5 s each)")
        // The flooding client's requests are all served, in turn.
        for connection in busy { #expect(connection.readResponses(1, timeout: 10).first?.status == 200) }
    }

    static let health: @Sendable (HTTPRequest) -> HTTPResponse? = { request in
        request.path == "/health" ? .text("ok \(request.path)\(request.rawQuery.isEmpty ? "" : "?" + request.rawQuery)") : nil
    }

    @Test func healthIsAnsweredOnTheLoop_whileEveryWorkerIsBusy() throws {
        let server = try makeTestServer(configure: { $0.workerThreads = 2 }, loopResponder: Self.health)
        defer { server.shutdown() }
        let busy = try (0..<2).map { index in try RawConnection(port: server.port, from: "127.0.0.\(2 + index)") }
        for connection in busy { try connection.send("GET /slow?ms=1500 HTTP/1.1\r\n\(host)\r\n") }
        Thread.sleep(forTimeInterval: 0.2)
        let started = Date()
        let probe = try RawConnection(port: server.port)
        try probe.send("GET /health HTTP/1.1\r\n\(host)\r\n")
        #expect(probe.readResponses(1).first?.body == "ok /health")
        #expect(Date().timeIntervalSince(started) < 0.25, "the probe waited for a worker (busy for 1.5 s)")
        withExtendedLifetime(busy) {}
    }

    @Test func thousandsOfPipelinedHealthChecks_areAllAnsweredInOrder() throws {
        let server = try makeTestServer(loopResponder: Self.health)
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        let count = 5_000
        let requests = (0..<count).map { "GET /health?n=\($0) HTTP/1.1\r\n\(host)\r\n" }.joined()
        try connection.send(requests + "GET /hello HTTP/1.1\r\n\(host)\r\n")
        let responses = connection.readResponses(count + 1, timeout: 20)
        #expect(responses.count == count + 1)
        #expect(responses.dropLast().map(\.body) == (0..<count).map { "ok /health?n=\($0)" })
        #expect(responses.last?.body == "hello")
    }

    /// A handler past its deadline: its client gets 504 at the deadline, not when the handler
    /// ends, and the handler's late answer is dropped (one answer on the wire); others are served.
    @Test func aHandlerPastItsDeadline_isAnswered504AtTheDeadline_andItsLateAnswerDropped() throws {
        let server = try makeTestServer { $0.handlerTimeoutSeconds = 0.5 }
        defer { server.shutdown() }
        let slow = try RawConnection(port: server.port)
        let started = Date()
        try slow.send("GET /slow?ms=2500 HTTP/1.1\r\n\(host)\r\n")
        let answer = slow.readAll(timeout: 5)
        #expect(Date().timeIntervalSince(started) < 1.5, "the client waited for the handler")
        #expect(answer.hasPrefix("HTTP/1.1 504") && answer.contains("handler_timeout"), "\(answer.prefix(80))")
        #expect(answer.components(separatedBy: "HTTP/1.1 ").count == 2, "more than one answer: \(answer)")
        let other = try RawConnection(port: server.port)
        try other.send("GET /hello HTTP/1.1\r\n\(host)\r\n")
        #expect(other.readResponses(1).first?.status == 200)
        // Once the handler ends, its connection is closed and nothing more is held.
        let deadline = Date().addingTimeInterval(5)
        while server.connectionCount > 1 && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(server.connectionCount <= 1)
        withExtendedLifetime(other) {}
    }

    @Test func aHandlerWithinItsDeadline_isNeverCutShort() throws {
        let server = try makeTestServer { $0.handlerTimeoutSeconds = 1 }
        defer { server.shutdown() }
        let connection = try RawConnection(port: server.port)
        // Three in a row on one connection, each 0.6 s: the deadline is each request's own.
        try connection.send(String(repeating: "GET /slow?ms=600 HTTP/1.1\r\n\(host)\r\n", count: 3))
        let answers = connection.readResponses(3, timeout: 5)
        #expect(answers.map(\.status) == [200, 200, 200])
    }
}
