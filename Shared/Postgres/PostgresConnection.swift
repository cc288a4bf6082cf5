import CLibPQ
import Foundation

/// One libpq connection. Not thread-safe: it is used by one caller at a time, which
/// `PostgresPool` guarantees by handing each connection to a single borrower.
public final class PostgresConnection: @unchecked Sendable {
    // Safe because the pool gives the handle to exactly one thread at a time.
    let handle: OpaquePointer

    /// Opens a connection from a libpq connection string or `postgres://` URL.
    public init(connectionString: String) throws {
        guard let handle = PQconnectdb(connectionString) else {
            throw PostgresError(.connectionFailed, message: "PQconnectdb returned no handle")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(handle)
            throw PostgresError(.connectionFailed, message: message)
        }
        self.handle = handle
        _ = try execute("SET TimeZone = 'UTC'")
    }

    deinit { PQfinish(handle) }

    /// False once the server connection is lost.
    public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether an idle connection still reaches a live server, without a round trip. `PQstatus`
    /// only turns bad after a query fails; a server that restarted has meanwhile sent its
    /// termination notice and closed the socket, which shows as readable input here.
    public var isAliveWhileIdle: Bool {
        guard isHealthy else { return false }
        let fd = PQsocket(handle)
        guard fd >= 0 else { return false }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        // Nothing is ever sent to a connection that is not running a query (the suite does not
        // LISTEN), except the server's termination notice before it closes the socket: any input
        // here means the session is over, and a fresh connection costs less than a failed request.
        return poll(&descriptor, 1, 0) == 0
    }

    /// Runs one statement with its bound parameters and returns its rows.
    @discardableResult
    public func execute(_ query: PostgresQuery) throws -> PostgresResult {
        let result: OpaquePointer? =
            query.bindings.isEmpty
            ? PQexecParams(handle, query.sql, 0, nil, nil, nil, nil, 0)
            : Self.withCStrings(query.bindings) { values in
                PQexecParams(handle, query.sql, Int32(values.count), nil, values, nil, nil, 0)
            }
        return try check(result, kind: .queryFailed)
    }

    /// Runs several statements separated by semicolons (no parameters), e.g. a migration file.
    public func executeScript(_ sql: String) throws {
        let result = PQexec(handle, sql)
        _ = try check(result, kind: .queryFailed)
    }

    func check(_ result: OpaquePointer?, kind: PostgresError.Kind) throws -> PostgresResult {
        guard let result else {
            throw PostgresError(isHealthy ? kind : .connectionLost, message: lastErrorMessage)
        }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY, PGRES_COPY_IN:
            return PostgresResult(handle: result)
        default:
            let error = Self.error(from: result, kind: isHealthy ? kind : .connectionLost, fallback: lastErrorMessage)
            PQclear(result)
            throw error
        }
    }

    var lastErrorMessage: String {
        String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func error(from result: OpaquePointer, kind: PostgresError.Kind, fallback: String) -> PostgresError {
        func field(_ code: Int32) -> String? {
            guard let pointer = PQresultErrorField(result, code) else { return nil }
            return String(cString: pointer)
        }
        let fieldSQLState = Int32(UInt8(ascii: "C"))
        let fieldMessage = Int32(UInt8(ascii: "M"))
        let fieldDetail = Int32(UInt8(ascii: "D"))
        return PostgresError(
            kind, message: field(fieldMessage) ?? fallback, sqlState: field(fieldSQLState),
            detail: field(fieldDetail))
    }

    static func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in pointers { free(pointer) } }
        return pointers.withUnsafeMutableBufferPointer { buffer in
            body(buffer.map { UnsafePointer($0) })
        }
    }
}
