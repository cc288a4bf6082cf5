import Foundation
import HTTPServer
import PrescientCore

/// The settings every service shares, read from the environment and validated at start.
public struct ServiceConfiguration: Sendable {
    public var name: String
    public var http: HTTPServerConfiguration
    /// libpq connection string or `postgres://` URL; nil for services without a database.
    public var databaseURL: String?
    public var databasePoolSize: Int
    /// When set, state-changing endpoints require `Authorization: Bearer <token>`.
    public var apiToken: String?
    /// Without a token on a non-loopback address, the operator said so (`PRESCIENT_ALLOW_NO_TOKEN=1`).
    public var allowsNoToken: Bool
    /// The host names requests may name (`PRESCIENT_ALLOWED_HOSTS`, comma-separated); `*` for any.
    public var allowedHosts: [String]
    /// The longest one SQL statement may run (`PRESCIENT_DB_STATEMENT_TIMEOUT_S`, 30).
    public var statementTimeoutSeconds: Double
    public var logLevel: String

    /// Reads `<PORT_VARIABLE>`, `PRESCIENT_HOST`, `DATABASE_URL`, `PRESCIENT_API_TOKEN`,
    /// `PRESCIENT_MAX_BODY_BYTES`, `PRESCIENT_MAX_CONNECTIONS`, `PRESCIENT_MAX_CONNECTIONS_PER_CLIENT`,
    /// `PRESCIENT_WORKER_THREADS`, `PRESCIENT_IDLE_TIMEOUT_S`,
    /// `PRESCIENT_REQUEST_TIMEOUT_S`, `PRESCIENT_SEND_TIMEOUT_S`, `PRESCIENT_DB_POOL_SIZE`, `PRESCIENT_LOG_LEVEL`,
    /// `PRESCIENT_MAX_WORKERS_PER_CLIENT`, `PRESCIENT_MAX_BUFFERED_BODY_BYTES`, `PRESCIENT_MAX_BUFFERED_BODY_BYTES_PER_CLIENT`,
    /// `PRESCIENT_ALLOWED_HOSTS`, `PRESCIENT_ALLOW_NO_TOKEN`, `PRESCIENT_DB_STATEMENT_TIMEOUT_S`, `PRESCIENT_HANDLER_TIMEOUT_S`.
    ///
    /// Safe by default: without a token a service binds loopback only; binding any other address
    /// without one refuses to start unless `PRESCIENT_ALLOW_NO_TOKEN=1`.
    public init(
        name: String, portVariable: String, defaultPort: Int, usesDatabase: Bool, environment: EnvironmentReader
    ) throws {
        self.name = name
        var http = HTTPServerConfiguration()
        http.port = try environment.int(portVariable, default: defaultPort, range: 0...65_535)
        http.host = environment.string("PRESCIENT_HOST", default: "127.0.0.1")
        http.maxBodyBytes = try environment.int("PRESCIENT_MAX_BODY_BYTES", default: 1 << 20, range: 1...(1 << 30))
        http.maxConnections = try environment.int("PRESCIENT_MAX_CONNECTIONS", default: 16_384, range: 1...1_000_000)
        http.maxConnectionsPerClient = try environment.int(
            "PRESCIENT_MAX_CONNECTIONS_PER_CLIENT", default: 4_096, range: 1...1_000_000)
        http.workerThreads = try environment.int("PRESCIENT_WORKER_THREADS", default: 64, range: 1...4_096)
        http.maxQueuedPerClient = http.maxConnectionsPerClient
        http.maxWorkersPerClient = try environment.int(
            "PRESCIENT_MAX_WORKERS_PER_CLIENT", default: max(1, http.workerThreads / 4), range: 1...4_096)
        // Never below one whole body, so a body the server accepts can always be held.
        http.maxBufferedBodyBytes = try environment.int(
            "PRESCIENT_MAX_BUFFERED_BODY_BYTES", default: max(32 << 20, http.maxBodyBytes), range: http.maxBodyBytes...(1 << 34))
        http.maxBufferedBodyBytesPerClient = try environment.int(
            "PRESCIENT_MAX_BUFFERED_BODY_BYTES_PER_CLIENT", default: max(http.maxBodyBytes, http.maxBufferedBodyBytes / 4),
            range: http.maxBodyBytes...http.maxBufferedBodyBytes)
        http.idleTimeoutSeconds = try environment.double("PRESCIENT_IDLE_TIMEOUT_S", default: 30, range: 0.1...86_400)
        http.requestTimeoutSeconds = try environment.double("PRESCIENT_REQUEST_TIMEOUT_S", default: 10, range: 0.1...3_600)
        http.sendTimeoutSeconds = try environment.double("PRESCIENT_SEND_TIMEOUT_S", default: 10, range: 0.1...3_600)
        http.handlerTimeoutSeconds = try environment.double("PRESCIENT_HANDLER_TIMEOUT_S", default: 120, range: 1...86_400)
        self.http = http
        if usesDatabase {
            guard let url = environment.string("DATABASE_URL") else {
                throw ConfigurationError(variable: "DATABASE_URL", problem: "is required (e.g. postgres://user@127.0.0.1:5432/prescient)")
            }
            databaseURL = url
        } else {
            databaseURL = nil
        }
        databasePoolSize = try environment.int("PRESCIENT_DB_POOL_SIZE", default: 8, range: 1...256)
        apiToken = environment.string("PRESCIENT_API_TOKEN").flatMap { $0.isEmpty ? nil : $0 }
        allowsNoToken = try environment.flag("PRESCIENT_ALLOW_NO_TOKEN")
        if let token = apiToken, token.utf8.count < 16 || token == "change-me" {
            throw ConfigurationError(variable: "PRESCIENT_API_TOKEN", problem: "must be at least 16 characters and not a placeholder")
        }
        if apiToken == nil && !Self.isLoopback(http.host) && !allowsNoToken {
            throw ConfigurationError(
                variable: "PRESCIENT_API_TOKEN",
                problem:
                    "is required to bind \(http.host), which other machines can reach (set it, bind 127.0.0.1, or set PRESCIENT_ALLOW_NO_TOKEN=1)"
            )
        }
        allowedHosts =
            environment.string("PRESCIENT_ALLOWED_HOSTS").map { $0.split(separator: ",").map(String.init) }
            ?? HostAllowList.defaults(boundHost: http.host)
        statementTimeoutSeconds = try environment.double("PRESCIENT_DB_STATEMENT_TIMEOUT_S", default: 30, range: 1...86_400)
        logLevel = try environment.choice(
            "PRESCIENT_LOG_LEVEL", default: "info", allowed: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
    }

    /// Whether `host` is reachable from this machine only.
    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
