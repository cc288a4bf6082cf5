import Foundation
import HTTPServer
import Postgres
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// A service host in process, without a database: error mapping and metrics.
@Suite("Service host")
struct ServiceHostTests {
    static func makeHost() throws -> ServiceHost {
        let environment = EnvironmentReader(["TEST_PORT": "0", "PRESCIENT_LOG_LEVEL": "critical"])
        let configuration = try ServiceConfiguration(
            name: "test", portVariable: "TEST_PORT", defaultPort: 0, usesDatabase: false, environment: environment)
        let host = try ServiceHost(configuration: configuration, environment: environment) { _ in
            var router = Router()
            router.get("/pool-exhausted") { _ in
                throw PostgresError(.poolTimeout, message: "no database connection free within 5 s")
            }
            router.post("/connection-lost") { _ in
                throw PostgresError(.connectionLost, message: "server closed the connection unexpectedly")
            }
            router.get("/refused/{kind}") { request in
                throw Refusal(name: request.pathParameters["kind"] ?? "")
            }
            router.get("/constraint") { _ in
                throw PostgresError(.queryFailed, message: "duplicate key", sqlState: "23505")
            }
            return ServiceRoutes(router: router)
        }
        try host.start()
        return host
    }

    @Test func databaseUnavailableOrPoolExhausted_answers503WithRetryAfter() throws {
        let host = try Self.makeHost()
        defer { host.stop() }
        let connection = try RawConnection(port: host.server.port)
        try connection.send(
            "GET /pool-exhausted HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nPOST /connection-lost HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        let responses = connection.readResponses(2)
        #expect(responses.map(\.status) == [503, 503])
        #expect(responses.allSatisfy { $0.body.contains("\"code\":\"database_unavailable\"") })
        // A query that failed for its own reasons is still a 500: nothing to retry.
        let other = try RawConnection(port: host.server.port)
        try other.send("GET /constraint HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        #expect(other.readResponses(1).first?.status == 500)
    }

    /// A domain refusal as domain code throws it, knowing nothing of HTTP.
    struct Refusal: DomainError {
        let name: String
        var kind: DomainErrorKind {
            switch name {
            case "missing": return .notFound
            case "busy": return .conflict
            case "bad": return .invalid
            case "down": return .unavailable
            default: return .upstream
            }
        }
        var code: String { "refused_\(name)" }
        var description: String { "refused because \(name)" }
    }

    @Test func domainErrors_areMappedToTheirStatusInOnePlace() throws {
        let host = try Self.makeHost()
        defer { host.stop() }
        for (kind, status) in [("missing", 404), ("busy", 409), ("bad", 400), ("down", 503), ("garbage", 502)] {
            let connection = try RawConnection(port: host.server.port)
            try connection.send("GET /refused/\(kind) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let response = try #require(connection.readResponses(1).first)
            #expect(response.status == status, "\(kind)")
            #expect(response.body.contains("\"code\":\"refused_\(kind)\""), "\(response.body)")
            #expect(response.body.contains("refused because \(kind)"))
        }
    }

    @Test func metrics_labelMethodsFromAFixedSetAndCountRejectedRequests() throws {
        let host = try Self.makeHost()
        defer { host.stop() }
        for method in ["GET", "FOOBAR", "BREW", "X-ANYTHING"] {
            let connection = try RawConnection(port: host.server.port)
            try connection.send("\(method) /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            _ = connection.readResponses(1)
        }
        let malformed = try RawConnection(port: host.server.port)
        try malformed.send("POST /connection-lost HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n-1\r\n\r\n")
        _ = malformed.readAll(timeout: 2)
        let metrics = host.context.metrics.render()
        #expect(!metrics.contains("FOOBAR") && !metrics.contains("BREW") && !metrics.contains("X-ANYTHING"))
        #expect(
            host.context.metrics.counter(
                "http_requests_total", labels: ["route": "unmatched", "method": "other", "status": "405"]) == 3)
        #expect(host.context.metrics.counter("http_requests_total", labels: ["route": "rejected", "method": "none", "status": "400"]) == 1)
    }
}
