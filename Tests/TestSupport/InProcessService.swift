import Contracts
import Foundation
import HTTPServer
import PrescientCore
import ServiceKit

/// A service library answering requests in process through its router and middleware, on its
/// own fresh test database: no child process and no socket. Built with `make`, like
/// Hummingbird's `buildApplication` in its tests.
public final class InProcessService: Sendable {
    public let database: TestDatabase
    public let application: ServiceApplication

    init(database: TestDatabase, application: ServiceApplication) {
        self.database = database
        self.application = application
    }

    /// The service `routes` builds, on a new test database (or `database`), with `environment`
    /// on top of quiet defaults.
    public static func make(
        name: String = "test", environment: [String: String] = [:], database: TestDatabase? = nil,
        routes: (ServiceContext) throws -> ServiceRoutes
    ) throws -> InProcessService {
        let database = try database ?? TestDatabase()
        var values = [
            "TEST_PORT": "0", "PRESCIENT_LOG_LEVEL": "critical", "DATABASE_URL": database.url, "PRESCIENT_DB_POOL_SIZE": "4",
            // The in-process requests name `test` as their host.
            "PRESCIENT_ALLOWED_HOSTS": "test,127.0.0.1,localhost",
        ]
        values.merge(environment) { _, new in new }
        let reader = EnvironmentReader(values)
        let configuration = try ServiceConfiguration(
            name: name, portVariable: "TEST_PORT", defaultPort: 0, usesDatabase: true, environment: reader)
        let application = try ServiceApplication(configuration: configuration, environment: reader, routes: routes)
        return InProcessService(database: database, application: application)
    }

    /// Answers `method target` (e.g. `GET /portfolios?status=active`) with an optional raw body.
    public func request(_ method: String, _ target: String, body: String? = nil, headers: [(String, String)] = []) -> HTTPResponse {
        application.request(method, target, body: body, headers: headers)
    }

    /// Answers a request whose body is `value` encoded as the contracts travel.
    public func request(_ method: String, _ target: String, json value: some Encodable) throws -> HTTPResponse {
        let body = String(decoding: try ContractCoding.encoder().encode(value), as: UTF8.self)
        return request(method, target, body: body)
    }

    /// Stops the service's background work and closes its pool (the database drops with it).
    public func shutdown() {
        application.shutdown()
    }
}

extension ServiceApplication {
    /// Answers `method target` in process, as a client on the loopback would ask it.
    /// Answers a request on the main port, or on the further listener named `listener`.
    public func request(
        _ method: String, _ target: String, body: String? = nil, headers: [(String, String)] = [], listener: String? = nil
    ) -> HTTPResponse {
        var all = HTTPHeaders([("Host", "test")] + headers)
        if body != nil { all.add("Content-Type", "application/json") }
        return answer(HTTPRequest(method: method, target: target, headers: all, body: Array((body ?? "").utf8)), listener: listener)
    }
}

extension HTTPResponse {
    /// The body decoded as a contract type.
    public func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        try ContractCoding.decoder().decode(T.self, from: Data(body))
    }

    /// `error.code` of a JSON error body.
    public var errorCode: String? {
        (try? JSONDecoder().decode(ErrorBody.self, from: Data(body)))?.error.code
    }

    /// The message of an error body in Polymarket's form, `{"error":"…"}` (the simulator's hosts).
    public var polymarketError: String? {
        struct Body: Decodable { let error: String }
        return (try? JSONDecoder().decode(Body.self, from: Data(body)))?.error
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
