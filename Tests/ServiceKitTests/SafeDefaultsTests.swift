import Foundation
import HTTPServer
import Postgres
import PrescientCore
import ServiceKit
import TestSupport
import Testing

/// A service is safe without being configured: loopback without a token, refused elsewhere,
/// answering only for its own host names, and never telling a client what failed inside.
@Suite("Safe defaults")
struct SafeDefaultsTests {
    func configuration(_ values: [String: String]) throws -> ServiceConfiguration {
        try ServiceConfiguration(
            name: "test", portVariable: "TEST_PORT", defaultPort: 0, usesDatabase: false,
            environment: EnvironmentReader(["TEST_PORT": "0"].merging(values) { $1 }))
    }

    @Test func withoutAToken_aServiceBindsLoopbackOnly_unlessTheOperatorSaysOtherwise() throws {
        #expect(try configuration([:]).http.host == "127.0.0.1")
        #expect(throws: ConfigurationError.self) { try configuration(["PRESCIENT_HOST": "0.0.0.0"]) }
        #expect(throws: ConfigurationError.self) { try configuration(["PRESCIENT_HOST": "10.1.2.3", "PRESCIENT_API_TOKEN": ""]) }
        #expect(try configuration(["PRESCIENT_HOST": "0.0.0.0", "PRESCIENT_ALLOW_NO_TOKEN": "1"]).allowsNoToken)
        #expect(try configuration(["PRESCIENT_HOST": "0.0.0.0", "PRESCIENT_API_TOKEN": "a-real-token-0123456789"]).apiToken != nil)
        #expect(throws: ConfigurationError.self) { try configuration(["PRESCIENT_API_TOKEN": "change-me"]) }
        #expect(throws: ConfigurationError.self) { try configuration(["PRESCIENT_API_TOKEN": "short"]) }
        #expect(throws: ConfigurationError.self) { try configuration(["PRESCIENT_ALLOW_NO_TOKEN": "yes please"]) }
        #expect(
            try configuration(["PRESCIENT_HOST": "0.0.0.0", "PRESCIENT_ALLOW_NO_TOKEN": "1"]).allowedHosts.contains("0.0.0.0") == false)
    }

    @Test func theBodyBudgets_alwaysHoldOneWholeBody_andRefuseInvertedBounds() throws {
        let big = try configuration(["PRESCIENT_MAX_BODY_BYTES": "\(64 << 20)"])
        #expect(big.http.maxBufferedBodyBytes == 64 << 20 && big.http.maxBufferedBodyBytesPerClient == 64 << 20)
        #expect(throws: ConfigurationError.self) {
            try configuration(["PRESCIENT_MAX_BODY_BYTES": "\(4 << 20)", "PRESCIENT_MAX_BUFFERED_BODY_BYTES": "\(1 << 20)"])
        }
        #expect(throws: ConfigurationError.self) {
            try configuration([
                "PRESCIENT_MAX_BUFFERED_BODY_BYTES": "\(8 << 20)", "PRESCIENT_MAX_BUFFERED_BODY_BYTES_PER_CLIENT": "\(9 << 20)",
            ])
        }
    }

    static func host(_ values: [String: String] = [:]) throws -> ServiceHost {
        let environment = EnvironmentReader(["TEST_PORT": "0", "PRESCIENT_LOG_LEVEL": "critical"].merging(values) { $1 })
        let configuration = try ServiceConfiguration(
            name: "test", portVariable: "TEST_PORT", defaultPort: 0, usesDatabase: false, environment: environment)
        let host = try ServiceHost(configuration: configuration, environment: environment) { _ in
            var router = Router()
            router.get("/hello") { _ in .text("hello") }
            router.post("/write") { _ in .text("written") }
            router.get("/broken") { _ in throw PostgresError(.queryFailed, message: "relation \"secret_table\" does not exist") }
            router.get("/pool") { _ in throw PostgresError(.connectionFailed, message: "could not connect to 10.9.8.7 port 5432") }
            return ServiceRoutes(router: router)
        }
        try host.start()
        return host
    }

    func send(_ request: String, to host: ServiceHost) throws -> String {
        let connection = try RawConnection(port: host.server.port)
        try connection.send(request)
        return connection.readAll(timeout: 3)
    }

    @Test func aRequestNamingAnotherHost_isRefused421_exceptTheProbes() throws {
        let host = try Self.host()
        defer { host.stop() }
        let port = host.server.port
        for name in ["evil.example", "evil.example:\(port)", "127.0.0.1.evil.example", "0.0.0.0"] {
            let answer = try send("GET /hello HTTP/1.1\r\nHost: \(name)\r\nConnection: close\r\n\r\n", to: host)
            #expect(answer.hasPrefix("HTTP/1.1 421") && answer.contains("misdirected_request"), "\(name): \(answer.prefix(60))")
        }
        // Refused on the head: a write's body is never waited for.
        let write = try send("POST /write HTTP/1.1\r\nHost: rebind.evil.example\r\nContent-Length: 100000\r\n\r\n", to: host)
        #expect(write.hasPrefix("HTTP/1.1 421"))
        for name in ["127.0.0.1:\(port)", "localhost:\(port)", "LOCALHOST", "[::1]:\(port)"] {
            let answer = try send("GET /hello HTTP/1.1\r\nHost: \(name)\r\nConnection: close\r\n\r\n", to: host)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(name): \(answer.prefix(60))")
        }
        let probe = try send("GET /health/live HTTP/1.1\r\nHost: 10.0.0.5:\(port)\r\nConnection: close\r\n\r\n", to: host)
        #expect(probe.hasPrefix("HTTP/1.1 200"))
    }

    @Test func anAllowListOfNamesAndSuffixes_isHonoured() throws {
        let host = try Self.host(["PRESCIENT_ALLOWED_HOSTS": "paper-trading,.svc.cluster.local"])
        defer { host.stop() }
        for (name, status) in [
            ("paper-trading:8003", 200), ("paper-trading.prescient.svc.cluster.local", 200), ("127.0.0.1", 421), ("trading", 421),
        ] {
            let answer = try send("GET /hello HTTP/1.1\r\nHost: \(name)\r\nConnection: close\r\n\r\n", to: host)
            #expect(answer.hasPrefix("HTTP/1.1 \(status)"), "\(name): \(answer.prefix(60))")
        }
    }

    @Test func aFailureInside_isAnswered500WithARequestIdAndNoInternalText() throws {
        let host = try Self.host()
        defer { host.stop() }
        let answer = try send("GET /broken HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", to: host)
        #expect(answer.hasPrefix("HTTP/1.1 500") && answer.contains("internal_error") && answer.contains("X-Request-Id: req-"))
        #expect(!answer.contains("secret_table") && !answer.contains("relation"), "\(answer)")
        let unavailable = try send("GET /pool HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", to: host)
        #expect(unavailable.hasPrefix("HTTP/1.1 503") && unavailable.contains("database_unavailable"))
        #expect(!unavailable.contains("10.9.8.7") && !unavailable.contains("5432"), "\(unavailable)")
    }
}
